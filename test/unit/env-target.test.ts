import { strict as assert } from 'assert';
import fc from 'fast-check';
import { compareConnection, computeHost, computeIdOf, connectionPlaceOf, isPooledUri, entriesForNamed, freeSecretName, pgClash, pgComputeId, replacementQuestion, otherNameProblem, secretNameProblem, unpooledName } from '../../src/env/target';
import { validateEnvKey } from '../../src/env/merge';
import { parseConnectionUri } from '../../src/env/connection';

const HOST = 'ep-cool-darkness-123456.us-east-2.aws.neon.tech';
const POOLER = 'ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech';
const url = (user: string, pw: string, host: string, db: string) => `postgresql://${user}:${pw}@${host}/${db}?sslmode=require`;

describe('env: what a connection string points at', () => {
  it('reads role, database, compute host and port; never the password', () => {
    const p = connectionPlaceOf(url('app_user', 's3cret-pw', POOLER, 'neondb'));
    assert.deepEqual(p, { user: 'app_user', database: 'neondb', host: HOST, port: '5432' });
    assert.ok(!JSON.stringify(p).includes('s3cret-pw'));
  });

  it('pooled and direct hosts of one compute are the same compute', () => {
    assert.equal(computeHost(POOLER), HOST);
    assert.equal(computeHost(HOST.toUpperCase()), HOST);
    assert.equal(computeHost('[::1]'), '::1');
  });

  it('not a postgres URL: undefined', () => {
    for (const v of ['', 'sqlite:./dev.db', 'not a url', 'https://example.com/db', undefined]) assert.equal(connectionPlaceOf(v), undefined, String(v));
  });

  it('an empty or unset variable is new: nothing to ask', () => {
    assert.deepEqual(compareConnection(undefined, url('a', 'p', HOST, 'db')), { kind: 'new' });
    assert.deepEqual(compareConnection('  ', url('a', 'p', HOST, 'db')), { kind: 'new' });
  });

  it('a new password for the same role, database and compute is the same place', () => {
    assert.equal(compareConnection(url('app_user', 'old', POOLER, 'neondb'), url('app_user', 'new', POOLER, 'neondb')).kind, 'same');
    assert.equal(compareConnection(url('app_user', 'old', HOST, 'neondb'), url('app_user', 'new', POOLER, 'neondb')).kind, 'same');
  });

  it('another role, database, compute or port is elsewhere', () => {
    const next = url('app_user', 'p', POOLER, 'neondb');
    for (const current of [
      url('reporting_ro', 'p', POOLER, 'neondb'),
      url('app_user', 'p', POOLER, 'analytics'),
      url('app_user', 'p', 'ep-other-999-pooler.us-east-2.aws.neon.tech', 'neondb'),
      `postgresql://app_user:p@${POOLER}:6543/neondb`,
      'sqlite:./dev.db',
    ]) {
      assert.equal(compareConnection(current, next).kind, 'elsewhere', current);
    }
  });

  it('one host and port, another compute named in options=endpoint (a client without SNI, a local router): elsewhere', () => {
    const at = (ep: string, pw = 'p') => `postgresql://app_user:${pw}@127.0.0.1:40123/neondb?sslmode=disable&options=endpoint%3D${ep}`;
    assert.equal(connectionPlaceOf(at('ep-winter-wind-1-pooler'))!.endpoint, 'ep-winter-wind-1');
    assert.equal(compareConnection(at('ep-main-1'), at('ep-dev-2')).kind, 'elsewhere');
    assert.equal(compareConnection(at('ep-main-1', 'old'), at('ep-main-1-pooler', 'new')).kind, 'same', 'pooled and direct of one compute, new password');
  });

  it('property: the password never decides, the place always does', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
    fc.assert(
      fc.property(word, word, word, word, word, (user, db, pw1, pw2, other) => {
        const host = `ep-${user.replace(/_/g, '')}-1.aws.neon.tech`;
        assert.equal(compareConnection(url(user, pw1, host, db), url(user, pw2, host, db)).kind, 'same');
        const r = compareConnection(url(other, pw1, host, db), url(user, pw2, host, db)).kind;
        assert.equal(r, other === user ? 'same' : 'elsewhere');
      }),
    );
  });

  it('the question names the branch on both sides (the project when they differ, the database when it differs) and holds no password', () => {
    const main = { project: 'acme-web', branch: 'main' };
    const r = compareConnection(url('reporting_ro', 'ro-pass', POOLER, 'neondb'), url('app_user', 'app-pass', POOLER, 'neondb'));
    if (r.kind !== 'elsewhere') return assert.fail('elsewhere expected');
    assert.deepEqual(replacementQuestion('DATABASE_URL', r, main, main), {
      text: 'DATABASE_URL connects to branch main (reporting_ro) — replace it with branch main (app_user)?',
      next: 'branch main (app_user)',
    });
    const d = compareConnection(url('app_user', 'x', 'ep-far-2.eu.aws.neon.tech', 'analytics'), url('app_user', 'y', POOLER, 'neondb'));
    if (d.kind !== 'elsewhere') return assert.fail('elsewhere expected');
    assert.equal(
      replacementQuestion('DATABASE_URL', d, { project: 'acme-api', branch: 'dev' }, main).text,
      'DATABASE_URL connects to branch dev of project acme-api (app_user, database analytics) — replace it with branch main of project acme-web (app_user, database neondb)?',
    );
    // The old branch unknown: its host, as before, against the branch being saved.
    const unknown = replacementQuestion('DATABASE_URL', d, undefined, main);
    assert.deepEqual(unknown, {
      text: 'DATABASE_URL points at app_user@ep-far-2.eu.aws.neon.tech (database analytics) — replace with app_user@acme-web/main (database neondb)?',
      next: 'app_user@acme-web/main (database neondb)',
    });
    const notUrl = compareConnection('file:./x.db', url('app_user', 'y', POOLER, 'neondb'));
    if (notUrl.kind !== 'elsewhere') return assert.fail('elsewhere expected');
    assert.match(replacementQuestion('DATABASE_URL', notUrl, main, main).text, /^DATABASE_URL points at a value that is not a postgres:\/\/ connection string — replace with/);
    for (const l of [unknown.text, replacementQuestion('DATABASE_URL', d, main, main).text]) assert.ok(!/pass|:x@|:y@/.test(l), l);
  });

  it('the compute of a URL: the endpoint in options (one host for all, as on the data plane), else the ep-… host', () => {
    const at = (u: string) => computeIdOf(connectionPlaceOf(u)!);
    assert.equal(at(url('u', 'p', POOLER, 'db')), 'ep-cool-darkness-123456');
    assert.equal(at('postgresql://u:p@127.0.0.1:5432/db?sslmode=disable&options=endpoint%3Dep-dev-1-pooler'), 'ep-dev-1');
    assert.equal(at('postgresql://u:p@127.0.0.1:5432/db?sslmode=disable&options=endpoint%3Dep-main-2'), 'ep-main-2');
  });

  it('another variable name: valid, not the replaced one, not one that points elsewhere', () => {
    const next = url('app_user', 'p', POOLER, 'neondb');
    const existing = new Map([
      ['DATABASE_URL', url('reporting_ro', 'q', POOLER, 'neondb')],
      ['REPORTING_URL', url('reporting_ro', 'q', POOLER, 'neondb')],
      ['APP_URL', url('app_user', 'old', POOLER, 'neondb')],
    ]);
    assert.equal(unpooledName('APP_URL'), 'APP_URL_UNPOOLED');
    assert.equal(otherNameProblem('APP_URL', existing, next, ['DATABASE_URL']), undefined, 'same place, older password: fine');
    assert.equal(otherNameProblem('NEW_URL', existing, next, ['DATABASE_URL']), undefined);
    assert.match(otherNameProblem('', existing, next) ?? '', /Enter a variable name/);
    assert.match(otherNameProblem('1BAD', existing, next) ?? '', /letters, digits/);
    assert.match(otherNameProblem('HAS SPACE', existing, next) ?? '', /letters, digits/);
    assert.match(otherNameProblem('DATABASE_URL', existing, next, ['DATABASE_URL']) ?? '', /being replaced/);
    assert.match(otherNameProblem('REPORTING_URL', existing, next) ?? '', /REPORTING_URL already holds a connection string to another database in this file/);
    assert.equal(otherNameProblem('REPORTING', new Map([['REPORTING_UNPOOLED', 'sqlite:x']]), next), 'REPORTING_UNPOOLED is already set in this file (to something else): choose another name');
  });

  it('a name holding something that is no connection string is said to be set, without its value (walk 35: PORT=3000 was "a connection string to another database")', () => {
    const problem = otherNameProblem('PORT', new Map([['PORT', '3000']]), url('app_user', 'pw', POOLER, 'neondb'));
    assert.equal(problem, 'PORT is already set in this file (to something else): choose another name');
    assert.ok(!problem!.includes('3000'));
  });

  it('only POSIX shell names are accepted (walk 35: owner.db-url broke `set -a; . ./.env`), and the rule says so', () => {
    const next = url('app_user', 'pw', POOLER, 'neondb');
    for (const bad of ['owner.db-url', 'DB-URL', 'a.b', '9X', 'ÄPFEL']) {
      assert.equal(otherNameProblem(bad, new Map(), next), 'Use letters, digits and _ only, starting with a letter or _ (a name a shell can read)', bad);
      assert.equal(secretNameProblem(bad, new Map(), 'napi_x'), 'Use letters, digits and _ only, starting with a letter or _ (a name a shell can read)', bad);
      assert.throws(() => validateEnvKey(bad), /letters, digits and "_" only/);
    }
    for (const good of ['DATABASE_URL_NEONDB_OWNER', '_x', 'a1']) {
      assert.equal(otherNameProblem(good, new Map(), next), undefined);
      validateEnvKey(unpooledName(good)); // the suggested _UNPOOLED partner is a shell name too
    }
  });
});

