// The emulator's fault knobs: per-kind fault rates, latency spikes, 429 bursts, the seeded dice,
// the `chaos` profile, and the request log's count of what was injected.
import assert from 'node:assert/strict';
import { applyConfig, defaultConfig, FAULT_PROFILES } from '../../emulator/config';
import { Faults } from '../../emulator/faults';
import { startEmulator, type Emulator } from '../../emulator/index';
import { ACME, API, call, control } from './emulator-helpers';

describe('emulator faults', () => {
  describe('config', () => {
    it('the chaos profile sets rates, spikes and bursts; knobs in the same patch win', () => {
      const cfg = defaultConfig();
      applyConfig(cfg, { profile: 'chaos', spikes: { rate: 0.5, ms: 10 } });
      assert.deepEqual(cfg.faultRates, FAULT_PROFILES.chaos.faultRates);
      assert.deepEqual(cfg.bursts, { everyMs: 8000, durationMs: 1000 });
      assert.deepEqual(cfg.spikes, { rate: 0.5, ms: 10 });
      applyConfig(cfg, { profile: 'none' });
      assert.deepEqual([cfg.faultRates, cfg.spikes, cfg.bursts, cfg.faultRate], [null, null, null, 0]);
    });

    it('refuses bad knobs with a message', () => {
      const cfg = defaultConfig();
      assert.throws(() => applyConfig(cfg, { profile: 'mayhem' }), /profile must be one of chaos, none/);
      assert.throws(() => applyConfig(cfg, { faultRates: { '5xx': 0.7, drop: 0.5 } }), /summing to at most 1/);
      assert.throws(() => applyConfig(cfg, { faultRates: { timeout: 0.1 } }), /faultRates/);
      assert.throws(() => applyConfig(cfg, { spikes: { rate: 2, ms: 1 } }), /spikes/);
      assert.throws(() => applyConfig(cfg, { bursts: { everyMs: 1000, durationMs: 1000 } }), /bursts/);
      assert.throws(() => applyConfig(cfg, { faultSeed: -1 }), /faultSeed/);
    });
  });

  describe('dice', () => {
    const run = (seed: number, n = 400) => {
      const cfg = defaultConfig();
      applyConfig(cfg, { faultRates: { '5xx': 0.1, drop: 0.05, malformed: 0.05 }, spikes: { rate: 0.1, ms: 5 }, faultSeed: seed });
      const f = new Faults();
      return Array.from({ length: n }, () => `${f.pick(cfg) ?? '-'}${f.spikeMs(cfg) ? '+' : ''}`);
    };

    it('the same seed gives the same faults; another seed others', () => {
      assert.deepEqual(run(7), run(7));
      assert.notDeepEqual(run(7), run(8));
    });

    it('per-kind rates land near their share', () => {
      const xs = run(42, 20000);
      const share = (p: (x: string) => boolean) => xs.filter(p).length / xs.length;
      assert.ok(Math.abs(share((x) => x.startsWith('5xx')) - 0.1) < 0.01);
      assert.ok(Math.abs(share((x) => x.startsWith('drop')) - 0.05) < 0.01);
      assert.ok(Math.abs(share((x) => x.startsWith('malformed')) - 0.05) < 0.01);
      assert.ok(Math.abs(share((x) => x.endsWith('+')) - 0.1) < 0.01);
    });

    it('bursts cover the last durationMs of every window, with Retry-After to its end', () => {
      const cfg = defaultConfig();
      applyConfig(cfg, { bursts: { everyMs: 8000, durationMs: 1000 } });
      const f = new Faults();
      const t0 = 1_000_000;
      assert.equal(f.inBurst(cfg, t0), undefined); // the window starts when bursts are first seen
      assert.equal(f.inBurst(cfg, t0 + 6999), undefined);
      assert.equal(f.inBurst(cfg, t0 + 7000), 1);
      assert.equal(f.inBurst(cfg, t0 + 7999), 1);
      assert.equal(f.inBurst(cfg, t0 + 8000), undefined);
      assert.equal(f.inBurst(cfg, t0 + 15500), 1);
    });
  });

  describe('server', () => {
    let em: Emulator;
    before(async () => {
      em = await startEmulator({ operationMs: 0, faultSeed: 3 });
    });
    after(() => em.close());
    beforeEach(async () => {
      await control(em, 'POST', '/reset', { config: true });
    });

    it('a burst answers 429 with Retry-After before any work, and the log counts it', async () => {
      await control(em, 'POST', '/config', { bursts: { everyMs: 60_000, durationMs: 59_990 } });
      assert.equal((await call(em, 'GET', '/users/me')).status, 200, 'the first 10 ms of the window are calm');
      await new Promise((r) => setTimeout(r, 15));
      const before = em.state.projects.size;
      const r = await call(em, 'POST', '/projects', { body: { project: { name: 'burst-victim', org_id: ACME } } });
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
      assert.equal(em.state.projects.size, before, 'nothing created');
      const log = await control(em, 'GET', '/requests');
      assert.deepEqual(log.faults, { '429': 1 });
      assert.equal(log.entries.find((x: any) => x.method === 'POST').fault, '429');
    });

    it('a dropped POST was applied (the client cannot know): the log marks it with the handler status', async () => {
      await control(em, 'POST', '/config', { faultRates: { drop: 1 } });
      await assert.rejects(call(em, 'POST', '/projects', { body: { project: { name: 'dropped-but-made', org_id: ACME } } }));
      await control(em, 'POST', '/config', { faultRates: null });
      assert.equal([...em.state.projects.values()].filter((p) => p.name === 'dropped-but-made').length, 1);
      const log = await control(em, 'GET', '/requests');
      assert.equal(log.faults.drop, 1);
      const e = log.entries.find((x: any) => x.method === 'POST');
      assert.deepEqual([e.fault, e.status], ['drop', 201]);
    });

    it('faultNext: one fault for the next request of its method, then cleared; requests of other methods before it are answered', async () => {
      await control(em, 'POST', '/config', { faultNext: { method: 'post', kind: 'drop' } });
      assert.deepEqual((await control(em, 'GET', '/config')).faultNext, { method: 'POST', kind: 'drop' });
      assert.equal((await call(em, 'GET', '/users/me')).status, 200, 'a GET is answered');
      await assert.rejects(call(em, 'POST', '/projects', { body: { project: { name: 'lost-once', org_id: ACME } } }));
      assert.equal((await control(em, 'GET', '/config')).faultNext, null, 'cleared');
      assert.equal((await call(em, 'POST', '/projects', { body: { project: { name: 'answered', org_id: ACME } } })).status, 201, 'the next POST is answered');
      assert.equal([...em.state.projects.values()].filter((p) => p.name === 'lost-once').length, 1, 'the dropped one was made');
      assert.throws(() => applyConfig(defaultConfig(), { faultNext: { kind: 'timeout' } }), /faultNext/);
    });

    it('an injected 5xx changes nothing; malformed bodies are counted; spikes delay the answer', async () => {
      await control(em, 'POST', '/config', { faultRates: { '5xx': 1 } });
      const r = await call(em, 'POST', '/projects', { body: { project: { name: 'never', org_id: ACME } } });
      assert.equal(r.status, 503);
      assert.ok(![...em.state.projects.values()].some((p) => p.name === 'never'));
      await control(em, 'POST', '/config', { faultRates: { malformed: 1 } });
      const m = await call(em, 'GET', `/projects/${API}`);
      assert.equal(typeof m.body, 'string');
      await control(em, 'POST', '/config', { faultRates: null, spikes: { rate: 1, ms: 150 } });
      const t0 = Date.now();
      assert.equal((await call(em, 'GET', '/users/me')).status, 200);
      assert.ok(Date.now() - t0 >= 140);
      const log = await control(em, 'GET', '/requests');
      assert.deepEqual(log.faults, { '5xx': 1, malformed: 1, spike: 1 });
      assert.equal(log.entries.at(-1).spikeMs, 150);
    });

    it('startEmulator({faultProfile: "chaos"}) and POST /config {profile} set the same knobs', async () => {
      const chaos = await startEmulator({ faultProfile: 'chaos', faultSeed: 9 });
      try {
        assert.deepEqual(chaos.config.faultRates, FAULT_PROFILES.chaos.faultRates);
        assert.equal(chaos.config.faultSeed, 9);
        await control(chaos, 'POST', '/reset', { config: true });
        assert.deepEqual(chaos.config.bursts, FAULT_PROFILES.chaos.bursts, 'a config reset keeps the start profile');
      } finally {
        await chaos.close();
      }
      const cfg = await control(em, 'POST', '/config', { profile: 'chaos' });
      assert.deepEqual(cfg.spikes, FAULT_PROFILES.chaos.spikes);
    });
  });
});
