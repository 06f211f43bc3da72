import { strict as assert } from 'assert';
import { summarizeTransfer, TransferRun, type SendBatch } from '../../src/commands/transferEngine';

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
});