describe('env: another name for a secret that is not a connection (an API key)', () => {
  const existing = new Map([['NEON_API_KEY', 'napi_old'], ['NEON_API_KEY_CI', 'napi_ci'], ['EMPTY', '']]);
  it('refuses a name that holds another value, allows a free one, an empty one or the same value', () => {
    assert.match(secretNameProblem('NEON_API_KEY', existing, 'napi_new') ?? '', /NEON_API_KEY is already set in the file/);
    assert.equal(secretNameProblem(' NEON_API_KEY_2 ', existing, 'napi_new'), undefined);
    assert.equal(secretNameProblem('EMPTY', existing, 'napi_new'), undefined);
    assert.equal(secretNameProblem('NEON_API_KEY', existing, 'napi_old'), undefined);
    assert.match(secretNameProblem('', existing, 'x') ?? '', /Enter a variable name/);
    assert.match(secretNameProblem('1KEY', existing, 'x') ?? '', /letters, digits/);
  });
  it('suggests the base name with the key name in upper case, numbered past the names taken', () => {
    assert.equal(freeSecretName('NEON_API_KEY', 'second key', existing), 'NEON_API_KEY_SECOND_KEY');
    assert.equal(freeSecretName('NEON_API_KEY', 'ci', existing), 'NEON_API_KEY_CI_2');
    assert.equal(freeSecretName('NEON_API_KEY', '—', existing), 'NEON_API_KEY_NEW');
  });
});

