import * as assert from 'node:assert/strict';
import { classifyConnectError, type ConnectContext } from '../../src/db/errors';

const ctx: ConnectContext = { role: 'app_user', database: 'neondb', host: 'ep-x.neon.tech', port: 5432, where: 'branch main', sslmode: 'require', secrets: ['s3cr3t-pass'] };
const err = (code: string | undefined, message: string) => Object.assign(new Error(message), code ? { code } : {});

describe('db/errors: a failed connection as one sentence', () => {
  const cases: Array<[string, Error, Partial<ConnectContext>, string, RegExp, boolean]> = [
    ['wrong password', err('28P01', 'password authentication failed for user "app_user"'), {}, 'password', /^Postgres refused the password of role app_user on branch main \(28P01\).*Reset the password/, false],
    ['role refused', err('28000', 'role "x" does not exist'), {}, 'role', /refused role app_user .*\(28000\): role "x" does not exist/, false],
    ['no database', err('3D000', 'database "neondb" does not exist'), {}, 'database', /^Database neondb does not exist on branch main \(3D000\)/, false],
    ['starting (57P03)', err('57P03', 'the database system is starting up'), {}, 'starting', /is starting \(57P03\)\. Try again in a few seconds\.$/, true],
    ['Neon proxy: compute suspended', err('XX000', "Couldn't connect to compute node"), { computeState: 'idle' }, 'suspended', /is suspended and did not start in time/, true],
    ['Neon proxy: endpoint disabled', err('XX000', 'endpoint is disabled'), {}, 'disabled', /is disabled.*Enable it in the Neon Console\.$/, false],
    ['refused port', err('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:5432'), {}, 'network', /^Nothing accepts connections at ep-x\.neon\.tech \(ECONNREFUSED\)/, true],
    ['refused while suspended', err('ECONNREFUSED', 'connect ECONNREFUSED'), { computeState: 'idle' }, 'network', /suspended and did not start/, true],
    ['DNS', err('ENOTFOUND', 'getaddrinfo ENOTFOUND ep-x.neon.tech'), {}, 'dns', /could not be resolved \(ENOTFOUND\)/, true],
    ['unreachable', err('ETIMEDOUT', 'connect ETIMEDOUT'), {}, 'network', /cannot be reached \(ETIMEDOUT\)/, true],
    ['self-signed', err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), {}, 'tls', /TLS handshake with ep-x\.neon\.tech failed \(DEPTH_ZERO_SELF_SIGNED_CERT\).*sslmode=require/, false],
    ['no TLS on server', err(undefined, 'The server does not support SSL connections'), {}, 'tls', /^TLS failed with ep-x\.neon\.tech: The server does not support SSL connections/, false],
    ['timeout', err(undefined, 'Connection terminated due to connection timeout'), {}, 'timeout', /did not answer in time/, true],
    ['timeout while suspended', err(undefined, 'Connection terminated due to connection timeout'), { computeState: 'idle' }, 'suspended', /suspended and did not answer in time/, true],
    ['too many', err('53300', 'sorry, too many clients already'), {}, 'limit', /no connection slot free \(53300\)/, true],
    ['shut down', err('57P01', 'terminating connection due to administrator command'), {}, 'closed', /shut the connection \(57P01\)/, true],
    ['other SQLSTATE', err('42501', 'permission denied for database neondb'), {}, 'other', /^Postgres refused the connection \(42501\): permission denied/, false],
    ['unknown', new Error('boom'), {}, 'other', /^Connecting to ep-x\.neon\.tech failed: boom\.$/, false],
  ];
  for (const [name, e, extra, kind, sentence, retryable] of cases) {
    it(`${name} → ${kind}`, () => {
      const f = classifyConnectError(e, { ...ctx, ...extra });
      assert.equal(f.kind, kind);
      assert.match(f.sentence, sentence);
      assert.match(f.sentence, /[.!?]$/, 'a sentence');
      assert.equal(f.retryable, retryable);
    });
  }

  it('never repeats the password or a connection string the server or Node quoted', () => {
    const f = classifyConnectError(err(undefined, 'bad thing at postgresql://app_user:other@h/db with s3cr3t/pass and s3cr3t%2Fpass'), { ...ctx, secrets: ['s3cr3t/pass'] });
    assert.doesNotMatch(f.sentence, /s3cr3t|other@/);
    assert.match(f.sentence, /«redacted»/);
  });

  it('accepts anything thrown (a string, undefined)', () => {
    assert.equal(classifyConnectError('nope', ctx).kind, 'other');
    assert.equal(classifyConnectError(undefined, ctx).kind, 'other');
  });
});
