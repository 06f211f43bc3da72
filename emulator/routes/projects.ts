// Projects, guests (permissions), connection URIs, endpoints and operations.
import { ApiError, badRequest, conflict, forbidden, notFound } from '../errors';
import { ids } from '../ids';
import type { Project, State } from '../model';
import { microsIso, parseMicrosIso, startOps } from '../operations';
import { idCursorPage } from '../paging';
import { obj, qBool, qInt, requireBody, type Ctx, type Router } from '../router';
import { checkUuid, isEmail, orgFor, projectFor, requireProjectAdmin, type Principal } from '../rules';
import { connectionDetails, connectionUri, databaseJson, endpointJson, operationJson, projectJson, projectListItem, roleJson, branchJson } from '../views';

/** What `GET /regions` lists (RegionResponse): id, a short description, the default, rough coordinates. */
export const REGION_INFO: ReadonlyArray<{ region_id: string; name: string; geo_lat: string; geo_long: string }> = [
  { region_id: 'aws-us-east-2', name: 'AWS US East 2 (Ohio)', geo_lat: '39.96', geo_long: '-83.00' },
  { region_id: 'aws-us-east-1', name: 'AWS US East 1 (N. Virginia)', geo_lat: '38.13', geo_long: '-78.45' },
  { region_id: 'aws-us-west-2', name: 'AWS US West 2 (Oregon)', geo_lat: '45.52', geo_long: '-122.68' },
  { region_id: 'aws-eu-central-1', name: 'AWS Europe Central 1 (Frankfurt)', geo_lat: '50.11', geo_long: '8.68' },
  { region_id: 'aws-ap-southeast-1', name: 'AWS Asia Pacific 1 (Singapore)', geo_lat: '1.35', geo_long: '103.82' },
  { region_id: 'aws-ap-southeast-2', name: 'AWS Asia Pacific 2 (Sydney)', geo_lat: '-33.87', geo_long: '151.21' },
  { region_id: 'azure-eastus2', name: 'Azure East US 2 (Virginia)', geo_lat: '36.67', geo_long: '-78.39' },
];
export const REGIONS = REGION_INFO.map((r) => r.region_id);
/** Free plans get the AWS regions only (so `org_id` changes the answer, as the document warns). */
const regionsFor = (plan: string | undefined) => REGION_INFO.filter((r) => !plan?.startsWith('free') || r.region_id.startsWith('aws-'));

function searchFilter(q: URLSearchParams, list: Project[]): Project[] {
  const term = q.get('search')?.toLowerCase();
  return term ? list.filter((p) => p.name.toLowerCase().includes(term) || p.id.includes(term)) : list;
}

/** Which projects GET /projects lists for this caller (400 "org_id is required" per neon-api.md). */
function listScope(s: State, pr: Principal, orgId: string | null): Project[] {
  if (pr.kind === 'org') {
    if (orgId) orgFor(s, pr, orgId);
    if (pr.projectId) {
      const p = s.projects.get(pr.projectId);
      return p && p.orgId === pr.org.id ? [p] : [];
    }
    return s.ownerProjects(pr.org.id);
  }
  if (orgId) return s.ownerProjects(orgFor(s, pr, orgId).id);
  if (!pr.user.personalSpace) throw badRequest('org_id is required: your account has no personal projects; pass the id of one of your organizations');
  return s.ownerProjects(undefined, pr.user.id);
}

function integrationsMap(page: Project[]) {
  const out: Record<string, string[]> = {};
  for (const p of page) if (p.integrations.length) out[p.id] = [...p.integrations];
  return out;
}