describe('env: a connection into the variables a warning named (walk 35)', () => {
  const pooled = url('app_user', 'new-pw', POOLER, 'neondb');
  const direct = url('app_user', 'new-pw', HOST, 'neondb');
  const uris = { pooled, unpooled: direct };
  const current = new Map([
    ['DATABASE_URL', url('other', 'x', POOLER, 'neondb')],
    ['DATABASE_URL_NEONDB_OWNER', url('report_reader', 'old', POOLER, 'neondb')],
    ['OWNER_DIRECT', url('report_reader', 'old', HOST, 'neondb')],
    ['PGHOST', POOLER],
    ['PGUSER', 'report_reader'],
    ['PGPASSWORD', 'old'],
    ['PGSSLMODE', 'require'],
  ]);

  it('writes exactly the named URL variables, each pooled or direct as it was, and nothing else (not DATABASE_URL)', () => {
    assert.deepEqual(entriesForNamed(current, ['DATABASE_URL_NEONDB_OWNER', 'OWNER_DIRECT'], uris), { DATABASE_URL_NEONDB_OWNER: pooled, OWNER_DIRECT: direct });
  });

  it('a variable without a connection string now goes by its name: _UNPOOLED is direct', () => {
    assert.deepEqual(entriesForNamed(new Map(), ['X', 'X_UNPOOLED'], uris), { X: pooled, X_UNPOOLED: direct });
  });

  it('the pooler named only in options=endpoint (one host for every compute) counts as pooled', () => {
    const onOneHost = (ep: string) => `postgresql://u:p@127.0.0.1:5432/neondb?sslmode=disable&options=endpoint%3D${ep}`;
    const m = new Map([['A', onOneHost('ep-a-1-pooler')], ['B', onOneHost('ep-a-1')]]);
    assert.deepEqual(entriesForNamed(m, ['A', 'B'], uris), { A: pooled, B: direct });
  });

  it('a named PGPASSWORD gets the password, with the other PG* variables the file sets (one connection), after the URLs', () => {
    const out = entriesForNamed(current, ['DATABASE_URL_NEONDB_OWNER', 'PGPASSWORD'], uris);
    assert.deepEqual(Object.keys(out), ['DATABASE_URL_NEONDB_OWNER', 'PGHOST', 'PGUSER', 'PGPASSWORD', 'PGSSLMODE']);
    assert.deepEqual([out.PGHOST, out.PGUSER, out.PGPASSWORD, out.PGSSLMODE], [POOLER, 'app_user', 'new-pw', 'require']);
    assert.equal(parseConnectionUri(out.DATABASE_URL_NEONDB_OWNER!).password, 'new-pw');
  });

  it('the compute the PG* variables lead to: PGOPTIONS endpoint, else PGHOST', () => {
    assert.equal(pgComputeId(new Map([['PGHOST', POOLER]])), 'ep-cool-darkness-123456');
    assert.equal(pgComputeId(new Map([['PGHOST', '127.0.0.1'], ['PGOPTIONS', 'endpoint=ep-b-2-pooler']])), 'ep-b-2');
    assert.equal(pgComputeId(new Map()), undefined);
  });
});

