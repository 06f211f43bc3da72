// The emulator's data plane through real SQL: every connection string it hands out connects, as
// that role, to that database; roles and databases made through the API exist in PostgreSQL.
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { startEmulator, type Emulator } from '../../emulator/index';
import { call, WEB } from './emulator-helpers';
import { connectionUri, needPostgres, newProject, noViolations, pgConfig, psql, refused, sql, startWithPostgres, withPassword, type NewProject } from './emulator-dataplane-helpers';

describe('emulator data plane: connections, roles and databases', function () {
  this.timeout(60000);
  let em: Emulator;
  let p: NewProject;

  before(async function () {
    needPostgres(this);
    em = await startWithPostgres();
    p = await newProject(em);
  });
  after(async () => {
    await em?.close();
  });

  const roles = (branchId = p.branchId) => `/projects/${p.id}/branches/${branchId}/roles`;
  const who = 'SELECT current_user AS u, current_database() AS d';

  it('the connection_uri from project create connects with node-postgres and psql, as the owner to neondb', async () => {
    assert.match(p.uri, /^postgresql:\/\/neondb_owner:[^@]+@127\.0\.0\.1:\d+\/neondb\?sslmode=disable&options=endpoint%3Dep-[a-z0-9-]+$/);
    assert.deepEqual(await sql(p.uri, who), [{ u: 'neondb_owner', d: 'neondb' }]);
    assert.deepEqual(await psql(p.uri, who), { ok: true, out: 'neondb_owner|neondb' });
  });

  it('GET connection_uri, pooled or not, connects as the role asked to the database asked', async () => {
    for (const pooled of [false, true]) {
      const uri = await connectionUri(em, p.id, { role_name: 'neondb_owner', database_name: 'neondb', pooled });
      assert.equal(uri.includes('-pooler'), pooled);
      assert.deepEqual(await sql(uri, who), [{ u: 'neondb_owner', d: 'neondb' }]);
      assert.equal((await psql(uri, 'SELECT 1')).out, '1');
    }
  });

  it('a role created through the API logs in with the password from create, reset and reveal; a superseded or wrong one is refused with 28P01', async () => {
    const created = await call(em, 'POST', roles(), { body: { role: { name: 'app' } } });
    assert.equal(created.status, 201);
    const uri = await connectionUri(em, p.id, { role_name: 'app', database_name: 'neondb' });
    assert.equal(new URL(uri).password, encodeURIComponent(created.body.role.password));
    assert.deepEqual(await sql(uri, who), [{ u: 'app', d: 'neondb' }]);

    const reset = await call(em, 'POST', `${roles()}/app/reset_password`);
    assert.equal(reset.status, 200);
    const fresh = reset.body.role.password as string;
    assert.notEqual(fresh, created.body.role.password);
    assert.equal(await refused(uri), '28P01', 'the superseded password is refused');
    assert.equal((await psql(uri, 'SELECT 1')).ok, false);
    const revealed = (await call(em, 'GET', `${roles()}/app/reveal_password`)).body.password;
    assert.equal(revealed, fresh);
    assert.deepEqual(await sql(withPassword(uri, revealed), who), [{ u: 'app', d: 'neondb' }]);
    assert.equal(await refused(withPassword(uri, `${fresh}x`)), '28P01');
  });

  it('a role created with no_login is NOLOGIN in PostgreSQL, answers authentication_method "no_login" and no password', async () => {
    const created = await call(em, 'POST', roles(), { body: { role: { name: 'owner_only', no_login: true } } });
    assert.equal(created.status, 201);
    assert.equal(created.body.role.authentication_method, 'no_login');
    assert.equal('password' in created.body.role, false, 'a role that cannot log in gets no password');
    const listed = (await call(em, 'GET', roles())).body.roles.find((r: { name: string }) => r.name === 'owner_only');
    assert.equal(listed.authentication_method, 'no_login');
    assert.deepEqual(await sql(p.uri, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'owner_only'"), [{ rolcanlogin: false }]);
    const uri = await connectionUri(em, p.id, { role_name: 'owner_only', database_name: 'neondb' });
    assert.match(await refused(uri), /^28/, 'PostgreSQL refuses the login');
    // A role made the usual way still logs in.
    const plain = await call(em, 'POST', roles(), { body: { role: { name: 'plain_login', no_login: false } } });
    assert.equal(plain.body.role.authentication_method, 'password');
    assert.equal(typeof plain.body.role.password, 'string');
  });

  it('roles created through the API can create objects, as members of neon_superuser with CREATEDB and CREATEROLE', async () => {
    await call(em, 'POST', roles(), { body: { role: { name: 'builder' } } });
    const uri = await connectionUri(em, p.id, { role_name: 'builder', database_name: 'neondb' });
    await sql(uri, 'CREATE TABLE builder_t (id int PRIMARY KEY, note text)');
    await sql(uri, "INSERT INTO builder_t VALUES (1, 'hello')");
    assert.deepEqual(await sql(uri, 'SELECT note FROM builder_t'), [{ note: 'hello' }]);
    const [attrs] = await sql(uri, "SELECT rolcreatedb, rolcreaterole, pg_has_role('builder', 'neon_superuser', 'member') AS member FROM pg_roles WHERE rolname = 'builder'");
    assert.deepEqual(attrs, { rolcreatedb: true, rolcreaterole: true, member: true });
  });

  it('a deleted role can no longer log in; what it owned goes to the database owner', async () => {
    await call(em, 'POST', roles(), { body: { role: { name: 'leaver' } } });
    const uri = await connectionUri(em, p.id, { role_name: 'leaver', database_name: 'neondb' });
    await sql(uri, 'CREATE TABLE leaver_t (x int)');
    assert.equal((await call(em, 'DELETE', `${roles()}/leaver`)).status, 200);
    assert.equal(await refused(uri), '28P01');
    assert.deepEqual(await sql(p.uri, "SELECT tableowner FROM pg_tables WHERE tablename = 'leaver_t'"), [{ tableowner: 'neondb_owner' }]);
  });

  it('databases created through the API exist with their owner; deleted ones vanish', async () => {
    await call(em, 'POST', roles(), { body: { role: { name: 'dbowner' } } });
    const r = await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/databases`, { body: { database: { name: 'shop', owner_name: 'dbowner' } } });
    assert.equal(r.status, 201);
    const uri = await connectionUri(em, p.id, { role_name: 'dbowner', database_name: 'shop' });
    assert.deepEqual(await sql(uri, `${who}, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`), [{ u: 'dbowner', d: 'shop', owner: 'dbowner' }]);
    await sql(uri, 'CREATE TABLE items (id int)');

    const refusedDelete = await call(em, 'DELETE', `${roles()}/dbowner`);
    assert.equal(refusedDelete.status, 400, 'a role that owns a database cannot be deleted');
    assert.deepEqual(await sql(uri, 'SELECT current_user AS u'), [{ u: 'dbowner' }], 'and it still logs in');

    assert.equal((await call(em, 'DELETE', `/projects/${p.id}/branches/${p.branchId}/databases/shop`)).status, 200);
    assert.equal(await refused(uri), '3D000');
    assert.deepEqual(await sql(p.uri, "SELECT count(*)::int AS n FROM pg_database WHERE datname = 'shop'"), [{ n: 0 }]);
    assert.equal((await call(em, 'DELETE', `/projects/${p.id}/branches/${p.branchId}/databases/shop`)).status, 204);
  });

  it('a database renamed or given another owner through the API is so in PostgreSQL; its open sessions end', async () => {
    await call(em, 'POST', roles(), { body: { role: { name: 'heir' } } });
    const base = `/projects/${p.id}/branches/${p.branchId}/databases`;
    assert.equal((await call(em, 'POST', base, { body: { database: { name: 'old shop', owner_name: 'neondb_owner' } } })).status, 201);
    const open = new pg.Client(pgConfig(await connectionUri(em, p.id, { role_name: 'neondb_owner', database_name: 'old shop' })));
    await open.connect();
    open.on('error', () => undefined);
    try {
      assert.equal((await call(em, 'PATCH', `${base}/old%20shop`, { body: { database: { owner_name: 'heir' } } })).status, 200);
      assert.equal((await call(em, 'PATCH', `${base}/old%20shop`, { body: { database: { name: 'new shop' } } })).status, 200);
      assert.deepEqual(await sql(p.uri, "SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname IN ('old shop', 'new shop')"), [{ datname: 'new shop', owner: 'heir' }]);
      await assert.rejects(open.query('SELECT 1'), 'the session on the old name was ended');
    } finally {
      await open.end().catch(() => undefined);
    }
    const uri = await connectionUri(em, p.id, { role_name: 'heir', database_name: 'new shop' });
    assert.deepEqual(await sql(uri, who), [{ u: 'heir', d: 'new shop' }]);
  });

  it('two concurrent creates of one role: one 201, one 409, and the password of the 201 is the one that logs in', async () => {
    const both = await Promise.all([0, 1].map(() => call(em, 'POST', roles(), { body: { role: { name: 'racer' } } })));
    assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
    const won = both.find((r) => r.status === 201)!.body.role.password;
    const uri = await connectionUri(em, p.id, { role_name: 'racer', database_name: 'neondb' });
    assert.equal(decodeURIComponent(new URL(uri).password), won);
    assert.deepEqual(await sql(uri, 'SELECT current_user AS u'), [{ u: 'racer' }]);
  });

  it('a database name that collides is refused with 409 and nothing changes', async () => {
    const r = await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/databases`, { body: { database: { name: 'neondb', owner_name: 'neondb_owner' } } });
    assert.equal(r.status, 409);
    assert.deepEqual(await sql(p.uri, "SELECT count(*)::int AS n FROM pg_database WHERE datname = 'neondb'"), [{ n: 1 }]);
  });

  it('role and database names that need quoting (spaces, quotes, unicode, 63 bytes) work end to end', async () => {
    const names = ['my role', 'o\'brien "the" \\ one', 'rôle-ünï-数据', 'r'.repeat(60) + 'é' + 'x', 'Upper;DROP TABLE x;--'];
    assert.equal(Buffer.byteLength(names[3]), 63);
    for (const [i, name] of names.entries()) {
      const role = await call(em, 'POST', roles(), { body: { role: { name } } });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      const db = `${name.slice(0, 40)} db${i}`;
      const made = await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/databases`, { body: { database: { name: db, owner_name: name } } });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const uri = await connectionUri(em, p.id, { role_name: name, database_name: db });
      assert.deepEqual(await sql(/[;/?#]/.test(db) ? pgConfig(uri) : uri, who), [{ u: name, d: db }]);
      assert.deepEqual(await psql(uri, 'SELECT current_user, current_database()'), { ok: true, out: `${name}|${db}` });
    }
    const tooLong = await call(em, 'POST', roles(), { body: { role: { name: 'r'.repeat(62) + 'é' } } });
    assert.equal(tooLong.status, 400);
  });

  it('the router refuses a connection without an endpoint, to an unknown endpoint, or as the system superuser', async () => {
    const u = new URL(p.uri);
    const base = `postgresql://${u.username}:${u.password}@${u.host}/neondb?sslmode=disable`;
    assert.equal(await refused(base), '08004');
    assert.equal(await refused(`${base}&options=endpoint%3Dep-nowhere-12345678`), 'XX000');
    assert.equal(await refused(p.uri.replace(/^postgresql:\/\/neondb_owner:/, 'postgresql://cloud_admin:')), '28000');
  });

  it('a CancelRequest through the router cancels the running query (57014)', async () => {
    const c = new pg.Client({ connectionString: p.uri });
    await c.connect();
    try {
      const running = c.query('SELECT pg_sleep(30)');
      await new Promise((r) => setTimeout(r, 200));
      const { processID, secretKey } = c as unknown as { processID: number; secretKey: number };
      const packet = Buffer.alloc(16);
      packet.writeInt32BE(16, 0);
      packet.writeInt32BE(80877102, 4);
      packet.writeInt32BE(processID, 8);
      packet.writeInt32BE(secretKey, 12);
      const u = new URL(p.uri);
      const sock = net.connect(Number(u.port), u.hostname, () => sock.end(packet));
      sock.on('error', () => undefined);
      await assert.rejects(running, (e: { code?: string }) => e.code === '57014');
    } finally {
      await c.end();
    }
  });

  it('a read-only endpoint reads the branch and refuses writes', async () => {
    const br = await call(em, 'POST', `/projects/${p.id}/branches`, { body: { endpoints: [{ type: 'read_write' }, { type: 'read_only' }] } });
    assert.equal(br.status, 201);
    const ro = br.body.endpoints.find((e: { type: string }) => e.type === 'read_only').id;
    const uri = p.uri.replace(/endpoint%3D[a-z0-9-]+/, `endpoint%3D${ro}`);
    assert.deepEqual(await sql(uri, 'SELECT count(*)::int AS n FROM builder_t'), [{ n: 1 }]);
    await assert.rejects(sql(uri, 'CREATE TABLE ro_t (x int)'), (e: { code?: string }) => e.code === '25006');
  });

  it('every response above matched the OpenAPI document', () => {
    noViolations(em);
  });
});

describe('emulator data plane: a password with every special character', function () {
  this.timeout(60000);
  let em: Emulator;
  before(async function () {
    needPostgres(this);
    // Every password the emulator issues carries the marker.
    em = await startWithPostgres({ secretMarker: ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~é' });
  });
  after(async () => {
    await em?.close();
  });

  it('connects with node-postgres and psql from the URI, and a reset one too', async () => {
    const p = await newProject(em);
    assert.ok(p.password.includes('@:/?#%'.slice(0, 1)) && p.password.includes('\\') && p.password.includes("'"));
    assert.deepEqual(await sql(p.uri, 'SELECT current_user AS u'), [{ u: 'neondb_owner' }]);
    assert.deepEqual(await psql(p.uri, 'SELECT current_user'), { ok: true, out: 'neondb_owner' });
    const reset = await call(em, 'POST', `/projects/${p.id}/branches/${p.branchId}/roles/neondb_owner/reset_password`);
    const uri = await connectionUri(em, p.id, { role_name: 'neondb_owner', database_name: 'neondb' });
    assert.equal(decodeURIComponent(new URL(uri).password), reset.body.role.password);
    assert.deepEqual(await psql(uri, 'SELECT 2'), { ok: true, out: '2' });
    assert.equal(await refused(p.uri), '28P01');
  });
});

describe('emulator data plane: the small seed', function () {
  this.timeout(60000);
  let em: Emulator;
  before(async function () {
    needPostgres(this);
    em = await startEmulator({ apiKey: 'napi_small', operationMs: 0, postgres: true });
  });
  after(async () => {
    await em?.close();
  });

  it('every role of a seeded project logs in on its branches with the password the API reveals', async () => {
    const branches = (await call(em, 'GET', `/projects/${WEB}/branches`)).body.branches as { id: string; name: string }[];
    for (const b of branches.filter((x) => ['main', 'dev'].includes(x.name))) {
      for (const role of ['neondb_owner', 'app_user']) {
        const uri = await connectionUri(em, WEB, { branch_id: b.id, role_name: role, database_name: 'neondb' });
        const revealed = (await call(em, 'GET', `/projects/${WEB}/branches/${b.id}/roles/${role}/reveal_password`)).body.password;
        assert.equal(decodeURIComponent(new URL(uri).password), revealed);
        assert.deepEqual(await sql(uri, 'SELECT current_user AS u, current_database() AS d'), [{ u: role, d: 'neondb' }], `${role} on ${b.name}`);
      }
    }
  });
});

