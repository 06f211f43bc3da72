import { strict as assert } from 'assert';
import fc from 'fast-check';
import { compareConnection, computeHost, computeIdOf, connectionPlaceOf, freeSecretName, replacementQuestion, otherNameProblem, secretNameProblem, unpooledName } from '../../src/env/target';

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
    assert.match(otherNameProblem('REPORTING', new Map([['REPORTING_UNPOOLED', 'sqlite:x']]), next) ?? '', /REPORTING_UNPOOLED already holds a connection string to another database/);
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
