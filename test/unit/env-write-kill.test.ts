/**
 * Killed mid-write: a real child Node process runs the extension's own `.env` writer
 * (src/env/write.ts, bundled as is), then its `.neon` writer (src/git/neonFile.ts), in a loop of writes and is SIGKILLed at random moments. After
 * every kill the file must be exactly one whole version — the last one the child finished or the
 * one it was writing — never a mix; a dead writer's temp files and lock are swept by the next
 * writer, whose first write is not held up by the lock. A naive in-place writer under the same
 * kills is the control: the same check sees its torn files.
 *
 * Why a child process and not the extension host: each host kill costs a restart of several
 * seconds, VS Code stops restarting a host that crashed 3 times in 5 minutes, and this suite itself
 * runs inside the host; the code that writes is the same module either way.
 *
 * Figures go to test-results/reliability.json (sections "killedMidWrite" and "killedMidWriteNeon").
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { mergeEnv } from '../../src/env/merge';
import { writeEnvFile } from '../../src/env/write';
import { lockPathFor, sweepWriterLeftovers } from '../../src/util/writeLock';
import { recordReliability } from '../reliability-record';
import { formatNeonFile, writeNeonFile } from '../../src/git/neonFile';
import { envKillBase, envKillUpdates, neonKillVersion } from './env-kill-content';

const KILLS = Number(process.env.NEON_ENV_KILLS ?? 200);
const CONTROL_KILLS = 20;
const NEON_KILLS = Math.max(1, Math.round(KILLS / 2));
/** Kills land 0–MAX_DELAY_MS after the child said it started: before, inside and between writes. */
const MAX_DELAY_MS = 50;

/** What one kind of file the loop writes looks like: its versions, and our files next to it. */
interface Kind {
  name: '.env' | '.neon';
  expected(n: number): Buffer;
  versionOf(b: Buffer): number;
  /** Our files next to it: temp files, the lock, locks moved aside; with the pid in the name. */
  leftoverRe: RegExp;
}
const leftovers = (base: string) => new RegExp(`^\\.${base.replace(/\./g, '\\.')}\\.(?:(\\d+)-[0-9a-f]{12}\\.tmp|neon-lock(?:\\.(\\d+)-[0-9a-f]{12}\\.stale)?)$`);
const ENV: Kind = {
  name: '.env',
  expected: (n) => Buffer.from(mergeEnv(envKillBase, envKillUpdates(n)), 'utf8'),
  versionOf: (b) => Number(/^VERSION=(\d+)$/m.exec(b.toString('utf8'))?.[1] ?? NaN),
  leftoverRe: leftovers('.env'),
};
const NEON: Kind = {
  name: '.neon',
  expected: (n) => Buffer.from(formatNeonFile(neonKillVersion(n)), 'utf8'),
  versionOf: (b) => {
    try {
      return Number(/^v(\d+)$/.exec(String((JSON.parse(b.toString('utf8')) as { branch?: unknown }).branch))?.[1] ?? NaN);
    } catch {
      return NaN; // torn JSON
    }
  },
  leftoverRe: leftovers('.neon'),
};

interface Round {
  done: number[];
  firstWriteMs?: number;
  /** Leftovers of earlier (dead) writers still there when this child had finished its first write. */
  foreignAfterFirstWrite?: string[];
  selfExit?: string;
}

interface Writer {
  ready: Promise<void>;
  /** Start at version `from`, kill `delayMs` after it starts, resolve with what it finished. */
  run(from: number, delayMs: number): Promise<Round>;
}

/** A writer process started ahead of time (its start-up overlaps the previous round). */
function spawnWriter(bundle: string, file: string, mode: 'safe' | 'naive' | 'neon', kind: Kind): Writer {
  const child = spawn(process.execPath, [bundle, file, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  const round: Round = { done: [] };
  let buf = '';
  let killed = false;
  let stderr = '';
  let delay = 0;
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const exited = new Promise<Round>((resolve) =>
    child.on('exit', (codeNum, signal) => {
      if (signal !== 'SIGKILL') round.selfExit = `exited by itself (${codeNum ?? signal}): ${stderr.trim()}`;
      onReady();
      resolve(round);
    }),
  );
  child.stdin.on('error', () => undefined); // a child that died early: its exit says why
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line === 'ready') onReady();
      else if (line === 'go') {
        setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, delay);
      } else {
        const [n, ms] = line.split(' ').map(Number) as [number, number];
        if (round.done.length === 0) {
          round.firstWriteMs = ms;
          if (!killed && mode !== 'naive') {
            round.foreignAfterFirstWrite = readdirSync(path.dirname(file)).filter((name) => {
              const m = kind.leftoverRe.exec(name);
              const pid = m?.[1] ?? m?.[2];
              return pid !== undefined && Number(pid) !== child.pid;
            });
          }
        }
        round.done.push(n);
      }
    }
  });
  return {
    ready,
    run(from, delayMs) {
      delay = delayMs;
      child.stdin.write(`${from}\n`);
      return exited;
    },
  };
}

