// Branches, their endpoints, databases and roles (the Postgres "users").
import { ApiError, badRequest, conflict, forbidden, notFound } from '../errors';
import { ids } from '../ids';
import type { Branch, Project, State } from '../model';
import { assertUnlocked, startOps } from '../operations';
import { decodeNext, encodeNext, nextPage } from '../paging';
import { obj, qInt, type Ctx, type Router } from '../router';
import { checkId, checkRoleName, projectFor } from '../rules';
import { copyRolesAndDatabases } from '../seed';
import { annotationJson, applyExpiresAt, parseAnnotationValue, parseExpiresAt } from '../branchMeta';
import { branchJson, connectionDetails, databaseJson, endpointJson, operationJson, roleJson } from '../views';

const stamp = (s: State) => s.now().replace(/\.\d{3}Z$/, 'Z');

function branchOf(c: Ctx): { p: Project; b: Branch } {
  const { project: p } = projectFor(c.s, c.pr, c.params.project_id);
  checkId(c.params.branch_id, 'branch_id');
  const b = c.s.detail(p).branches.get(c.params.branch_id);
  if (!b) throw notFound(`branch ${c.params.branch_id} not found`);
  return { p, b };
}

/** Like branchOf, but a missing project/branch yields undefined (DELETE answers 204). */
function maybeBranch(c: Ctx): { p: Project; b?: Branch } {
  const { project: p } = projectFor(c.s, c.pr, c.params.project_id);
  checkId(c.params.branch_id, 'branch_id');
  return { p, b: c.s.detail(p).branches.get(c.params.branch_id) };
}

function createBranch(c: Ctx) {
  const { s, cfg } = c;
  const { project: p } = projectFor(s, c.pr, c.params.project_id);
  const body = obj(c.body);
  const br = obj(body.branch);
  const d = s.detail(p);
  const parentId = br.parent_id === undefined ? s.defaultBranch(p)?.id : String(br.parent_id);
  const parent = parentId ? d.branches.get(parentId) : undefined;
  if (!parent) throw notFound(`parent branch ${String(parentId)} not found`);
  if (parent.expiresAt) throw badRequest(`branch ${parent.name} has an expiration time; a branch cannot be created from an expiring branch`);
  const expiresAt = br.expires_at === undefined ? undefined : parseExpiresAt(br.expires_at);
  if (expiresAt && br.protected === true) throw badRequest('expires_at cannot be set on a protected branch');
  const annotation = parseAnnotationValue(body.annotation_value);
  assertUnlocked(s, p, parent.id);
  const now = stamp(s);
  let at = now;
  if (br.parent_timestamp !== undefined) {
    const t = typeof br.parent_timestamp === 'string' ? Date.parse(br.parent_timestamp) : NaN;
    if (Number.isNaN(t)) throw badRequest('invalid parent_timestamp: must be an RFC 3339 date-time');
    if (t > Date.now()) throw badRequest('parent_timestamp is in the future');
    if (t < Date.parse(parent.createdAt)) throw badRequest('parent_timestamp is before the parent branch was created');
    if (t < Date.now() - p.historyRetentionSeconds * 1000) throw badRequest('parent_timestamp is outside the history retention window');
    at = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  const endpoints = Array.isArray(body.endpoints) ? body.endpoints.map(obj) : [];
  for (const e of endpoints) if (e.type !== 'read_write' && e.type !== 'read_only') throw badRequest('invalid endpoints[].type: read_write or read_only');
  if (endpoints.filter((e) => e.type === 'read_write').length > 1) throw badRequest('a branch can have only one read_write endpoint');
  const id = ids.branch(s.rand);
  const name = br.name === undefined ? id : br.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) throw badRequest('invalid branch.name: 1 to 256 characters');
  for (const other of d.branches.values()) if (other.name === name) throw conflict(`branch with the provided name "${name}" already exists`);
  const b = s.newBranch(p, { id, name, parentId: parent.id, protected: br.protected === true, ...(br.parent_timestamp !== undefined ? { parentTimestamp: at } : {}) }, now);
  if (expiresAt) applyExpiresAt(b, expiresAt, false);
  if (annotation) b.annotation = { value: annotation, createdAt: now, updatedAt: now };
  copyRolesAndDatabases(s, parent, b, at);
  const eps = endpoints.map((e) => s.newEndpoint(p, b.id, e.type as 'read_write' | 'read_only', now));
  const ops = startOps(s, cfg, p, [{ action: 'create_branch', branchId: b.id }, ...eps.map((e) => ({ action: 'start_compute', branchId: b.id, endpointId: e.id }))]);
  const rw = eps.find((e) => e.type === 'read_write');
  const db = [...b.databases.values()][0];
  const owner = db && b.roles.get(db.ownerName);
  return {
    status: 201,
    body: {
      branch: branchJson(b), endpoints: eps.map(endpointJson), operations: ops.map((o) => operationJson(o)),
      roles: [...b.roles.values()].map((r) => roleJson(b.id, r)), databases: [...b.databases.values()].map((x) => databaseJson(b.id, x)),
      ...(rw && db && owner ? { connection_uris: [connectionDetails(rw, owner, db.name)] } : {}),
    },
  };
}