function createProject(c: Ctx) {
  const { s, pr, cfg } = c;
  const body = obj(requireBody(c, 'project').project);
  let orgId: string | undefined;
  if (pr.kind === 'org') {
    if (pr.projectId) throw forbidden('this API key is scoped to a single project and cannot create projects');
    if (body.org_id !== undefined && body.org_id !== pr.org.id) throw notFound(`organization ${String(body.org_id)} not found`);
    orgId = pr.org.id;
  } else if (typeof body.org_id === 'string') orgId = orgFor(s, pr, body.org_id).id;
  else if (!pr.user.personalSpace) throw badRequest('org_id is required: your account has no personal projects; pass project.org_id');
  const org = orgId ? s.orgs.get(orgId) : undefined;
  if (org?.projectLimit != null && s.ownerProjects(org.id).length >= org.projectLimit) {
    throw new ApiError(422, `projects limit exceeded: the ${org.plan} plan of ${org.name} allows ${org.projectLimit} projects`);
  }
  const name = body.name;
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 256)) throw badRequest('invalid project.name: 1 to 256 characters');
  const region = body.region_id ?? 'aws-us-east-2';
  if (typeof region !== 'string' || !REGIONS.includes(region)) throw badRequest(`invalid region_id: ${String(region)}`);
  const pg = body.pg_version ?? 17;
  if (typeof pg !== 'number' || !Number.isInteger(pg) || pg < 14 || pg > 18) throw badRequest('invalid pg_version: must be 14 to 18');
  const hist = body.history_retention_seconds ?? 86400;
  if (typeof hist !== 'number' || hist < 0 || hist > 2592000) throw badRequest('invalid history_retention_seconds');
  const br = obj(body.branch);
  const dbName = typeof br.database_name === 'string' && br.database_name ? br.database_name : 'neondb';
  const roleName = typeof br.role_name === 'string' && br.role_name ? br.role_name : `${dbName}_owner`;
  const now = s.now().replace(/\.\d{3}Z$/, 'Z');
  let id = ids.project(s.rand);
  while (s.projects.has(id)) id = ids.project(s.rand);
  const p = s.addProject({
    id, name: (name as string | undefined) ?? id, orgId, ownerId: pr.kind === 'personal' ? pr.user.id : pr.key.userId, regionId: region, pgVersion: pg,
    storePasswords: body.store_passwords !== false, historyRetentionSeconds: hist, integrations: [], createdAt: now, updatedAt: now,
    permissions: [], seedBranches: 1, detail: { branches: new Map(), endpoints: new Map(), operations: [] },
  });
  const main = s.newBranch(p, { name: typeof br.name === 'string' && br.name ? br.name : 'main', isDefault: true }, now);
  const owner = s.newRole(main, roleName, now);
  s.newRole(main, 'web_access', now, true);
  s.newDatabase(main, dbName, roleName, now);
  const ep = s.newEndpoint(p, main.id, 'read_write', now);
  const ops = startOps(s, cfg, p, [{ action: 'create_timeline', branchId: main.id }, { action: 'start_compute', branchId: main.id, endpointId: ep.id }]);
  return {
    status: 201,
    body: {
      project: projectJson(s, p), connection_uris: [connectionDetails(ep, owner, dbName, s.dataPlane?.address)],
      roles: [...main.roles.values()].map((r) => roleJson(main.id, r, !r.protected)), databases: [...main.databases.values()].map((d) => databaseJson(main.id, d)),
      operations: ops.map((o) => operationJson(o)), branch: branchJson(main), endpoints: [endpointJson(ep)],
    },
  };
}

