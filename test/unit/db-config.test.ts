import * as assert from 'node:assert/strict';
import { clientConfig, ConnectionConfigError, parseConnectionSpec, tlsOptions } from '../../src/db/config';
import { databaseNameProblem } from '../../src/db/names';
import { findPsql, psqlInstallHint, psqlLaunch } from '../../src/db/psql';

// A password with every printable ASCII special character, percent-encoded as Neon's API does.
const SPECIAL = ` !"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`;
const NEON = 'postgresql://alex:AbC123dEf@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require';

describe('db/config: a connection string → node-postgres', () => {
  it("splits Neon's string: host, default port, role, password, database, TLS without verification (libpq's require), channel binding", () => {
    const spec = parseConnectionSpec(NEON);
    assert.deepEqual(spec, { host: 'ep-cool-darkness-123456.us-east-2.aws.neon.tech', port: 5432, user: 'alex', password: 'AbC123dEf', database: 'neondb', sslmode: 'require', channelBinding: 'require' });
    const c = clientConfig(spec);
    assert.deepEqual(c.ssl, { rejectUnauthorized: false });
    assert.equal(c.enableChannelBinding, true);
    assert.equal(c.application_name, 'Neon Explorer');
    assert.equal(c.connectionTimeoutMillis, 15_000);
  });

  it('decodes a password with every special character and names with spaces, quotes and unicode', () => {
    const role = `o'brien "x" é`;
    const db = 'my db; drop "t"';
    const uri = `postgresql://${encodeURIComponent(role)}:${encodeURIComponent(SPECIAL)}@127.0.0.1:6543/${encodeURIComponent(db)}?sslmode=disable`;
    const spec = parseConnectionSpec(uri);
    assert.equal(spec.password, SPECIAL);
    assert.equal(spec.user, role);
    assert.equal(spec.database, db);
    assert.equal(spec.port, 6543);
    assert.equal(clientConfig(spec).ssl, false);
  });

  it('sslmode follows libpq: verify-full checks chain and name, verify-ca the chain only, prefer is the default', () => {
    assert.deepEqual(tlsOptions({ sslmode: 'verify-full', host: 'h' }), { rejectUnauthorized: true });
    const ca = tlsOptions({ sslmode: 'verify-ca', host: 'h' });
    assert.ok(ca && ca.rejectUnauthorized && ca.checkServerIdentity && ca.checkServerIdentity() === undefined);
    assert.equal(parseConnectionSpec('postgres://u:p@h/d').sslmode, 'prefer');
    assert.equal(clientConfig(parseConnectionSpec('postgres://u:p@h/d?sslmode=disable&channel_binding=require')).enableChannelBinding, false, 'no channel binding without TLS');
  });

  it('keeps options=endpoint%3D… and connect_timeout', () => {
    const spec = parseConnectionSpec('postgresql://u:p@h/d?options=endpoint%3Dep-x-1&connect_timeout=3');
    assert.equal(spec.options, 'endpoint=ep-x-1');
    assert.equal(clientConfig(spec).connectionTimeoutMillis, 3000);
  });

  it('refuses what it cannot use, without repeating the string (it holds a password)', () => {
    for (const bad of ['not a url secretpw1', 'mysql://u:secretpw1@h/d', 'postgresql://u:secretpw1@h/d?sslmode=maybe', 'postgresql://u:secretpw1@h/d?channel_binding=x', 'postgresql://u:secretpw1@h/']) {
      assert.throws(() => parseConnectionSpec(bad, 'DATABASE_URL'), (e: Error) => e instanceof ConnectionConfigError && !e.message.includes('secretpw1') && /DATABASE_URL/.test(e.message), bad);
    }
  });
});