interface Tally {
  kills: number;
  torn: number;
  tornDetails: string[];
  tempLeftByKill: number;
  lockLeftByKill: number;
  writesAfterDeadLock: number;
  firstWriteMaxMs: number;
  firstWriteAfterDeadLockMaxMs: number;
  foreignLeftoversAfterSweep: number;
  versionsCompleted: number;
}

async function killLoop(bundle: string, file: string, mode: 'safe' | 'naive' | 'neon', kills: number, random: () => number): Promise<Tally> {
  const kind = mode === 'neon' ? NEON : ENV;
  const { expected, versionOf } = kind;
  const t: Tally = {
    kills: 0, torn: 0, tornDetails: [], tempLeftByKill: 0, lockLeftByKill: 0, writesAfterDeadLock: 0,
    firstWriteMaxMs: 0, firstWriteAfterDeadLockMaxMs: 0, foreignLeftoversAfterSweep: 0, versionsCompleted: 0,
  };
  writeFileSync(file, expected(0));
  let last = 0; // the newest version known to be whole on disk
  let lockLeft = false;
  let next = spawnWriter(bundle, file, mode, kind);
  for (let k = 0; k < kills; k++) {
    const writer = next;
    await writer.ready;
    const running = writer.run(last + 1, random() * MAX_DELAY_MS);
    if (k + 1 < kills) next = spawnWriter(bundle, file, mode, kind);
    const round = await running;
    assert.equal(round.selfExit, undefined, `the writer must only end by the kill: ${round.selfExit}`);
    t.kills++;
    t.versionsCompleted += round.done.length;
    if (round.firstWriteMs !== undefined) {
      t.firstWriteMaxMs = Math.max(t.firstWriteMaxMs, round.firstWriteMs);
      if (lockLeft) {
        t.writesAfterDeadLock++;
        t.firstWriteAfterDeadLockMaxMs = Math.max(t.firstWriteAfterDeadLockMaxMs, round.firstWriteMs);
      }
    }
    t.foreignLeftoversAfterSweep += round.foreignAfterFirstWrite?.length ?? 0;
    const finished = round.done.at(-1) ?? last;

    const bytes = readFileSync(file);
    const v = versionOf(bytes);
    // Whole: exactly the bytes of one version, and that version is the last finished or the next.
    const whole = Number.isInteger(v) && bytes.equals(expected(v)) && (v === finished || v === finished + 1);
    if (!whole) {
      t.torn++;
      if (t.tornDetails.length < 5) t.tornDetails.push(`kill ${k}: ${bytes.length} bytes, VERSION=${v}, finished ${finished}`);
      writeFileSync(file, expected(finished)); // start the next round from a whole file
      last = finished;
    } else {
      last = v;
    }
    const names = readdirSync(path.dirname(file));
    t.tempLeftByKill += names.filter((n) => n.endsWith('.tmp')).length > 0 ? 1 : 0;
    lockLeft = names.includes(path.basename(lockPathFor(file)));
    if (lockLeft) t.lockLeftByKill++;
  }
  return t;
}

