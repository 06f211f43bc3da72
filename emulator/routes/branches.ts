// Branches, their endpoints, databases and roles (the Postgres "users").
import { ApiError, badRequest, conflict, forbidden, notFound } from '../errors';
import { ids } from '../ids';
import type { Branch, BranchSql, Database, Operation, Project, Role, State } from '../model';
import { assertUnlocked, startOps } from '../operations';
import { decodeNext, encodeNext, nextPage } from '../paging';
import { obj, qInt, type Ctx, type Router } from '../router';
import { checkDatabaseName, checkId, checkRoleName, projectFor } from '../rules';
import { copyRolesAndDatabases } from '../seed';
import { annotationJson, applyExpiresAt, parseAnnotationValue, parseExpiresAt, restartExpiry } from '../branchMeta';
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

/** A point in `b`'s history (`field` of the request), checked against the project's retention; undefined when not given. */
function pointInTime(p: Project, b: Branch, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw badRequest(`invalid ${field}: must be an RFC 3339 date-time`);
  if (t > Date.now()) throw badRequest(`${field} is in the future`);
  if (t < Date.parse(b.createdAt)) throw badRequest(`${field} is before the ${field === 'parent_timestamp' ? 'parent' : 'source'} branch was created`);
  if (t < Date.now() - p.historyRetentionSeconds * 1000) throw badRequest(`${field} is outside the history retention window`);
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `check` (the model's rules) now; then, with a data plane, again under the branch's lock (another
 * request may have changed the model meanwhile), `sql` on the branch's cluster if it has one, and
 * `commit`, the model change.
 */
async function apply(s: State, b: Branch, check: () => void, sql: (db: BranchSql) => Promise<void>, commit: () => void): Promise<void> {
  check();
  if (s.dataPlane) await s.dataPlane.change(b, check, sql, commit);
  else commit();
}

async function createBranch(c: Ctx) {
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
  const at = pointInTime(p, parent, 'parent_timestamp', br.parent_timestamp) ?? now;
  const endpoints = Array.isArray(body.endpoints) ? body.endpoints.map(obj) : [];
  for (const e of endpoints) if (e.type !== 'read_write' && e.type !== 'read_only') throw badRequest('invalid endpoints[].type: read_write or read_only');
  if (endpoints.filter((e) => e.type === 'read_write').length > 1) throw badRequest('a branch can have only one read_write endpoint');
  const id = ids.branch(s.rand);
  const name = br.name === undefined ? id : br.name;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) throw badRequest('invalid branch.name: 1 to 256 characters');
  for (const other of d.branches.values()) if (other.name === name) throw conflict(`branch with the provided name "${name}" already exists`);
  const make = () => {
    const b = s.newBranch(p, { id, name, parentId: parent.id, protected: br.protected === true, ...(br.parent_timestamp !== undefined ? { parentTimestamp: at } : {}) }, now);
    if (expiresAt) applyExpiresAt(b, expiresAt, false);
    if (annotation) b.annotation = { value: annotation, createdAt: now, updatedAt: now };
    copyRolesAndDatabases(s, parent, b, at);
    const eps = endpoints.map((e) => s.newEndpoint(p, b.id, e.type as 'read_write' | 'read_only', now));
    const ops = startOps(s, cfg, p, [{ action: 'create_branch', branchId: b.id }, ...eps.map((e) => ({ action: 'start_compute', branchId: b.id, endpointId: e.id }))]);
    return { b, eps, ops };
  };
  let made: ReturnType<typeof make> | undefined;
  // The child's data is the parent's as of now: copied under the parent's lock, before any later change to it.
  if (s.dataPlane) await s.dataPlane.branchFrom(parent, id, () => (made = make()).b);
  else made = make();
  const { b, eps, ops } = made!;
  const rw = eps.find((e) => e.type === 'read_write');
  const db = [...b.databases.values()][0];
  const owner = db && b.roles.get(db.ownerName);
  return {
    status: 201,
    body: {
      branch: branchJson(b), endpoints: eps.map(endpointJson), operations: ops.map((o) => operationJson(o)),
      roles: [...b.roles.values()].map((r) => roleJson(b.id, r)), databases: [...b.databases.values()].map((x) => databaseJson(b.id, x)),
      ...(rw && db && owner ? { connection_uris: [connectionDetails(rw, owner, db.name, s.dataPlane?.address)] } : {}),
    },
  };
}

/**
 * POST .../branches/{branch_id}/restore (BranchRestoreRequest): the branch takes the source's
 * data, roles and databases (Neon restarts its computes); `preserve_under_name` keeps the previous
 * state as a new branch, which is required when restoring onto itself or when the branch has
 * children (they move to the preserved branch). The emulator keeps no history: the source's
 * current state stands for any `source_timestamp`/`source_lsn`, and a branch restored onto its own
 * past keeps its data.
 */
async function restoreBranch(c: Ctx) {
  const { s, cfg } = c;
  const { p, b } = branchOf(c);
  const body = obj(c.body);
  const d = s.detail(p);
  if (typeof body.source_branch_id !== 'string') throw badRequest('invalid request: decode application/json: invalid: source_branch_id (field required)');
  const sourceId = checkId(body.source_branch_id, 'source_branch_id');
  if (body.source_lsn !== undefined && body.source_timestamp !== undefined) throw badRequest('source_lsn and source_timestamp cannot be set together');
  if (body.source_lsn !== undefined && (typeof body.source_lsn !== 'string' || !/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(body.source_lsn))) throw badRequest('invalid source_lsn: an LSN such as 0/1F7A3B8');
  const source = d.branches.get(sourceId);
  if (!source) throw notFound(`source branch ${sourceId} not found`);
  const at = pointInTime(p, source, 'source_timestamp', body.source_timestamp);
  const self = source.id === b.id;
  if (self && at === undefined && body.source_lsn === undefined) throw badRequest('restoring a branch onto itself needs source_timestamp or source_lsn');
  const children = [...d.branches.values()].filter((x) => x.parentId === b.id);
  const preserve = body.preserve_under_name;
  if (preserve !== undefined && preserve !== '' && (typeof preserve !== 'string' || preserve.length > 256)) throw badRequest('invalid preserve_under_name: 1 to 256 characters');
  const preserveName = typeof preserve === 'string' && preserve ? preserve : undefined;
  if (!preserveName && (self || children.length)) {
    throw badRequest(self ? 'preserve_under_name is required when restoring a branch onto itself' : `preserve_under_name is required: branch ${b.name} has child branches`);
  }
  if (preserveName) for (const x of d.branches.values()) if (x.name === preserveName) throw conflict(`branch with the provided name "${preserveName}" already exists`);
  assertUnlocked(s, p, b.id);
  if (!self) assertUnlocked(s, p, source.id);
  const now = stamp(s);
  const preserveId = preserveName ? ids.branch(s.rand) : undefined;
  let ops!: Operation[];
  const commit = () => {
    if (preserveId) {
      const kept = s.newBranch(p, { id: preserveId, name: preserveName!, parentId: b.parentId, parentTimestamp: b.parentTimestamp, logicalSize: b.logicalSize }, now);
      kept.roles = new Map([...b.roles].map(([k, r]) => [k, { ...r }]));
      for (const x of b.databases.values()) s.newDatabase(kept, x.name, x.ownerName, x.createdAt);
      for (const child of children) child.parentId = kept.id;
    }
    if (!self) {
      b.roles = new Map();
      b.databases = new Map();
      copyRolesAndDatabases(s, source, b, now);
    }
    if (at) b.parentTimestamp = at;
    if (!self && source.id === b.parentId) restartExpiry(b);
    b.updatedAt = now;
    const eps = [...d.endpoints.values()].filter((e) => e.branchId === b.id);
    ops = startOps(s, cfg, p, [{ action: 'create_timeline', branchId: b.id }, ...eps.map((e) => ({ action: 'start_compute', branchId: b.id, endpointId: e.id }))]);
  };
  if (s.dataPlane) await s.dataPlane.restore(b, source, preserveId, commit);
  else commit();
  return { status: 200, body: { branch: branchJson(b), operations: ops.map((o) => operationJson(o)) } };
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

  r.add('DELETE', '/projects/{project_id}/branches/{branch_id}', async (c) => {
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
    await s.dataPlane?.dropBranches([b]);
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

  r.add('POST', '/projects/{project_id}/branches/{branch_id}/databases', async (c) => {
    const { s, cfg } = c;
    const { p, b } = branchOf(c);
    const db = obj(obj(c.body).database);
    const name = checkDatabaseName(db.name);
    if (typeof db.owner_name !== 'string') throw badRequest(`role ${String(db.owner_name)} does not exist`);
    const owner = db.owner_name;
    const check = () => {
      if (!b.roles.has(owner)) throw badRequest(`role ${owner} does not exist`);
      if (b.databases.has(name)) throw conflict(`database with name "${name}" already exists`);
      assertUnlocked(s, p, b.id);
    };
    let out!: Database;
    let ops!: Operation[];
    await apply(s, b, check, (sql) => sql.createDatabase(name, owner), () => {
      out = s.newDatabase(b, name, owner, stamp(s));
      ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    });
    return { status: 201, body: { database: databaseJson(b.id, out), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('GET', '/projects/{project_id}/branches/{branch_id}/databases/{database_name}', (c) => {
    const { b } = branchOf(c);
    const d = b.databases.get(c.params.database_name);
    if (!d) throw notFound(`database ${c.params.database_name} not found`);
    return { status: 200, body: { database: databaseJson(b.id, d) } };
  });

  // Rename and/or give another owner, as Neon's console does: the owner must be a role of the
  // branch, the new name valid and free; connections to a renamed database are ended (Postgres
  // cannot rename one in use).
  r.add('PATCH', '/projects/{project_id}/branches/{branch_id}/databases/{database_name}', async (c) => {
    const { s, cfg } = c;
    const { p, b } = branchOf(c);
    const body = obj(c.body);
    if (!('database' in body)) throw badRequest('invalid request: decode application/json: invalid: database (field required)');
    const patch = obj(body.database);
    const d = b.databases.get(c.params.database_name);
    if (!d) throw notFound(`database ${c.params.database_name} not found`);
    const name = patch.name === undefined ? d.name : checkDatabaseName(patch.name);
    if (patch.owner_name !== undefined && typeof patch.owner_name !== 'string') throw badRequest(`role ${String(patch.owner_name)} does not exist`);
    const owner = patch.owner_name === undefined ? d.ownerName : patch.owner_name;
    const check = () => {
      if (b.databases.get(d.name) !== d) throw notFound(`database ${d.name} not found`);
      if (!b.roles.has(owner)) throw badRequest(`role ${owner} does not exist`);
      if (name !== d.name && b.databases.has(name)) throw conflict(`database with name "${name}" already exists`);
      assertUnlocked(s, p, b.id);
    };
    let ops!: Operation[];
    const from = d.name;
    await apply(s, b, check, async (sql) => {
      if (owner !== d.ownerName) await sql.setDatabaseOwner(from, owner);
      if (name !== from) await sql.renameDatabase(from, name);
    }, () => {
      b.databases.delete(from);
      d.name = name;
      d.ownerName = owner;
      d.updatedAt = stamp(s);
      b.databases.set(name, d);
      ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    });
    return { status: 200, body: { database: databaseJson(b.id, d), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('DELETE', '/projects/{project_id}/branches/{branch_id}/databases/{database_name}', async (c) => {
    const { s, cfg } = c;
    const { p, b } = maybeBranch(c);
    if (!b) throw notFound(`branch ${c.params.branch_id} not found`);
    const d = b.databases.get(c.params.database_name);
    if (!d) return { status: 204 };
    let ops!: Operation[];
    const check = () => {
      if (b.databases.get(d.name) !== d) throw notFound(`database ${d.name} not found`);
      assertUnlocked(s, p, b.id);
    };
    await apply(s, b, check, (sql) => sql.dropDatabase(d.name), () => {
      b.databases.delete(d.name);
      ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    });
    return { status: 200, body: { database: databaseJson(b.id, d), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('POST', '/projects/{project_id}/branches/{branch_id}/restore', restoreBranch);

  // What pg_dump --schema-only prints for the database, as Neon answers; only at the branch's head
  // (no lsn or timestamp) and only with a data plane, which holds the tables.
  r.add('GET', '/projects/{project_id}/branches/{branch_id}/schema', async (c) => {
    const { b } = branchOf(c);
    const q = c.query;
    const name = q.get('db_name');
    if (!name) throw badRequest('db_name is required');
    if (q.get('lsn') && q.get('timestamp')) throw badRequest('lsn and timestamp cannot be specified at the same time');
    if (q.get('lsn') || q.get('timestamp')) throw new ApiError(501, 'the emulator serves a schema at the branch\'s head only (no lsn or timestamp)');
    if (q.get('format') && q.get('format') !== 'sql') throw new ApiError(501, 'the emulator serves the schema as sql only');
    if (!b.databases.has(name)) throw notFound(`database ${name} not found`);
    if (!c.s.dataPlane) throw new ApiError(503, 'the emulator runs without a data plane (PostgreSQL), so it has no schema to dump');
    return { status: 200, body: { sql: await c.s.dataPlane.schema(b, name) } };
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

  r.add('POST', base, async (c) => {
    const { s, cfg } = c;
    const { p, b } = branchOf(c);
    const body = obj(c.body);
    if (!('role' in body)) throw badRequest('invalid request: decode application/json: invalid: role (field required)');
    const name = checkRoleName(obj(body.role).name);
    const noLogin = obj(body.role).no_login === true;
    const check = () => {
      if (b.roles.has(name)) throw conflict(`role with name "${name}" already exists`);
      assertUnlocked(s, p, b.id);
    };
    check();
    const role: Role = { name, password: ids.password(s.rand, s.secretMarker), protected: false, ...(noLogin ? { noLogin: true } : {}), createdAt: stamp(s), updatedAt: stamp(s) };
    let ops!: Operation[];
    await apply(s, b, check, (sql) => sql.createRole(role), () => {
      b.roles.set(name, role);
      ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    });
    return { status: 201, body: { role: roleJson(b.id, role, true), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('GET', `${base}/{role_name}`, (c) => {
    const { b, role } = roleOf(c);
    return { status: 200, body: { role: roleJson(b.id, role) } };
  });

  r.add('DELETE', `${base}/{role_name}`, async (c) => {
    const { s, cfg } = c;
    const { p, b } = maybeBranch(c);
    if (!b) throw notFound(`branch ${c.params.branch_id} not found`);
    const role = b.roles.get(c.params.role_name);
    if (!role) return { status: 204 };
    if (role.protected) throw forbidden(`role ${role.name} is protected and cannot be changed`);
    const check = () => {
      if (b.roles.get(role.name) !== role) throw notFound(`role ${role.name} not found`);
      const owned = [...b.databases.values()].filter((d) => d.ownerName === role.name).map((d) => d.name);
      if (owned.length) throw badRequest(`role ${role.name} owns database(s) ${owned.join(', ')}; change their owner or delete them first`);
      assertUnlocked(s, p, b.id);
    };
    let ops!: Operation[];
    await apply(s, b, check, (sql) => sql.dropRole(role.name), () => {
      b.roles.delete(role.name);
      ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    });
    return { status: 200, body: { role: roleJson(b.id, role), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('POST', `${base}/{role_name}/reset_password`, async (c) => {
    const { s, cfg } = c;
    const { p, b, role } = roleOf(c);
    if (role.protected) throw forbidden(`role ${role.name} is protected and cannot be changed`);
    const check = () => {
      if (b.roles.get(role.name) !== role) throw notFound(`role ${role.name} not found`);
      assertUnlocked(s, p, b.id);
    };
    check();
    const password = ids.password(s.rand, s.secretMarker);
    let ops!: Operation[];
    await apply(s, b, check, (sql) => sql.setPassword({ ...role, password }), () => {
      role.password = password;
      role.updatedAt = stamp(s);
      ops = startOps(s, cfg, p, [{ action: 'apply_config', branchId: b.id }]);
    });
    return { status: 200, body: { role: roleJson(b.id, role, true), operations: ops.map((o) => operationJson(o)) } };
  });

  r.add('GET', `${base}/{role_name}/reveal_password`, (c) => {
    const { p, role } = roleOf(c);
    if (role.protected) throw forbidden(`role ${role.name} is protected`);
    if (!p.storePasswords) throw new ApiError(412, 'Storing passwords is disabled');
    return { status: 200, body: { password: role.password } };
  });
}
