import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as dotenv from 'dotenv';
import { connectionEnv, apiKeyEntry, parseConnectionUri, resolveKeyNames, ConnectionUriError } from '../../src/env/connection';
import { mergeEnv, EnvMergeError } from '../../src/env/merge';

const POOLED = 'postgresql://alex:AbC123dEf@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/dbname?sslmode=require&channel_binding=require';
const DIRECT = 'postgresql://alex:AbC123dEf@ep-cool-darkness-123456.us-east-2.aws.neon.tech/dbname?sslmode=require&channel_binding=require';

describe('env/connection', () => {
  it('writes the two URLs by default', () => {
    assert.deepEqual(connectionEnv({ pooled: POOLED, unpooled: DIRECT }), { DATABASE_URL: POOLED, DATABASE_URL_UNPOOLED: DIRECT });
  });

  it('adds the PG* variables on request: pooled host as PGHOST, direct host as PGHOST_UNPOOLED', () => {
    assert.deepEqual(connectionEnv({ pooled: POOLED, unpooled: DIRECT }, { includePgVars: true }), {
      DATABASE_URL: POOLED,
      DATABASE_URL_UNPOOLED: DIRECT,
      PGHOST: 'ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech',
      PGHOST_UNPOOLED: 'ep-cool-darkness-123456.us-east-2.aws.neon.tech',
      PGUSER: 'alex',
      PGDATABASE: 'dbname',
      PGPASSWORD: 'AbC123dEf',
      PGSSLMODE: 'require',
      PGCHANNELBINDING: 'require',
    });
  });

  it("adds libpq's variables for what the URI says besides the PG* five: a port other than 5432, sslmode, channel_binding, options", () => {
    // Neon's own URIs: port 5432 (or none), sslmode and channel_binding.
    const neon = connectionEnv({ pooled: POOLED, unpooled: DIRECT }, { includePgVars: true });
    assert.equal(neon.PGSSLMODE, 'require');
    assert.equal(neon.PGCHANNELBINDING, 'require');
    assert.ok(!('PGPORT' in neon) && !('PGOPTIONS' in neon));
    const local = (h: string) => `postgresql://u:p@${h}:6543/db?sslmode=disable&options=endpoint%3Dep-a-1`;
    const env = connectionEnv({ pooled: local('127.0.0.1'), unpooled: local('127.0.0.1') }, { includePgVars: true });
    assert.deepEqual([env.PGPORT, env.PGSSLMODE, env.PGOPTIONS], ['6543', 'disable', 'endpoint=ep-a-1']);
    assert.equal(connectionEnv({ pooled: POOLED.replace('.tech/', '.tech:5432/'), unpooled: DIRECT }, { includePgVars: true }).PGPORT, undefined);
    // Off: the two URLs only.
    assert.deepEqual(Object.keys(connectionEnv({ pooled: local('h'), unpooled: local('h') })), ['DATABASE_URL', 'DATABASE_URL_UNPOOLED']);
  });

  it('decodes percent-encoding in user, password and database', () => {
    const uri = (h: string) => `postgres://al%40ex:p%2F%3A%40%25%20w@${h}/my%20db`;
    const env = connectionEnv({ pooled: uri('a-pooler.neon.tech'), unpooled: uri('a.neon.tech') }, { includePgVars: true });
    assert.equal(env.PGUSER, 'al@ex');
    assert.equal(env.PGPASSWORD, 'p/:@% w');
    assert.equal(env.PGDATABASE, 'my db');
    assert.equal(parseConnectionUri('postgresql://u:p@[::1]:5433/d').host, '::1');
  });

  it('uses key names from settings, falling back to the defaults', () => {
    const env = connectionEnv({ pooled: POOLED, unpooled: DIRECT }, { names: { databaseUrl: 'POSTGRES_PRISMA_URL', pgPassword: 'DB_PASS', pgHost: '' }, includePgVars: true });
    assert.ok('POSTGRES_PRISMA_URL' in env && 'DB_PASS' in env && 'PGHOST' in env && !('DATABASE_URL' in env));
    assert.throws(() => resolveKeyNames({ pgUser: 'PGHOST' }), ConnectionUriError);
    assert.throws(() => resolveKeyNames({ pgUser: 'PG USER' }), EnvMergeError);
  });

  it('refuses bad URIs without echoing them (they contain the password)', () => {
    for (const bad of ['not a url secretpw', 'mysql://u:secretpw@h/db', 'postgresql://u:secretpw@h/', 'postgresql://:secretpw@h/db', 'postgresql://u:secretpw%zz@h/db']) {
      assert.throws(
        () => connectionEnv({ pooled: bad, unpooled: DIRECT }),
        (e: unknown) => e instanceof ConnectionUriError && /pooled/.test(e.message) && !e.message.includes('secretpw'),
        bad,
      );
    }
    assert.throws(() => connectionEnv({ pooled: POOLED, unpooled: DIRECT.replace('alex', 'bob') }), /different roles/);
  });

  it('apiKeyEntry', () => {
    assert.deepEqual(apiKeyEntry('napi_abc'), { NEON_API_KEY: 'napi_abc' });
    assert.deepEqual(apiKeyEntry('napi_abc', 'MY_KEY'), { MY_KEY: 'napi_abc' });
    assert.throws(() => apiKeyEntry(''), ConnectionUriError);
    assert.throws(() => apiKeyEntry('x', '9X'), EnvMergeError);
  });

  it('whatever the password, the PG* entries survive a round trip through a .env file (300 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 16 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }), (pw, user) => {
        const uri = (h: string) => `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(pw)}@${h}/neondb?sslmode=require`;
        const env = connectionEnv({ pooled: uri('h-pooler.neon.tech'), unpooled: uri('h.neon.tech') }, { includePgVars: true });
        assert.equal(env.PGPASSWORD, pw);
        assert.equal(env.PGUSER, user);
        try {
          assert.deepEqual({ ...dotenv.parse(mergeEnv('# neon\n', env)) }, env);
        } catch (e) {
          // Only a password dotenv cannot express may be refused, and then loudly.
          if (!(e instanceof EnvMergeError && /cannot be written in/.test(e.message))) throw e;
        }
      }),
      { numRuns: 300 },
    );
  });
});