describe('env: PG* variables that connect elsewhere are asked about (walk 35: PGHOST=keepme.example.com was overwritten)', () => {
  const entries = { DATABASE_URL: 'x', PGHOST: POOLER, PGHOST_UNPOOLED: HOST, PGUSER: 'app_user', PGDATABASE: 'neondb', PGPASSWORD: 'new', PGSSLMODE: 'require' };
  it('names the PG* variables set to another host, role or database, with their values', () => {
    assert.deepEqual(pgClash(new Map([['PGHOST', 'keepme.example.com'], ['PORT', '3000']]), entries), [['PGHOST', 'keepme.example.com']]);
    assert.deepEqual(pgClash(new Map([['PGUSER', 'bob'], ['PGDATABASE', 'neondb']]), entries), [['PGUSER', 'bob']]);
  });
  it('the same place (pooled or direct host, another password or sslmode) and unset variables are no clash', () => {
    assert.deepEqual(pgClash(new Map([['PGHOST', HOST], ['PGUSER', 'app_user'], ['PGPASSWORD', 'old'], ['PGSSLMODE', 'prefer'], ['PGDATABASE', '']]), entries), []);
    assert.deepEqual(pgClash(new Map(), entries), []);
  });
});

describe('isPooledUri', () => {
  it('knows a pooled URL by its host or by the compute options=endpoint= names', () => {
    assert.strictEqual(isPooledUri('postgresql://u:p@ep-a-1-pooler.us-east-2.aws.neon.tech/db?sslmode=require'), true);
    assert.strictEqual(isPooledUri('postgresql://u:p@ep-a-1.us-east-2.aws.neon.tech/db?sslmode=require'), false);
    assert.strictEqual(isPooledUri('postgresql://u:p@127.0.0.1:5433/db?options=endpoint%3Dep-damp-lake-a5-pooler'), true);
    assert.strictEqual(isPooledUri('postgresql://u:p@127.0.0.1:5433/db?options=endpoint%3Dep-damp-lake-a5'), false);
    assert.strictEqual(isPooledUri('not a url'), false);
  });
});
