// Who may do what. Each check throws the ApiError the real API answers with.
import { ApiError, forbidden, notFound } from './errors';
import type { ApiKey, Member, Org, Project, State, User } from './model';

export type Principal =
  | { kind: 'personal'; key: ApiKey; user: User }
  | { kind: 'org'; key: ApiKey; org: Org; projectId?: string };

const ID = /^[a-z0-9-]{1,60}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function authenticate(s: State, header: string | undefined): Principal {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw new ApiError(401, 'authorization header is missing or malformed');
  const key = s.findKeyByToken(m[1]);
  if (!key || key.revoked) throw new ApiError(401, 'authentication failed: invalid or revoked API key');
  key.lastUsedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  key.lastUsedFrom = '127.0.0.1';
  if (key.kind === 'personal') {
    const user = s.users.get(key.userId);
    if (!user) throw new ApiError(401, 'authentication failed: key owner no longer exists');
    return { kind: 'personal', key, user };
  }
  const org = key.orgId ? s.orgs.get(key.orgId) : undefined;
  if (!org) throw new ApiError(401, 'authentication failed: key organization no longer exists');
  return { kind: 'org', key, org, projectId: key.projectId };
}

export const isEmail = (e: unknown): e is string => typeof e === 'string' && e.length <= 256 && EMAIL.test(e);

export function checkId(v: string, what: string): string {
  if (!ID.test(v)) throw new ApiError(400, `invalid ${what}: must match ^[a-z0-9-]{1,60}$`);
  return v;
}

export function checkUuid(v: string, what: string): string {
  if (!UUID.test(v)) throw new ApiError(400, `invalid ${what}: must be a UUID`);
  return v;
}

/** Project-scoped org keys only work on their one project. */
export function refuseProjectScoped(pr: Principal): void {
  if (pr.kind === 'org' && pr.projectId) throw forbidden('this API key is scoped to a single project and cannot perform organization operations');
}

export type PersonalPrincipal = Extract<Principal, { kind: 'personal' }>;

export function refuseOrgKey(pr: Principal, what: string): asserts pr is PersonalPrincipal {
  if (pr.kind === 'org') throw forbidden(`${what} requires a personal API key of an organization admin; not allowed for organization API keys`);
}

/** The org the principal can see (404 for orgs it has nothing to do with). */
export function orgFor(s: State, pr: Principal, orgId: string): Org {
  checkId(orgId, 'org_id');
  const org = s.orgs.get(orgId);
  if (pr.kind === 'org') {
    if (!org || org.id !== pr.org.id) throw notFound(`organization ${orgId} not found`);
    return org;
  }
  if (!org || !s.membership(org.id, pr.user.id)) throw notFound(`organization ${orgId} not found`);
  return org;
}

/** Org-level admin rights: org keys act with admin rights in their own org. */
export function requireAdmin(s: State, pr: Principal, org: Org): Member | undefined {
  if (pr.kind === 'org') return undefined;
  const m = s.membership(org.id, pr.user.id);
  if (!m || m.role !== 'admin') throw forbidden('only organization admins can perform this action');
  return m;
}

export type Access = 'owner' | 'admin' | 'member' | 'guest';

/** Resolves a project and the caller's access to it; 404 if invisible, 403 for scoped keys. */
export function projectFor(s: State, pr: Principal, projectId: string): { project: Project; access: Access } {
  checkId(projectId, 'project_id');
  const p = s.projects.get(projectId);
  if (!p) throw notFound(`project ${projectId} not found`);
  if (pr.kind === 'org') {
    if (p.orgId !== pr.org.id) throw notFound(`project ${projectId} not found`);
    if (pr.projectId && pr.projectId !== p.id) throw forbidden(`this API key is scoped to project ${pr.projectId}`);
    return { project: p, access: pr.projectId ? 'member' : 'admin' };
  }
  if (p.orgId) {
    const m = s.membership(p.orgId, pr.user.id);
    if (m) return { project: p, access: m.role };
  } else if (p.ownerId === pr.user.id) return { project: p, access: 'owner' };
  if (p.permissions.some((x) => x.email.toLowerCase() === pr.user.email.toLowerCase())) return { project: p, access: 'guest' };
  throw notFound(`project ${projectId} not found`);
}

/** Deleting or transferring a project: org admins, personal owners, unscoped org keys. */
export function requireProjectAdmin(access: Access, what: string): void {
  if (access === 'member' || access === 'guest') throw forbidden(`only organization admins can ${what}`);
}

/** Role names are Postgres identifiers: at most 63 bytes (not characters). */
export function checkRoleName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new ApiError(400, 'invalid request: role.name is required');
  if (Buffer.byteLength(name, 'utf8') > 63) throw new ApiError(400, `role name "${name}" is too long: at most 63 bytes`);
  if (name.includes('\0')) throw new ApiError(400, 'role name must not contain a NUL character');
  if (/^(pg_|neon_)/.test(name) || ['web_access', 'neon_superuser', 'cloud_admin', 'public', 'none'].includes(name)) {
    throw new ApiError(400, `role name "${name}" is reserved`);
  }
  return name;
}

/** Database names are Postgres identifiers too: 1 to 63 bytes, no NUL. */
export function checkDatabaseName(name: unknown): string {
  if (typeof name !== 'string' || !name || Buffer.byteLength(name, 'utf8') > 63) throw new ApiError(400, 'invalid database.name: 1 to 63 bytes');
  if (name.includes('\0')) throw new ApiError(400, 'database name must not contain a NUL character');
  if (['postgres', 'template0', 'template1'].includes(name)) throw new ApiError(400, `database name "${name}" is reserved`);
  return name;
}

export function checkKeyName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0) throw new ApiError(400, 'invalid request: key_name is required');
  if (name.length > 64) throw new ApiError(400, 'invalid request: key_name must be at most 64 characters');
  return name;
}
