import { strict as assert } from 'assert';
import { offeredSentence, summarizeTransfer, TransferRun, transferProgressMessage, type SendBatch } from '../../src/commands/transferEngine';

const ids = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);

function recorder(fail?: (source: string | undefined, ids: string[], call: number) => unknown): { send: SendBatch; calls: Array<{ source?: string; ids: string[] }> } {
  const calls: Array<{ source?: string; ids: string[] }> = [];
  return {
    calls,
    send: async (source, batch) => {
      calls.push({ source, ids: [...batch] });
      const err = fail?.(source, batch, calls.length);
      if (err) throw err;
    },
  };
}

describe('commands: transfer engine', () => {
  it('sends groups in batches of at most 400, personal projects separately', async () => {
    const r = recorder();
    const out = await new TransferRun({ send: r.send }).runGroups([
      { sourceOrgId: 'org-a', projectIds: ids(1000, 'a') },
      { sourceOrgId: undefined, projectIds: ids(5, 'me') },
    ]);
    assert.deepEqual(r.calls.map((c) => [c.source, c.ids.length]), [['org-a', 400], ['org-a', 400], ['org-a', 200], [undefined, 5]]);
    assert.equal(out.moved.length, 1005);
    assert.equal(out.requests, 4);
    assert.equal(out.cancelled, false);
  });

  it('stops between batches when cancelled, never mid-batch', async () => {
    let cancel = false;
    const r = recorder((_s, _b, n) => {
      if (n === 2) cancel = true; // the person clicks Cancel while batch 2 is on the wire
      return undefined;
    });
    const out = await new TransferRun({ send: r.send, isCancelled: () => cancel }).runGroups([{ sourceOrgId: 'org-a', projectIds: ids(1200) }]);
    assert.equal(r.calls.length, 2);
    assert.equal(out.moved.length, 800);
    assert.equal(out.notSent.length, 400);
    assert.equal(out.cancelled, true);
    assert.match(summarizeTransfer(out, 'Dest').headline, /^Transfer cancelled: 800 moved to Dest, 400 not sent\.$/);
  });

  it('406 refuses the batch, explains the limit and sends nothing more', async () => {
    const r = recorder((_s, _b, n) => (n === 2 ? { status: 406, limits: [{ name: 'projects_count', expected: '500', actual: '800' }] } : undefined));
    const out = await new TransferRun({ send: r.send }).runGroups([{ sourceOrgId: 'org-a', projectIds: ids(1000) }]);
    assert.equal(r.calls.length, 2);
    assert.equal(out.moved.length, 400);
    assert.equal(out.refused.length, 400);
    assert.equal(out.notSent.length, 200);
    assert.match(out.stoppedBecause!, /destination allows 500, the transfer would make it 800/);
    const { detail } = summarizeTransfer(out, 'Dest');
    assert.match(detail, /Not sent \(the destination refused an earlier batch\)/);
  });

  it('the notification says why a transfer was refused, what to do, and the request id of the refusal', async () => {
    const limit = { status: 406, requestId: 'req-406', limits: [{ name: 'projects_count', expected: '1', actual: '2' }] };
    const one = await new TransferRun({ send: recorder(() => limit).send }).runGroups([{ sourceOrgId: 'org-a', projectIds: ['p-1'] }]);
    const s1 = summarizeTransfer(one, 'Side Project', new Map([['p-1', 'acme-sandbox']]));
    assert.equal(
      s1.headline,
      // One project: a sentence about it, not a batch's count (walk 42).
      "acme-sandbox was not moved: Side Project's plan allows 1 project, the transfer would make it 2. Delete a project in Side Project or upgrade its plan in the Neon Console, then transfer again. (request id req-406)",
    );
    assert.deepEqual(s1.console, { destination: true });
    // A member of the destination can neither delete there nor upgrade: an admin can (walk 26).
    assert.match(summarizeTransfer(one, 'Side Project', new Map([['p-1', 'acme-sandbox']]), true).headline, /\. Ask an admin of Side Project to delete a project there or upgrade its plan, then transfer again\. \(request id req-406\)$/);
    // Several refused for one reason: counted once, not named.
    const three = await new TransferRun({ send: recorder(() => ({ ...limit, limits: [{ name: 'projects_count', expected: '1', actual: '4' }] })).send }).runGroups([{ sourceOrgId: 'org-a', projectIds: ids(3) }]);
    assert.match(summarizeTransfer(three, 'Side Project').headline, /^No project moved to Side Project: 3 refused \(Side Project's plan allows 1 project, the transfer would make it 4\)\. Delete a project/);
    // A plan the destination cannot take: upgrading is what helps.
    const plan = await new TransferRun({ send: recorder(() => ({ status: 406, limits: [{ name: 'subscription_type', expected: 'scale', actual: 'free' }] })).send }).runGroups([{ sourceOrgId: 'o', projectIds: ['p-1'] }]);
    assert.match(summarizeTransfer(plan, 'D').headline, /the projects need at least the "scale" plan, the destination has "free".*\)\. Upgrade the plan of D in the Neon Console, then transfer again\.$/);
  });

  it('one project refused for an integration or another reason is said about that project, naming the destination', async () => {
    const integration = await new TransferRun({ send: recorder(() => ({ status: 422, requestId: 'req-422', projects: [{ id: 'p-1', integration: 'github' }] })).send }).runGroups([{ sourceOrgId: 'o', projectIds: ['p-1'] }]);
    assert.equal(
      summarizeTransfer(integration, 'Data Team', new Map([['p-1', 'acme-web']])).headline,
      'acme-web was not moved to Data Team: it has a GitHub integration. Remove its GitHub or Vercel integration in the Neon Console, then transfer it again. (request id req-422)',
    );
    const denied = await new TransferRun({ send: recorder(() => ({ status: 403, requestId: 'req-403', userMessage: () => 'This API key is not allowed to do that (403).' })).send }).runGroups([{ sourceOrgId: 'o', projectIds: ['p-1'] }]);
    assert.equal(summarizeTransfer(denied, 'D', new Map([['p-1', 'acme-web']])).headline, 'acme-web was not moved to D: This API key is not allowed to do that (403). (request id req-403)');
  });

  it('Transfer Projects Here\'s placeholder says what is offered: personal projects, projects of organizations, or both (walk 42)', () => {
    assert.equal(offeredSentence([{}, {}]), 'Your personal projects');
    assert.equal(offeredSentence([{ orgId: 'org-a' }]), 'Projects of organizations you administer');
    assert.equal(offeredSentence([{ orgId: 'org-a' }, {}]), 'Projects of organizations you administer, and your personal projects');
  });

  it('several reasons are counted each, with the request id of every refusing answer', async () => {
    const r = recorder((_s, batch, n) =>
      n === 1 ? { status: 422, requestId: 'req-422', projects: [{ id: batch[0]!, integration: 'github' }, { id: batch[1]!, integration: 'vercel' }] } : { status: 403, requestId: 'req-403', userMessage: () => 'This API key is not allowed to do that (403).' },
    );
    const out = await new TransferRun({ send: r.send, onIntegrations: async () => true }).runGroups([{ sourceOrgId: 'o', projectIds: ids(3) }]);
    const { headline, console } = summarizeTransfer(out, 'D');
    assert.equal(
      headline,
      'No project moved to D: 3 refused (2 have a GitHub or Vercel integration; 1: This API key is not allowed to do that (403)). Remove their GitHub or Vercel integrations in the Neon Console, then transfer them again. (request ids req-422, req-403)',
    );
    assert.equal(console, undefined, 'no one Console page helps with two projects');
  });

  it('422 names the integration projects; accepted once, the rest is sent and later batches skip theirs too', async () => {
    const blocked = new Set(['p-00001', 'p-00450']);
    let asked = 0;
    const r = recorder((_s, batch) => {
      const hit = batch.filter((id) => blocked.has(id));
      return hit.length ? { status: 422, projects: hit.map((id) => ({ id, integration: id === 'p-00001' ? 'github' : 'vercel' })) } : undefined;
    });
    const out = await new TransferRun({
      send: r.send,
      onIntegrations: async (b, rest) => {
        asked++;
        assert.deepEqual(b.map((x) => x.id), ['p-00001']);
        assert.equal(rest, 399);
        return true;
      },
    }).runGroups([{ sourceOrgId: 'org-a', projectIds: ids(500) }]);
    assert.equal(asked, 1);
    assert.deepEqual(r.calls.map((c) => c.ids.length), [400, 399, 100, 99]);
    assert.equal(out.moved.length, 498);
    assert.deepEqual(out.refused.map((x) => [x.id, x.kind, x.reason]), [
      ['p-00001', 'integration', 'has a GitHub integration'],
      ['p-00450', 'integration', 'has a Vercel integration'],
    ]);
    const names = new Map([['p-00001', 'web']]);
    assert.match(summarizeTransfer(out, 'Dest', names).detail, /Integrations \(remove them first\): web \(p-00001\) has a GitHub integration, p-00450 has a Vercel integration/);
  });

  it('422 declined: the rest of the batch is not sent', async () => {
    const r = recorder((_s, batch) => (batch.includes('p-00000') ? { status: 422, projects: [{ id: 'p-00000', integration: 'github' }] } : undefined));
    const out = await new TransferRun({ send: r.send, onIntegrations: async () => false }).runGroups([{ sourceOrgId: 'o', projectIds: ids(3) }]);
    assert.equal(r.calls.length, 1);
    assert.deepEqual(out.notSent, ['p-00001', 'p-00002']);
    assert.match(summarizeTransfer(out, 'D').detail, /you chose not to transfer them/);
  });

  it('other failures refuse that batch and go on', async () => {
    const r = recorder((_s, _b, n) => (n === 1 ? { status: 403, userMessage: () => 'This API key is not allowed to do that (403).' } : undefined));
    const out = await new TransferRun({ send: r.send }).runGroups([{ sourceOrgId: 'o', projectIds: ids(401) }]);
    assert.equal(out.refused.length, 400);
    assert.equal(out.moved.length, 1);
    assert.match(summarizeTransfer(out, 'D').detail, /Refused — This API key is not allowed/);
  });

  it('stream: reads the next page while a batch is on the wire', async () => {
    const events: string[] = [];
    const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
    async function* pages() {
      for (let i = 0; i < 4; i++) {
        events.push(`read-start ${i}`);
        await delay(20);
        events.push(`read-end ${i}`);
        yield ids(400, `pg${i}`);
      }
    }
    const send: SendBatch = async (_s, b) => {
      events.push(`send-start ${b[0]!.slice(0, 3)}`);
      await delay(20);
      events.push(`send-end ${b[0]!.slice(0, 3)}`);
    };
    const t0 = Date.now();
    const out = await new TransferRun({ send }).runStream('org-a', pages());
    const took = Date.now() - t0;
    assert.equal(out.moved.length, 1600);
    assert.equal(out.requests, 4);
    // Page 1 is read while page 0's batch is being sent.
    assert.ok(events.indexOf('read-start 1') < events.indexOf('send-end pg0'), events.join(', '));
    assert.ok(took < 8 * 20, `overlapped: ${took} ms`);
  });

  it('stream: cancellation stops both reading and sending', async () => {
    let reads = 0;
    let cancel = false;
    async function* pages() {
      for (let i = 0; i < 10; i++) {
        reads++;
        yield ids(400, `pg${i}`);
      }
    }
    const out = await new TransferRun({
      send: async () => {
        cancel = true;
      },
      isCancelled: () => cancel,
    }).runStream('org-a', pages());
    assert.equal(out.requests, 1);
    assert.ok(reads <= 2, `read ${reads} pages`);
    assert.equal(out.cancelled, true);
  });

  it('progress: counts grouped, the batch on the wire counted from 1 and exact, no counter for one batch (walk 33)', () => {
    const at = (moved: number, total: number, batchesSent: number, refused = 0) => ({ moved, refused, total, batchesSent });
    assert.equal(transferProgressMessage(at(0, 2497, 0), 7), '0 of 2,497 moved (batch 1 of 7)');
    assert.equal(transferProgressMessage(at(400, 2497, 1), 7), '400 of 2,497 moved (batch 2 of 7)');
    assert.equal(transferProgressMessage(at(2400, 2497, 7, 97), 7), '2,400 of 2,497 moved, 97 refused (batch 7 of 7)');
    // A 422's remainder sent again is the same batch: the counter does not pass the count.
    assert.equal(transferProgressMessage(at(399, 800, 3, 1), 2), '399 of 800 moved, 1 refused (batch 2 of 2)');
    assert.equal(transferProgressMessage(at(0, 3, 0), 1), '0 of 3 moved');
    assert.equal(transferProgressMessage(at(3, 3, 1), 1), '3 of 3 moved');
  });

  it('summary: counts grouped as the tree writes them', () => {
    const out = { moved: ids(1200, 'm'), refused: [], notSent: ids(1297, 'n'), cancelled: true, requests: 3 };
    const { headline, detail } = summarizeTransfer(out, 'Org 3');
    assert.equal(headline, 'Transfer cancelled: 1,200 moved to Org 3, 1,297 not sent.');
    assert.match(detail, / and 1,277 more\.$/);
  });
});
