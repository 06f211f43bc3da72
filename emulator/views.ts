// Model -> JSON in the exact shapes of the OpenAPI document (field names, required keys).
import type { ApiKey, Branch, Database, Endpoint, Invitation, Member, Operation, Org, Project, Role, State } from './model';
import { microsIso, opStatus } from './operations';

const regionHost = (regionId: string) => {
  const [cloud, ...rest] = regionId.split('-');
  return `${rest.join('-')}.${cloud}.neon.tech`;
};

export const endpointHost = (ep: Endpoint, pooled = false) => `${ep.id}${pooled ? '-pooler' : ''}.${regionHost(ep.regionId)}`;

export function orgJson(o: Org) {
  return { id: o.id, name: o.name, handle: o.handle, plan: o.plan, created_at: o.createdAt, managed_by: 'console', updated_at: o.updatedAt };
}

export function memberJson(m: Member) {
  return { id: m.id, user_id: m.userId, org_id: m.orgId, role: m.role, joined_at: m.joinedAt };
}

export function invitationJson(i: Invitation) {
  return { id: i.id, email: i.email, org_id: i.orgId, invited_by: i.invitedBy, invited_at: i.invitedAt, role: i.role };
}

export function keyListItem(s: State, k: ApiKey) {
  const u = s.users.get(k.userId);
  return {
    id: k.id, name: k.name, created_at: k.createdAt,
    created_by: { id: k.userId, name: u?.name ?? '', image: '' },
    last_used_at: k.lastUsedAt, last_used_from_addr: k.lastUsedFrom,
    ...(k.projectId ? { project_id: k.projectId } : {}),
  };
}

export function keyRevoked(k: ApiKey) {
  return {
    id: k.id, name: k.name, created_at: k.createdAt, created_by: k.userId, last_used_at: k.lastUsedAt,
    last_used_from_addr: k.lastUsedFrom, revoked: k.revoked, ...(k.projectId ? { project_id: k.projectId } : {}),
  };
}

export function keyCreated(k: ApiKey) {
  return { id: k.id, key: k.token, name: k.name, created_at: k.createdAt, created_by: k.userId, ...(k.projectId ? { project_id: k.projectId } : {}) };
}

/** The fields a project has in lists and in full; `extra` goes in the same object (a list of 10,000 builds thousands a second). */
function projectCommon<E extends object>(p: Project, extra: E) {
  const region = regionHost(p.regionId);
  return {
    id: p.id, platform_id: p.regionId.split('-')[0], region_id: p.regionId, name: p.name, provisioner: 'k8s-neonvm',
    default_endpoint_settings: { autoscaling_limit_min_cu: 0.25, autoscaling_limit_max_cu: 2, suspend_timeout_seconds: 0 },
    settings: { allowed_ips: { ips: [], protected_branches_only: false }, enable_logical_replication: false, block_public_connections: false, block_vpc_connections: false },
    pg_version: p.pgVersion, proxy_host: region, branch_logical_size_limit: 512, branch_logical_size_limit_bytes: 536870912,
    store_passwords: p.storePasswords, cpu_used_sec: 0, creation_source: 'console', created_at: p.createdAt, updated_at: p.updatedAt,
    synthetic_storage_size: 31_000_000, owner_id: p.ownerId, history_retention_seconds: p.historyRetentionSeconds,
    ...(p.orgId ? { org_id: p.orgId } : {}),
    ...extra,
  };
}

export function projectListItem(s: State, p: Project) {
  return projectCommon(p, p.orgId ? { active_time: 0, org_name: s.orgs.get(p.orgId)?.name ?? '' } : { active_time: 0 });
}

export function projectJson(s: State, p: Project) {
  const owner = s.users.get(p.ownerId);
  const org = p.orgId ? s.orgs.get(p.orgId) : undefined;
  const month = new Date();
  const start = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
  const end = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  return projectCommon(p, {
    data_storage_bytes_hour: 0, data_transfer_bytes: 0, written_data_bytes: 0, compute_time_seconds: 0, active_time_seconds: 0,
    consumption_period_start: start.toISOString(), consumption_period_end: end.toISOString(),
    owner: { email: owner?.email ?? 'unknown@example.com', name: owner?.name ?? '', branches_limit: 5000, subscription_type: subscriptionFor(org?.plan) },
  });
}

/** Org plan -> BillingSubscriptionType enum value. */
export function subscriptionFor(plan: string | undefined): string {
  if (!plan) return 'free_v3';
  if (plan.startsWith('free')) return 'free_v3';
  if (['launch', 'scale', 'business'].includes(plan)) return plan;
  return 'direct_sales';
}

