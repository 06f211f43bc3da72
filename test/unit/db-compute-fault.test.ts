// A branch's compute stuck waking or restarting while Test Connection, Open psql or the check
// after a .env write connect: each ends in a sentence within its connect timeout, never a hang.
// Real PostgreSQL behind the emulator's router, whose knob (computeFault) makes the compute
// stall or restart; the probe and classification are the ones the three commands share
// (commands/dbProbe.ts → db/connect.ts, db/errors.ts), psql is started as Open psql starts it.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { Emulator } from '../../emulator/index';
import { parseConnectionSpec, type ConnectionSpec } from '../../src/db/config';
import { probe } from '../../src/db/connect';
import { classifyConnectError } from '../../src/db/errors';
import { findPsql, psqlLaunch } from '../../src/db/psql';
import { recordReliability } from '../reliability-record';
import { needPostgres, newProject, startWithPostgres, type NewProject } from './emulator-dataplane-helpers';

const TIMEOUT_S = 2;

async function attempt(spec: ConnectionSpec, computeState?: string): Promise<{ ms: number; sentence: string; kind: string; retryable: boolean }> {
  const t0 = Date.now();
  try {
    await probe(spec);
  } catch (e) {
    const f = classifyConnectError(e, { role: spec.user, database: spec.database, host: spec.host, port: spec.port, where: 'branch main', computeState, sslmode: spec.sslmode, secrets: [spec.password] });
    return { ms: Date.now() - t0, sentence: f.sentence, kind: f.kind, retryable: f.retryable };
  }
  throw new Error('connected, but the compute was meant to stall or restart');
}

function runPsql(spec: ConnectionSpec, psqlPath: string): Promise<{ ms: number; code: number | null; stderr: string }> {
  const l = psqlLaunch(spec);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = execFile(psqlPath, [...l.args, '-X', '-c', 'select 1'], { env: { PATH: process.env.PATH ?? '', ...l.env }, timeout: 60_000 }, (_err, _out, stderr) =>
      resolve({ ms: Date.now() - t0, code: child.exitCode, stderr: String(stderr) }),
    );
  });
}

describe('data plane: a compute stalled or restarting ends in a sentence, never a hang', function () {
  this.timeout(60_000);
  let em: Emulator;
  let p: NewProject;
  let spec: ConnectionSpec;
  const figures: Record<string, unknown> = { connectTimeoutSeconds: TIMEOUT_S };
  before(async function () {
    needPostgres(this);
    em = await startWithPostgres();
    p = await newProject(em);
    const u = new URL(p.uri);
    // The compute is up before each fault. Its first start (a new cluster) may take longer than the
    // short timeout under test on a loaded machine (seen in CI): the warm-up gets its own.
    u.searchParams.set('connect_timeout', '45');
    await probe(parseConnectionSpec(u.toString()));
    u.searchParams.set('connect_timeout', String(TIMEOUT_S));
    spec = parseConnectionSpec(u.toString());
  });
  afterEach(() => {
    if (em?.postgres) em.postgres.dataPlane.computeFault = undefined;
  });
  after(async () => {
    await em?.close();
    if (Object.keys(figures).length > 1) recordReliability('dataPlaneFaults', figures);
  });

  it('stuck waking: the probe (Test Connection, .env check) ends at its connect timeout with "suspended … did not answer in time"', async () => {
    em.postgres!.dataPlane.computeFault = 'stall';
    const r = await attempt(spec, 'idle');
    assert.equal(r.kind, 'suspended');
    assert.equal(r.sentence, 'The compute on branch main is suspended and did not answer in time while starting. Try again in a few seconds.');
    assert.ok(r.retryable, 'Retry is offered');
    assert.ok(r.ms >= TIMEOUT_S * 1000 - 100 && r.ms < TIMEOUT_S * 1000 + 3000, `settled after ${r.ms} ms`);
    figures.stalledProbeSettledMs = r.ms;
    figures.stalledSentence = r.sentence;
    const active = await attempt(spec, 'active');
    assert.equal(active.kind, 'timeout');
    assert.match(active.sentence, /^127\.0\.0\.1:\d+ did not answer in time \(.+\)\. Check the network connection and try again\.$/);
  });

  it('restarting: the probe ends at once with the server\'s 57P01 said as a restart', async () => {
    em.postgres!.dataPlane.computeFault = 'restart';
    const r = await attempt(spec, 'active');
    assert.equal(r.kind, 'closed');
    assert.equal(r.sentence, 'The compute on branch main shut the connection (57P01), as it does while being suspended or restarted. Try again in a few seconds.');
    assert.ok(r.ms < 3000, `settled after ${r.ms} ms`);
    figures.restartProbeSettledMs = r.ms;
    figures.restartSentence = r.sentence;
  });

  it('Open psql: started as the command starts it, psql ends by itself with libpq\'s words under both faults', async () => {
    const psqlPath = findPsql({});
    assert.ok(psqlPath, 'psql is installed wherever the data plane runs');
    em.postgres!.dataPlane.computeFault = 'stall';
    const stalled = await runPsql(spec, psqlPath);
    assert.notEqual(stalled.code, 0);
    assert.match(stalled.stderr, /timeout expired/);
    assert.ok(stalled.ms < TIMEOUT_S * 1000 + 3000, `psql ended after ${stalled.ms} ms`);
    em.postgres!.dataPlane.computeFault = 'restart';
    const restarted = await runPsql(spec, psqlPath);
    assert.notEqual(restarted.code, 0);
    assert.match(restarted.stderr, /terminating connection due to administrator command/);
    figures.stalledPsqlEndedMs = stalled.ms;
    figures.restartPsqlEndedMs = restarted.ms;
  });

  it('the fault gone, the same connection works again', async () => {
    const r = await probe(spec);
    assert.equal(r.user, p.owner);
  });
});
