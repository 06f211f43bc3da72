// The sentence a failed command shows: the request id once, at the end (found by the fault run,
// where "… (request id X). (request id X)" showed up).
import assert from 'node:assert/strict';
import { NeonApiError } from '../../src/api';
import { describeFailure } from '../../src/commands/failure';

describe('commands: failure sentences', () => {
  it('names the request id once, at the end', () => {
    const e = new NeonApiError({ kind: 'server', status: 503, message: 'unavailable', requestId: 'a1b2c3d4-0000', method: 'POST', path: '/projects' });
    const f = describeFailure('create the project', e);
    assert.equal(f.message, "Couldn't create the project: Neon had a problem on its side (503). Try again in a minute; if it persists check https://neonstatus.com. (request id a1b2c3d4-0000)");
    assert.equal(f.retryable, true);
  });

  it('adds the request id when the message has none (a dropped connection)', () => {
    const e = new NeonApiError({ kind: 'network', message: 'x', requestId: 'feed-beef-1', method: 'POST', path: '/projects', host: 'h' });
    assert.match(describeFailure('create the project', e).message, /the change may have been applied\. \(request id feed-beef-1\)$/);
  });
});