describe('db/psql: the terminal is started with the password in its environment only', () => {
  it('puts every connection parameter in libpq variables; the arguments hold nothing from the string', () => {
    const uri = `postgresql://${encodeURIComponent('a=b role')}:${encodeURIComponent(SPECIAL)}@ep-x.neon.tech/${encodeURIComponent('db=x -c drop')}?sslmode=require&channel_binding=require&options=endpoint%3Dep-x`;
    const l = psqlLaunch(parseConnectionSpec(uri));
    assert.deepEqual(l.args, ['--no-password']);
    assert.deepEqual(l.env, {
      PGHOST: 'ep-x.neon.tech',
      PGPORT: '5432',
      PGUSER: 'a=b role',
      PGDATABASE: 'db=x -c drop',
      PGPASSWORD: SPECIAL,
      PGSSLMODE: 'require',
      PGCHANNELBINDING: 'require',
      PGOPTIONS: 'endpoint=ep-x',
      PGCONNECT_TIMEOUT: '15',
    });
  });

  it('finds psql on PATH first, then where installers put it; none → undefined', () => {
    const files = new Set(['/opt/pg/bin/psql', '/opt/homebrew/bin/psql', 'C:\\Program Files\\PostgreSQL\\16\\bin\\psql.exe']);
    const isFile = (p: string) => files.has(p);
    assert.equal(findPsql({ platform: 'linux', env: { PATH: '/usr/bin:/opt/pg/bin' }, isFile }), '/opt/pg/bin/psql');
    assert.equal(findPsql({ platform: 'darwin', env: { PATH: '/usr/bin' }, isFile }), '/opt/homebrew/bin/psql');
    assert.equal(findPsql({ platform: 'win32', env: { Path: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' }, isFile }), 'C:\\Program Files\\PostgreSQL\\16\\bin\\psql.exe');
    assert.equal(findPsql({ platform: 'linux', env: { PATH: '/usr/bin' }, isFile }), undefined);
  });

  it('says how to install psql on each system', () => {
    assert.match(psqlInstallHint('linux'), /apt-get install postgresql-client/);
    assert.match(psqlInstallHint('darwin'), /brew install libpq.*Postgres\.app/);
    assert.match(psqlInstallHint('win32'), /installer for Windows/);
    for (const p of ['linux', 'darwin', 'win32'] as const) assert.match(psqlInstallHint(p), /^psql is not installed.*\.$/);
  });
});

describe('db/names: a new database name', () => {
  it('counts 63 bytes of UTF-8, not characters', () => {
    assert.equal(databaseNameProblem('é'.repeat(31) + 'a'), undefined);
    assert.match(databaseNameProblem('é'.repeat(32))!, /63 bytes of UTF-8; this one is 64 bytes \(letters such as/);
  });
  it('allows spaces, quotes and unicode inside; refuses edges, control characters, system names and collisions', () => {
    assert.equal(databaseNameProblem(`my "quoted" db ü`), undefined);
    assert.match(databaseNameProblem(' x')!, /spaces at the start or end/);
    assert.match(databaseNameProblem('a\nb')!, /control characters/);
    assert.match(databaseNameProblem('template1')!, /exists in every Postgres cluster/);
    assert.match(databaseNameProblem('neondb', ['neondb', 'app'])!, /already has a database named "neondb"/);
    assert.equal(databaseNameProblem('Neondb', ['neondb']), undefined, 'names are case-sensitive in Postgres');
    assert.match(databaseNameProblem('')!, /Enter a name/);
    assert.equal(databaseNameProblem('   '), 'A name cannot be only spaces: type one', 'not "remove the spaces at the edges", which would leave nothing');
  });
});

describe('db/psql: the setting neonExplorer.psql.path', () => {
  it('is used as it is when it names a file, with no fallback when it does not', () => {
    const isFile = (p: string) => p === '/opt/pg/bin/psql' || p === '/usr/bin/psql';
    assert.equal(findPsql({ configured: '/opt/pg/bin/psql', platform: 'linux', env: { PATH: '/usr/bin' }, isFile }), '/opt/pg/bin/psql');
    assert.equal(findPsql({ configured: '/nope/psql', platform: 'linux', env: { PATH: '/usr/bin' }, isFile }), undefined);
    assert.equal(findPsql({ configured: '  ', platform: 'linux', env: { PATH: '/usr/bin' }, isFile }), '/usr/bin/psql', 'blank = not set');
    assert.match(psqlInstallHint('linux', '/nope/psql'), /^There is no psql at \/nope\/psql \(setting neonExplorer\.psql\.path\)\. Install it/);
  });
});
