/** The sentence every failed command shows: one request id, at the end; buttons of actionable errors. */
import assert from 'node:assert/strict';
import { NeonApiError } from '../../src/api';
import { ActionableError, describeFailure, goneTarget, markAfterChange, markReadBeforeChange, withoutClause } from '../../src/commands/failure';

describe('commands: failure sentences', () => {
  it('an API error names its request id once, at the end', () => {
    const e = new NeonApiError({ kind: 'notFound', status: 404, message: 'not found', requestId: 'req-1' });
    const f = describeFailure('rename the project', e);
    assert.equal(f.message, "Couldn't rename the project: Neon could not find it (404): it may have been deleted, or this key cannot see it. Refresh the view. (request id req-1)");
    assert.equal(f.message.split('req-1').length, 2);
  });

  it('an error whose own message carries the request id (a rejected key) is not doubled', () => {
    const e = Object.assign(new Error('Neon rejected this API key (401): nothing was saved. (request id r-9)'), { requestId: 'r-9' });
    assert.equal(describeFailure('add the API key', e).message, "Couldn't add the API key: Neon rejected this API key (401): nothing was saved. (request id r-9)");
  });

  it('an actionable error keeps its sentence', () => {
    const f = describeFailure('add the API key', new ActionableError('The setting x is wrong.', [{ label: 'Open Settings', run: () => undefined }]));
    assert.equal(f.message, "Couldn't add the API key: The setting x is wrong.");
  });

  it('a change whose answer was lost (network, timeout) may have been made: the project or org it was made in is named to be read again; a read or a refusal is not', () => {
    const lost = (kind: 'network' | 'timeout', method: string) => new NeonApiError({ kind, message: 'socket hang up', method });
    const branchRow = { accountId: 'a', orgId: 'o', projectId: 'p', branchId: 'b', branchName: 'dev' };
    assert.deepEqual(describeFailure('create the branch', lost('network', 'POST'), branchRow).maybeApplied, { part: { accountId: 'a', projectId: 'p' } });
    assert.deepEqual(describeFailure('invite', lost('timeout', 'POST'), { accountId: 'a', orgId: 'o', orgName: 'Acme' }).maybeApplied, { part: { accountId: 'a', orgId: 'o' } });
    assert.deepEqual(describeFailure('create the branch', lost('network', 'DELETE')).maybeApplied, {}, 'from the palette: no row to read again');
    assert.equal(describeFailure('list', lost('network', 'GET'), branchRow).maybeApplied, undefined);
    const refused = new NeonApiError({ kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:9', method: 'POST' });
    assert.equal(describeFailure('create the branch', refused, branchRow).maybeApplied, undefined, 'no connection was made: nothing reached Neon');
    assert.equal(describeFailure('create', new NeonApiError({ kind: 'server', status: 503, message: 'down', method: 'POST' }), branchRow).maybeApplied, undefined, 'a 503 made nothing');
    // No Retry for a create that may have been made (sent again it could be made twice); a delete or a rename may be sent again.
    assert.equal(describeFailure('create the branch', lost('network', 'POST'), branchRow).retryable, false);
    assert.equal(describeFailure('delete the branch', lost('network', 'DELETE'), branchRow).retryable, true);
    assert.equal(describeFailure('rename the branch', lost('timeout', 'PATCH'), branchRow).retryable, true);
    assert.equal(describeFailure('create the branch', refused, branchRow).retryable, true, 'nothing reached Neon');
  });

  it('a 404 on a project or branch ref is "gone"; other statuses and refs are not', () => {
    const nf = { status: 404 };
    assert.deepEqual(goneTarget(nf, { accountId: 'a', orgId: 'o', projectId: 'p', projectName: 'shop' }), {
      what: 'The project shop',
      refresh: { accountId: 'a', orgId: 'o', part: 'projects' },
    });
    assert.deepEqual(goneTarget(nf, { accountId: 'a', projectId: 'p', projectName: 'shop', branchId: 'b', branchName: 'dev' })?.what, 'The branch dev (or its project shop)');
    assert.equal(goneTarget({ status: 403 }, { accountId: 'a', projectId: 'p' }), undefined);
    assert.equal(goneTarget(nf, { accountId: 'a', orgId: 'o', orgName: 'Acme' }), undefined);
  });

  it('a 404 is named by what Neon says it could not find: a role or database the command acted on, the branch for certain, the project', () => {
    const role = { accountId: 'a', projectId: 'p', projectName: 'shop', branchId: 'b', branchName: 'dev', roleName: 'web' };
    const nf = (message: string) => ({ status: 404, message });
    assert.deepEqual(goneTarget(nf('role web not found'), role), { what: 'The role web on branch dev', refresh: { accountId: 'a', projectId: 'p' } });
    assert.equal(goneTarget(nf('database app not found'), { ...role, databaseName: 'app' })?.what, 'The database app on branch dev');
    // A role the command did not act on (a branch command meeting the .env's role): the API's own sentence.
    const branch = { accountId: 'a', projectId: 'p', projectName: 'shop', branchId: 'b', branchName: 'dev' };
    assert.equal(goneTarget(nf('role web not found'), branch), undefined);
    assert.equal(goneTarget(nf('endpoint ep-1 not found'), branch), undefined);
    assert.deepEqual(goneTarget(nf('branch b not found'), branch), {
      what: 'The branch dev of project shop',
      refresh: { accountId: 'a', projectId: 'p' },
      branch: { projectId: 'p', branchId: 'b', branchName: 'dev' },
    });
    assert.deepEqual(goneTarget(nf('project p not found'), { ...branch, orgId: 'o' }), { what: 'The project shop', refresh: { accountId: 'a', orgId: 'o', part: 'projects' } });
    assert.equal(goneTarget(nf('not found'), branch)?.branch, undefined, 'an unnamed 404 does not say the branch is gone for certain');
    const f = describeFailure('reveal the password', new NeonApiError({ kind: 'notFound', status: 404, message: 'role web not found', requestId: 'r-1' }), role);
    assert.match(f.message, /^Couldn't reveal the password: The role web on branch dev no longer exists in Neon \(404\);/);
    assert.equal(f.goneBranch, undefined);
  });

  it('a 503 sentence: the request id once, at the end, and Retry', () => {
    const e = new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', requestId: 'a1b2c3d4-0000', method: 'POST', path: '/projects' });
    const f = describeFailure('create the project', e);
    assert.equal(f.message, "Couldn't create the project: Neon had a problem on its side (503). Try again in a minute; if it persists check https://neonstatus.com. (request id a1b2c3d4-0000)");
    assert.equal(f.retryable, true);
  });

  it('a read before the change (markReadBeforeChange, withProgressIfSlow\'s beforeChange) says what could not be read and that nothing was changed; a cancel stays a cancel', async () => {
    const e = new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', requestId: 'r-9', method: 'GET', path: '/projects/p/branches' });
    const caught = await markReadBeforeChange(Promise.reject(e), 'The branches of acme-api').catch((x: unknown) => x);
    assert.equal(caught, e, 'the same error, marked');
    const f = describeFailure('create the branch', caught);
    assert.equal(f.message, "Couldn't create the branch: The branches of acme-api could not be read, so nothing was changed. Neon had a problem on its side (503). Try again in a minute; if it persists check https://neonstatus.com. (request id r-9)");
    assert.equal(f.retryable, true);
    assert.equal(describeFailure('create the branch', e).message, f.message, 'marked on the error itself');
    const plain = new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', requestId: 'r-8', method: 'GET', path: '/x' });
    assert.doesNotMatch(describeFailure('create the branch', plain).message, /nothing was changed/, 'not said of an unmarked read');
    const cancel = new NeonApiError({ kind: 'cancelled', message: 'cancelled' });
    const c = await markReadBeforeChange(Promise.reject(cancel), 'x').catch((x: unknown) => x);
    assert.equal(describeFailure('create the branch', c).cancelled, true);
  });

  it('a failure while following an accepted change (markAfterChange) says it was accepted: no Retry, the part it shows in is read again; a failed operation is said as such', async () => {
    const target = { accountId: 'a1', orgId: 'o1', projectId: 'p1', projectName: 'acme-api' };
    const e = new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', requestId: 'r-7', method: 'GET', path: '/projects/p1/operations/x' });
    const f = describeFailure('create the branch', await markAfterChange(Promise.reject(e)).catch((x: unknown) => x), target);
    assert.equal(f.message, 'Neon accepted the request to create the branch, but waiting for it to finish failed: Neon had a problem on its side (503). Try again in a minute; if it persists check https://neonstatus.com. It may still be in progress; Refresh shows it when Neon is done, and sending it again is not needed. (request id r-7)');
    assert.equal(f.retryable, false);
    assert.deepEqual(f.maybeApplied, { part: { accountId: 'a1', projectId: 'p1' } });
    const op = new NeonApiError({ kind: 'operationFailed', message: 'Operation op-1 (start_compute) ended with status "failed"', method: 'GET', path: '/x' });
    const g = describeFailure('create the branch', await markAfterChange(Promise.reject(op)).catch((x: unknown) => x), target);
    assert.match(g.message, /^Neon accepted the request to create the branch, but an operation it started did not finish \(Operation op-1 \(start_compute\) ended with status "failed"\)\. Refresh to see what was made before you try again\.$/);
    assert.equal(g.retryable, false);
    const cancel = new NeonApiError({ kind: 'cancelled', message: 'cancelled' });
    assert.equal(describeFailure('create the branch', await markAfterChange(Promise.reject(cancel)).catch((x: unknown) => x)).cancelled, true);
    assert.equal(describeFailure('create the branch', e, target).message, f.message, 'the mark is on the error itself');
    const unmarked = new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', requestId: 'r-6', method: 'GET', path: '/y' });
    assert.match(describeFailure('create the branch', unmarked, target).message, /^Couldn't create the branch/);
  });

  it('adds the request id when the message has none (a dropped connection)', () => {
    const e = new NeonApiError({ kind: 'network', message: 'x', requestId: 'feed-beef-1', method: 'POST', path: '/projects', host: 'h' });
    assert.match(describeFailure('create the project', e).message, /check your network connection and proxy settings\. \(request id feed-beef-1\)$/);
  });

  it('a 404 on the project the command acted on names it as gone, says what to do, and what to re-read', () => {
    const e = new NeonApiError({ kind: 'notFound', status: 404, message: 'not found', requestId: 'req-7' });
    const f = describeFailure('rename the project', e, { accountId: 'a', orgId: 'o', projectId: 'p', projectName: 'shop' });
    assert.equal(
      f.message,
      "Couldn't rename the project: The project shop no longer exists in Neon (404); it was deleted or moved elsewhere, e.g. in the Neon Console. The view now shows what is left; choose Refresh to read it again. (request id req-7)",
    );
    assert.deepEqual(f.gone, { accountId: 'a', orgId: 'o', part: 'projects' });
    assert.equal(describeFailure('rename the project', e).gone, undefined, 'without a target, the plain 404 sentence');
  });

  it('a command\'s own refusal (a plain Error) offers no Retry; errors with a code or of other classes keep it', () => {
    assert.equal(describeFailure('remove the member', new Error('you@example.com is the only admin of Acme Inc and cannot be removed')).retryable, false);
    assert.equal(describeFailure('write the file', Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' })).retryable, true);
    assert.equal(describeFailure('load', new TypeError('fetch failed')).retryable, true);
    assert.equal(describeFailure('load', 'a string').retryable, true);
    assert.equal(describeFailure('switch the .env', Object.assign(new Error('project p stayed busy (423 Locked)'), { requestId: 'r-1' })).retryable, true, 'an API answer retold');
  });

  it('withoutClause drops the clause in the language it is said in, with its joint, and leaves a sentence without it as it was', () => {
    assert.equal(withoutClause('Neon rejected this API key (401): copy it again; nothing was saved. (request id r-1)', 'nothing was saved'), 'Neon rejected this API key (401): copy it again. (request id r-1)');
    assert.equal(
      withoutClause('Neon hat diesen API-Schlüssel abgelehnt (401): Versuchen Sie es erneut; es wurde nichts gespeichert. (Anfrage-ID r-2)', 'es wurde nichts gespeichert'),
      'Neon hat diesen API-Schlüssel abgelehnt (401): Versuchen Sie es erneut. (Anfrage-ID r-2)',
    );
    assert.equal(withoutClause('The key is malformed, and nothing was saved.', 'nothing was saved'), 'The key is malformed.');
    assert.equal(withoutClause('The key is malformed.', 'nothing was saved'), 'The key is malformed.');
  });
});