describe('env and .neon writes: killed mid-write (SIGKILL of a real writer process)', function () {
  this.timeout(120_000);
  let dir: string;
  let bundle: string;
  // A fixed seed: the kill moments differ run to run anyway (process start times vary).
  let seed = 0x9e3779b9;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neon-env-kill-'));
    bundle = path.join(dir, 'writer.js');
    await build({
      entryPoints: [path.join(__dirname, 'env-kill-writer.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * The kill loop on a fresh folder, then what the next start does (the sweep) and one more write,
   * which must land whole. Returns the tally and the files other than the target left after the sweep.
   */
  async function killAndRestart(mode: 'safe' | 'neon', kills: number, writeNext: (file: string, n: number) => Promise<unknown>) {
    const kind = mode === 'neon' ? NEON : ENV;
    const work = path.join(dir, mode);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    const file = path.join(work, kind.name);
    const t0 = Date.now();
    const t = await killLoop(bundle, file, mode, kills, random);
    const seconds = (Date.now() - t0) / 1000;
    // What activation does for each folder: the last kill's leftovers go too. (A start comes
    // seconds after a kill; a lock killed before its owner was written is judged after 500 ms.)
    await new Promise((r) => setTimeout(r, 600));
    await sweepWriterLeftovers(file);
    const afterStart = readdirSync(work).filter((name) => name !== kind.name).sort();
    const v = kind.versionOf(readFileSync(file));
    await writeNext(file, v + 1);
    assert.ok(readFileSync(file).equals(kind.expected(v + 1)), 'a write after the kills lands whole');
    return { t, seconds, afterStart };
  }

  it(`${KILLS} kills of the extension's writer: every file whole, leftovers swept, no wait on a dead lock`, async () => {
    const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
    const { t, seconds, afterStart } = await killAndRestart('safe', KILLS, (file, n) => writeEnvFile(file, envKillUpdates(n)));

    recordReliability('killedMidWrite', {
      writer: "a child Node process running src/env/write.ts (bundled), SIGKILLed 0–50 ms after it starts its loop of writes of ~64 KiB",
      killsTried: t.kills,
      filesTorn: t.torn,
      versionsCompleted: t.versionsCompleted,
      killsThatLeftATempFile: t.tempLeftByKill,
      killsThatLeftALock: t.lockLeftByKill,
      firstWritesAfterADeadWritersLock: t.writesAfterDeadLock,
      longestFirstWriteAfterADeadWritersLockMs: Math.round(t.firstWriteAfterDeadLockMaxMs * 10) / 10,
      longestFirstWriteMs: Math.round(t.firstWriteMaxMs * 10) / 10,
      deadWritersFilesLeftAfterTheNextWrite: t.foreignLeftoversAfterSweep,
      filesLeftAfterTheStartSweep: afterStart.length,
      seconds: Math.round(seconds * 10) / 10,
      loadAverageAtStart: loadAtStart,
      control: controlFigures,
    });

    assert.equal(t.kills, KILLS);
    assert.equal(t.torn, 0, `torn files: ${t.tornDetails.join('; ')}`);
    assert.ok(t.versionsCompleted > 0, 'some writes completed between kills');
    assert.ok(t.tempLeftByKill > 0, 'some kills landed while a temp file existed (else the test proves little)');
    assert.ok(t.lockLeftByKill > 0, 'some kills left a lock behind');
    assert.ok(t.writesAfterDeadLock > 0, 'a writer started after a dead writer left its lock');
    assert.ok(t.firstWriteAfterDeadLockMaxMs < 1000, `a dead writer's lock held the next write up for ${t.firstWriteAfterDeadLockMaxMs} ms`);
    assert.equal(t.foreignLeftoversAfterSweep, 0, "a dead writer's temp file or lock outlived the next write");
    assert.deepEqual(afterStart, [], 'after the start sweep only .env is left');
  });

  it(`${NEON_KILLS} kills of the .neon writer (link, checkout, cleanup): every file whole, leftovers swept`, async () => {
    const { t, seconds, afterStart } = await killAndRestart('neon', NEON_KILLS, (file, n) => writeNeonFile(path.dirname(file), neonKillVersion(n)));

    recordReliability('killedMidWriteNeon', {
      writer: 'a child Node process running src/git/neonFile.ts (bundled), SIGKILLed 0–50 ms after it starts its loop of .neon writes of ~64 KiB',
      killsTried: t.kills,
      filesTorn: t.torn,
      versionsCompleted: t.versionsCompleted,
      killsThatLeftATempFile: t.tempLeftByKill,
      killsThatLeftALock: t.lockLeftByKill,
      longestFirstWriteAfterADeadWritersLockMs: Math.round(t.firstWriteAfterDeadLockMaxMs * 10) / 10,
      deadWritersFilesLeftAfterTheNextWrite: t.foreignLeftoversAfterSweep,
      filesLeftAfterTheStartSweep: afterStart.length,
      seconds: Math.round(seconds * 10) / 10,
    });

    assert.equal(t.kills, NEON_KILLS);
    assert.equal(t.torn, 0, `torn files: ${t.tornDetails.join('; ')}`);
    assert.ok(t.versionsCompleted > 0, 'some writes completed between kills');
    assert.ok(t.tempLeftByKill > 0, 'some kills landed while a temp file existed (else the test proves little)');
    assert.ok(t.firstWriteAfterDeadLockMaxMs < 1000, `a dead writer's lock held the next write up for ${t.firstWriteAfterDeadLockMaxMs} ms`);
    assert.equal(t.foreignLeftoversAfterSweep, 0, "a dead writer's temp file or lock outlived the next write");
    assert.deepEqual(afterStart, [], 'after the start sweep only .neon is left');
  });

  let controlFigures: { killsTried: number; filesTorn: number } | undefined;
  before(async function () {
    // The control runs first so its figures go into the same record.
    const work = path.join(dir, 'naive');
    mkdirSync(work, { recursive: true });
    const t = await killLoop(bundle, path.join(work, '.env'), 'naive', CONTROL_KILLS, random);
    controlFigures = { killsTried: t.kills, filesTorn: t.torn };
  });

  it('control: a naive in-place writer under the same kills leaves torn files the check catches', () => {
    assert.ok(controlFigures, 'the control ran');
    assert.ok(controlFigures.filesTorn > 0, `0 of ${controlFigures.killsTried} naive writes torn: the check cannot see a torn file`);
  });
});