export function branchRoutes(r: Router): void {
  r.add('GET', '/projects/{project_id}/branches', ({ s, pr, params, query }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    const limit = qInt(query, 'limit', 1, 10000, undefined);
    const sortBy = query.get('sort_by') ?? 'updated_at';
    if (!['name', 'created_at', 'updated_at'].includes(sortBy)) throw badRequest('invalid sort_by: name, created_at or updated_at');
    const order = (query.get('sort_order') ?? 'desc').toLowerCase();
    if (order !== 'asc' && order !== 'desc') throw badRequest('invalid sort_order: asc or desc');
    const term = query.get('search')?.toLowerCase();
    const key = (b: Branch) => (sortBy === 'name' ? b.name : sortBy === 'created_at' ? b.createdAt : b.updatedAt);
    const sorted = [...s.detail(p).branches.values()]
      .filter((b) => !term || b.name.toLowerCase().includes(term) || b.id.includes(term))
      .sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
    if (order === 'desc') sorted.reverse();
    const cursor = query.get('cursor');
    const page = nextPage(sorted, (b) => b.id, limit, cursor ? decodeNext('branch_id', cursor) : undefined);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        branches: page.map((b) => branchJson(b)),
        annotations: Object.fromEntries(page.filter((b) => b.annotation).map((b) => [b.id, annotationJson(b)])),
        pagination: { ...(last ? { next: encodeNext('branch_id', last.id, sortBy, key(last), order) } : {}), sort_by: sortBy, sort_order: order.toUpperCase() },
      },
    };
  });

  r.add('GET', '/projects/{project_id}/branches/count', ({ s, pr, params, query }) => {
    const { project: p } = projectFor(s, pr, params.project_id);
    const term = query.get('search')?.toLowerCase();
    const n = [...s.detail(p).branches.values()].filter((b) => !term || b.name.toLowerCase().includes(term) || b.id.includes(term)).length;
    return { status: 200, body: { count: n } };
  });

  r.add('POST', '/projects/{project_id}/branches', createBranch);

  r.add('GET', '/projects/{project_id}/branches/{branch_id}', (c) => {
    const { b } = branchOf(c);
    return { status: 200, body: { branch: branchJson(b), annotation: annotationJson(b) } };
  });

  r.add('PATCH', '/projects/{project_id}/branches/{branch_id}', (c) => {
    const { s } = c;
    const { p, b } = branchOf(c);
    const br = obj(obj(c.body).branch);
    assertUnlocked(s, p, b.id);
    // Changes are checked on a copy, so a refused request changes nothing.
    const next: Branch = { ...b };
    if (br.name !== undefined) {
      if (typeof br.name !== 'string' || br.name.length < 1 || br.name.length > 256) throw badRequest('invalid branch.name: 1 to 256 characters');
      for (const other of s.detail(p).branches.values()) if (other.id !== b.id && other.name === br.name) throw conflict(`branch with the provided name "${br.name}" already exists`);
      next.name = br.name;
    }
    if (br.protected !== undefined) next.protected = br.protected === true;
    if ('expires_at' in br) applyExpiresAt(next, br.expires_at, [...s.detail(p).branches.values()].some((x) => x.parentId === b.id));
    if (next.protected && next.expiresAt) throw badRequest('a branch with an expiration time cannot be protected');
    Object.assign(b, next);
    if (!next.expiresAt) {
      delete b.expiresAt;
      delete b.ttlIntervalSeconds;
    }
    b.updatedAt = stamp(s);
    return { status: 200, body: { branch: branchJson(b), operations: [] } };
  });

  r.add('DELETE', '/projects/{project_id}/branches/{branch_id}', (c) => {
    const { s, cfg } = c;
    const { p, b } = maybeBranch(c);
    if (!b) return { status: 204 };
    const d = s.detail(p);
    if (b.isDefault) throw badRequest('cannot delete the default branch of a project');
    if ([...d.branches.values()].some((x) => x.parentId === b.id)) throw badRequest(`branch ${b.id} has child branches; delete them first`);
    if (b.protected) throw forbidden(`branch ${b.name} is protected and cannot be deleted`);
    assertUnlocked(s, p, b.id);
    const eps = [...d.endpoints.values()].filter((e) => e.branchId === b.id);
    const ops = startOps(s, cfg, p, [...eps.map((e) => ({ action: 'suspend_compute', branchId: b.id, endpointId: e.id })), { action: 'delete_timeline', branchId: b.id }]);
    for (const e of eps) d.endpoints.delete(e.id);
    d.branches.delete(b.id);
    return { status: 200, body: { branch: branchJson(b), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('POST', '/projects/{project_id}/branches/{branch_id}/set_as_default', (c) => {
    const { s, cfg } = c;
    const { p, b } = branchOf(c);
    if (b.expiresAt) throw badRequest(`branch ${b.name} has an expiration time and cannot be made the default branch`);
    assertUnlocked(s, p, b.id);
    for (const x of s.detail(p).branches.values()) x.isDefault = x.id === b.id;
    b.updatedAt = stamp(s);
    const ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    return { status: 200, body: { branch: branchJson(b), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('GET', '/projects/{project_id}/branches/{branch_id}/endpoints', (c) => {
    const { p, b } = branchOf(c);
    return { status: 200, body: { endpoints: [...c.s.detail(p).endpoints.values()].filter((e) => e.branchId === b.id).map(endpointJson) } };
  });

  r.add('GET', '/projects/{project_id}/branches/{branch_id}/databases', (c) => {
    const { b } = branchOf(c);
    return { status: 200, body: { databases: [...b.databases.values()].map((d) => databaseJson(b.id, d)) } };
  });

  r.add('POST', '/projects/{project_id}/branches/{branch_id}/databases', (c) => {
    const { s, cfg } = c;
    const { p, b } = branchOf(c);
    const db = obj(obj(c.body).database);
    if (typeof db.name !== 'string' || !db.name || Buffer.byteLength(db.name) > 63) throw badRequest('invalid database.name: 1 to 63 bytes');
    if (typeof db.owner_name !== 'string' || !b.roles.has(db.owner_name)) throw badRequest(`role ${String(db.owner_name)} does not exist`);
    if (b.databases.has(db.name)) throw conflict(`database with name "${db.name}" already exists`);
    assertUnlocked(s, p, b.id);
    const d = s.newDatabase(b, db.name, db.owner_name, stamp(s));
    const ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    return { status: 201, body: { database: databaseJson(b.id, d), operations: ops.map((o) => operationJson(o)) } };
  });

  roleRoutes(r);
}

function roleRoutes(r: Router): void {
  const roleOf = (c: Ctx) => {
    const { p, b } = branchOf(c);
    const role = b.roles.get(c.params.role_name);
    if (!role) throw notFound(`role ${c.params.role_name} not found`);
    return { p, b, role };
  };
  const base = '/projects/{project_id}/branches/{branch_id}/roles';

  r.add('GET', base, (c) => {
    const { b } = branchOf(c);
    return { status: 200, body: { roles: [...b.roles.values()].map((x) => roleJson(b.id, x)) } };
  });

  r.add('POST', base, (c) => {
    const { s, cfg } = c;
    const { p, b } = branchOf(c);
    const body = obj(c.body);
    if (!('role' in body)) throw badRequest('invalid request: decode application/json: invalid: role (field required)');
    const name = checkRoleName(obj(body.role).name);
    if (b.roles.has(name)) throw conflict(`role with name "${name}" already exists`);
    assertUnlocked(s, p, b.id);
    const role = s.newRole(b, name, stamp(s));
    const ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    return { status: 201, body: { role: roleJson(b.id, role, true), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('GET', `${base}/{role_name}`, (c) => {
    const { b, role } = roleOf(c);
    return { status: 200, body: { role: roleJson(b.id, role) } };
  });

  r.add('DELETE', `${base}/{role_name}`, (c) => {
    const { s, cfg } = c;
    const { p, b } = maybeBranch(c);
    if (!b) throw notFound(`branch ${c.params.branch_id} not found`);
    const role = b.roles.get(c.params.role_name);
    if (!role) return { status: 204 };
    if (role.protected) throw forbidden(`role ${role.name} is protected and cannot be changed`);
    const owned = [...b.databases.values()].filter((d) => d.ownerName === role.name).map((d) => d.name);
    if (owned.length) throw badRequest(`role ${role.name} owns database(s) ${owned.join(', ')}; change their owner or delete them first`);
    assertUnlocked(s, p, b.id);
    b.roles.delete(role.name);
    const ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    return { status: 200, body: { role: roleJson(b.id, role), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('POST', `${base}/{role_name}/reset_password`, (c) => {
    const { s, cfg } = c;
    const { p, b, role } = roleOf(c);
    if (role.protected) throw forbidden(`role ${role.name} is protected and cannot be changed`);
    assertUnlocked(s, p, b.id);
    role.password = ids.password(s.rand, s.secretMarker);
    role.updatedAt = stamp(s);
    const ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    return { status: 200, body: { role: roleJson(b.id, role, true), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('GET', `${base}/{role_name}/reveal_password`, (c) => {
    const { p, role } = roleOf(c);
    if (role.protected) throw forbidden(`role ${role.name} is protected`);
    if (!p.storePasswords) throw new ApiError(412, 'Storing passwords is disabled');
    return { status: 200, body: { password: role.password } };
  });
}