export function branchJson(b: Branch) {
  return {
    id: b.id, project_id: b.projectId, ...(b.parentId ? { parent_id: b.parentId, parent_lsn: '0/1F7A3B8' } : {}),
    ...(b.parentTimestamp ? { parent_timestamp: b.parentTimestamp } : {}),
    name: b.name, current_state: 'ready', state_changed_at: b.updatedAt, logical_size: b.logicalSize,
    creation_source: 'console', primary: b.isDefault, default: b.isDefault, protected: b.protected,
    cpu_used_sec: 0, compute_time_seconds: 0, active_time_seconds: 0, written_data_bytes: 0, data_transfer_bytes: 0,
    created_at: b.createdAt, updated_at: b.updatedAt, init_source: 'parent-data',
    ...(b.expiresAt ? { expires_at: b.expiresAt, ttl_interval_seconds: b.ttlIntervalSeconds } : {}),
    ...(b.lastResetAt ? { last_reset_at: b.lastResetAt } : {}),
  };
}

export function endpointJson(ep: Endpoint) {
  return {
    host: endpointHost(ep), id: ep.id, project_id: ep.projectId, branch_id: ep.branchId,
    autoscaling_limit_min_cu: ep.minCu, autoscaling_limit_max_cu: ep.maxCu, region_id: ep.regionId, type: ep.type,
    current_state: ep.state, settings: {}, pooler_enabled: false, pooler_mode: 'transaction', disabled: false,
    passwordless_access: true, creation_source: 'console', created_at: ep.createdAt, updated_at: ep.updatedAt,
    proxy_host: regionHost(ep.regionId), suspend_timeout_seconds: 0, provisioner: 'k8s-neonvm',
  };
}

export function roleJson(branchId: string, r: Role, withPassword = false) {
  return {
    branch_id: branchId, name: r.name, ...(withPassword && !r.noLogin ? { password: r.password } : {}), protected: r.protected,
    authentication_method: r.noLogin ? 'no_login' : 'password', created_at: r.createdAt, updated_at: r.updatedAt,
  };
}

export function databaseJson(branchId: string, d: Database) {
  return { id: d.id, branch_id: branchId, name: d.name, owner_name: d.ownerName, created_at: d.createdAt, updated_at: d.updatedAt };
}

export function operationJson(op: Operation, now = Date.now()) {
  const status = opStatus(op, now);
  const created = microsIso(op.createdMicros);
  const done = now >= op.finishAt;
  return {
    id: op.id, project_id: op.projectId, ...(op.branchId ? { branch_id: op.branchId } : {}),
    ...(op.endpointId ? { endpoint_id: op.endpointId } : {}), action: op.action, status,
    ...(op.failWith && done ? { error: 'injected failure' } : {}), failures_count: 0,
    created_at: created.replace(/\.\d+Z$/, 'Z'), updated_at: done ? new Date(op.finishAt).toISOString().replace(/\.\d+Z$/, 'Z') : created.replace(/\.\d+Z$/, 'Z'),
    total_duration_ms: done ? Math.max(0, Math.round(op.finishAt - op.createdMicros / 1000)) : 0,
  };
}

/**
 * With a data plane (`dataPlane` = its 127.0.0.1:PORT), the URI names its router and the endpoint
 * in `options`, as Neon does for clients without SNI, over plain TCP on loopback (sslmode=disable);
 * without one, Neon's own shape.
 */
export function connectionUri(ep: Endpoint, role: Role, db: string, pooled: boolean, dataPlane?: string) {
  const auth = `${encodeURIComponent(role.name)}:${encodeURIComponent(role.password)}`;
  if (dataPlane) return `postgresql://${auth}@${dataPlane}/${encodeURIComponent(db)}?sslmode=disable&options=${encodeURIComponent(`endpoint=${ep.id}${pooled ? '-pooler' : ''}`)}`;
  return `postgresql://${auth}@${endpointHost(ep, pooled)}/${encodeURIComponent(db)}?sslmode=require`;
}

export function connectionDetails(ep: Endpoint, role: Role, db: string, dataPlane?: string) {
  return {
    connection_uri: connectionUri(ep, role, db, false, dataPlane),
    connection_parameters: { database: db, password: role.password, role: role.name, host: endpointHost(ep), pooler_host: endpointHost(ep, true) },
  };
}
