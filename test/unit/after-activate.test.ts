// afterActivate (src/afterWindowStart.ts): the part of activation that waits for the next turn
// of the event loop. It must not run inside activate() (the time it saves), must run before any
// I/O that turn lets in (what the window sends), and must not run once the extension is disposed.
import * as assert from 'assert';
import * as net from 'net';
import { afterActivate } from '../../src/afterWindowStart';

describe('afterActivate', () => {
  it('runs after the calling code and its microtasks, not inside it', async () => {
    const order: string[] = [];
    afterActivate(() => order.push('deferred'));
    void Promise.resolve().then(() => order.push('microtask'));
    order.push('activate returns');
    assert.deepStrictEqual(order, ['activate returns']);
    await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(order, ['activate returns', 'microtask', 'deferred']);
  });

  it('runs before data that arrived meanwhile is handled (what the window sends waits for it)', async () => {
    const server = net.createServer((s) => s.end('hello'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const order: string[] = [];
    try {
      const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      await new Promise<void>((resolve) => {
        // Inside an I/O callback, as activate() runs inside the handler of the window's message.
        socket.once('connect', () => {
          afterActivate(() => order.push('deferred'));
          socket.once('data', () => order.push('data'));
          socket.once('close', () => resolve());
        });
      });
    } finally {
      server.close();
    }
    assert.deepStrictEqual(order, ['deferred', 'data']);
  });

  it('disposed first, never runs', async () => {
    let ran = false;
    afterActivate(() => (ran = true)).dispose();
    await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(ran, false);
  });
});