export function projectRoutes(r: Router): void {
  r.add('GET', '/projects', ({ s, cfg, pr, query }) => {
    const limit = qInt(query, 'limit', 1, 400, 10)!;
    if (qBool(query, 'recoverable')) return { status: 200, body: { projects: [], applications: {}, integrations: {} } };
    const all = searchFilter(query, listScope(s, pr, query.get('org_id')));
    const { page, pagination } = idCursorPage(all, (p) => p.id, limit, query.get('cursor'));
    // Knob: a page cut short by the API's time limit names what it could not load.
    const cut = Math.min(cfg.unavailableProjects, page.length);
    const listed = page.slice(0, page.length - cut);
    const unavailable = cut ? { unavailable_project_ids: page.slice(page.length - cut).map((p) => p.id) } : {};
    return {
      status: 200,
      body: { projects: listed.map((p) => projectListItem(s, p)), ...unavailable, ...(pagination ? { pagination } : {}), applications: {}, integrations: integrationsMap(listed) },
    };
  });

  r.add('GET', '/projects/shared', ({ s, pr, query }) => {
    const limit = qInt(query, 'limit', 1, 400, 10)!;
    const ids = pr.kind === 'personal' ? [...(s.sharedWith.get(pr.user.email.toLowerCase()) ?? [])].sort() : [];
    const all = searchFilter(query, ids.map((id) => s.projects.get(id)!).filter(Boolean));
    const { page, pagination } = idCursorPage(all, (p) => p.id, limit, query.get('cursor'));
    return { status: 200, body: { projects: page.map((p) => projectListItem(s, p)), ...(pagination ? { pagination } : {}) } };
  });

  r.add('POST', '/projects', createProject);

  r.add('GET', '/regions', ({ s, pr, query }) => {
    const orgId = query.get('org_id');
    const org = orgId ? orgFor(s, pr, orgId) : undefined;
    return { status: 200, body: { regions: regionsFor(org?.plan).map((r) => ({ ...r, default: r.region_id === 'aws-us-east-2' })) } };
  });

  r.add('GET', '/projects/{project_id}', ({ s, pr, params }) => ({ status: 200, body: { project: projectJson(s, projectFor(s, pr, params.project_id).project) } }));

  r.add('PATCH', '/projects/{project_id}', (c) => {
    const { s, pr, params } = c;
    const { project: p, access } = projectFor(s, pr, params.project_id);
    if (access === 'guest') throw forbidden('guests cannot change project settings');
    const body = obj(requireBody(c, 'project').project);
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 256) throw badRequest('invalid project.name: 1 to 256 characters');
      p.name = body.name;
    }
    if (body.history_retention_seconds !== undefined) {
      const h = body.history_retention_seconds;
      if (typeof h !== 'number' || h < 0 || h > 2592000) throw badRequest('invalid history_retention_seconds');
      p.historyRetentionSeconds = h;
    }
    p.updatedAt = s.now().replace(/\.\d{3}Z$/, 'Z');
    return { status: 200, body: { project: projectJson(s, p), operations: [] } };
  });

  r.add('DELETE', '/projects/{project_id}', async ({ s, pr, params }) => {
    const { project: p, access } = projectFor(s, pr, params.project_id);
    requireProjectAdmin(access, 'delete organization projects');
    const body = { project: projectJson(s, p) };
    s.removeProject(p);
    if (p.detail) await s.dataPlane?.dropBranches([...p.detail.branches.values()]);
    return { status: 200, body };
  });

  r.add('GET', '/projects/{project_id}/permissions', ({ s, pr, params }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    return { status: 200, body: { project_permissions: p.permissions.map((x) => ({ id: x.id, granted_to_email: x.email, granted_at: x.grantedAt })) } };
  });

  r.add('POST', '/projects/{project_id}/permissions', ({ s, pr, params, body }) => {
    const { project: p, access } = projectFor(s, pr, params.project_id);
    if (access === 'guest') throw forbidden('guests cannot share a project');
    const email = obj(body).email;
    if (!isEmail(email)) throw badRequest(`invalid email address: ${JSON.stringify(email ?? null)}`);
    if (p.permissions.some((x) => x.email.toLowerCase() === email.toLowerCase())) throw conflict(`project is already shared with ${email}`);
    const perm = s.share(p, email, s.now().replace(/\.\d{3}Z$/, 'Z'));
    return { status: 200, body: { id: perm.id, granted_to_email: perm.email, granted_at: perm.grantedAt } };
  });

  r.add('DELETE', '/projects/{project_id}/permissions/{permission_id}', ({ s, pr, params }) => {
    const { project: p, access } = projectFor(s, pr, params.project_id);
    if (access === 'guest') throw forbidden('guests cannot change sharing');
    checkUuid(params.permission_id, 'permission_id');
    const perm = s.unshare(p, params.permission_id);
    if (!perm) throw notFound(`permission ${params.permission_id} not found`);
    return { status: 200, body: { id: perm.id, granted_to_email: perm.email, granted_at: perm.grantedAt, revoked_at: s.now().replace(/\.\d{3}Z$/, 'Z') } };
  });

  r.add('GET', '/projects/{project_id}/connection_uri', ({ s, pr, params, query }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    const dbName = query.get('database_name');
    const roleName = query.get('role_name');
    if (!dbName || !roleName) throw badRequest('database_name and role_name are required');
    const d = s.detail(p);
    const branchId = query.get('branch_id');
    const branch = branchId ? d.branches.get(branchId) : s.defaultBranch(p);
    if (!branch) throw notFound(`branch ${branchId} not found`);
    const epId = query.get('endpoint_id');
    const ep = epId ? d.endpoints.get(epId) : [...d.endpoints.values()].find((e) => e.branchId === branch.id && e.type === 'read_write');
    if (!ep || ep.branchId !== branch.id) throw notFound('no endpoint found for the branch');
    const role = branch.roles.get(roleName);
    if (!role) throw notFound(`role ${roleName} not found`);
    if (!branch.databases.has(dbName)) throw notFound(`database ${dbName} not found`);
    if (!p.storePasswords) throw new ApiError(412, 'Storing passwords is disabled');
    return { status: 200, body: { uri: connectionUri(ep, role, dbName, qBool(query, 'pooled'), s.dataPlane?.address) } };
  });

  r.add('GET', '/projects/{project_id}/endpoints', ({ s, pr, params }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    return { status: 200, body: { endpoints: [...s.detail(p).endpoints.values()].map(endpointJson) } };
  });

  r.add('GET', '/projects/{project_id}/operations', ({ s, pr, params, query }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    const limit = qInt(query, 'limit', 1, 1000, 10)!;
    const cursor = query.get('cursor');
    const before = cursor ? parseMicrosIso(cursor) : undefined;
    if (cursor && before === undefined) throw badRequest('invalid cursor');
    const ops = [...s.detail(p).operations].sort((a, b) => b.createdMicros - a.createdMicros).filter((o) => before === undefined || o.createdMicros < before);
    const page = ops.slice(0, limit);
    const now = Date.now();
    return {
      status: 200,
      body: { operations: page.map((o) => operationJson(o, now)), ...(page.length ? { pagination: { cursor: microsIso(page[page.length - 1].createdMicros) } } : {}) },
    };
  });

  r.add('GET', '/projects/{project_id}/operations/{operation_id}', ({ s, pr, params }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    checkUuid(params.operation_id, 'operation_id');
    const op = s.detail(p).operations.find((o) => o.id === params.operation_id);
    if (!op) throw notFound(`operation ${params.operation_id} not found`);
    return { status: 200, body: { operation: operationJson(op) } };
  });
}
