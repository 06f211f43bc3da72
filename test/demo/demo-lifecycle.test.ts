// `npm start` (scripts/demo.js) for real: the build, the emulator, code-server. Each way a person
// leaves it (Ctrl-C, a closed terminal, npm killed) must end every process it started and
// remove every file it wrote in the temp folder. Not in the unit suite: three starts take ~1 min.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { consoleUrl } from '../../src/commands/consoleUrl';

const ROOT = path.resolve(__dirname, '..', '..');
const DEMO = path.join(ROOT, 'scripts', 'demo.js');

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  cmd: string;
}

function readProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), ppid: Number(rest[1]), pgid: Number(rest[2]), cmd });
    } catch {
      /* exited while we looked */
    }
  }
  return out;
}

/** Every process below `root` (children, grandchildren, …), whatever their process group. */
function descendants(root: number): Proc[] {
  const all = readProcs();
  const found: Proc[] = [];
  let frontier = [root];
  while (frontier.length) {
    const kids = all.filter((p) => frontier.includes(p.ppid));
    found.push(...kids);
    frontier = kids.map((k) => k.pid);
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function until(what: string, ms: number, ok: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The newcomer's first minute in the browser: open the view, expand the demo account, an org, a
 * project. Its branches must show (once a held-back org row reached the window before the window
 * had drawn the org's projects: the project expanded to nothing and sent no request).
 */
async function expandToBranches(open: string): Promise<string[]> {
  const browser = await chromium.launch({
    executablePath: process.env.NEON_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(open);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // A row's aria-label says what it is first ("Account Demo account, …", "Branch main, default").
    const row = (label: string) => page.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
    await page.locator('.activitybar .action-label[aria-label^="Neon Explorer"]').first().click();
    for (const label of ['Account Demo account', 'Organization Acme Inc', 'Project acme-web']) {
      await row(label).waitFor({ timeout: 60_000 });
      if ((await row(label).getAttribute('aria-expanded')) !== 'true') await row(label).locator('.monaco-tl-twistie').click();
      // As a person would: look at the org for a moment (its row changes once your role is known).
      if (label === 'Organization Acme Inc') {
        await page.locator('.monaco-list-row[aria-label^="Organization Acme Inc"][aria-label*="admin"]').first().waitFor({ timeout: 20_000 });
        await page.waitForTimeout(1500);
      }
    }
    await row('Branch main').waitFor({ timeout: 20_000 });
    return await page.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  } finally {
    await browser.close();
  }
}

interface Running {
  /** The process we signal: the demo itself, or the shell standing in for npm. */
  top: ChildProcess;
  demoPid: number;
  output: () => string;
  exited: Promise<number | null>;
  tmpRoot: string;
  demoDir: string;
  ports: number[];
  procs: Proc[];
}

/** Starts the demo (under `sh -c` to stand in for npm when asked) and waits for its ready line. */
async function startDemo(underShell: boolean): Promise<Running> {
  // The demo's TMPDIR: after it stops, this folder must be empty again.
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ndt-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmpRoot };
  delete env.NEON_DEMO_VERBOSE;
  // `; :` keeps the shell alive as the demo's parent, as npm's `sh -c` is.
  const top = underShell
    ? spawn('sh', ['-c', `"${process.execPath}" "${DEMO}"; :`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [DEMO], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  top.stdout!.on('data', (c) => (out += c));
  top.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => top.once('exit', (code) => r(code)));
  try {
    await until(`the demo printed its Open line (output so far:\n${out})`, 150_000, () => /\[demo\] Open: \S+/.test(out) || top.exitCode !== null);
  } catch (e) {
    killTree(top.pid!);
    throw e;
  }
  assert.equal(top.exitCode, null, `the demo exited before it was ready:\n${out}`);
  const open = /\[demo\] Open: (\S+)/.exec(out)![1]!;
  const url = new URL(open);
  const workspace = url.searchParams.get('folder')!;
  const emulatorPort = Number(/emulator \(small seed\) on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
  const demoPid = underShell ? descendants(top.pid!).find((p) => p.cmd.includes('scripts/demo.js'))!.pid : top.pid!;
  return { top, demoPid, output: () => out, exited, tmpRoot, demoDir: path.dirname(workspace), ports: [Number(url.port), emulatorPort], procs: descendants(top.pid!) };
}

function killTree(pid: number, seen: Proc[] = []): void {
  for (const p of [...descendants(pid), ...seen]) {
    try {
      process.kill(-p.pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

async function assertAllGone(d: Running): Promise<void> {
  await until('the demo process ended', 20_000, () => !alive(d.demoPid));
  // Processes: every pid and process group seen while it ran.
  await until(`every process the demo started ended (${d.procs.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.cmd.slice(0, 100)}`).join('; ')})`, 5_000, () => d.procs.every((p) => !alive(p.pid)));
  for (const g of new Set(d.procs.map((p) => p.pgid))) {
    assert.throws(() => process.kill(-g, 0), /ESRCH/, `process group ${g} is gone`);
  }
  // Ports: code-server and the emulator no longer answer.
  for (const port of d.ports) assert.equal(await portOpen(port), false, `port ${port} is closed`);
  // Files: the demo's folder (profile, logs, workspace .env) and anything else in its TMPDIR.
  assert.equal(fs.existsSync(d.demoDir), false, `${d.demoDir} was removed`);
  assert.deepEqual(fs.readdirSync(d.tmpRoot), [], `nothing is left in the demo's TMPDIR ${d.tmpRoot}`);
  assert.match(d.output(), /\[demo\] stopped; temporary files removed\./);
}

describe('npm start: the demo stops everything it started', function () {
  this.timeout(240_000);
  let running: Running | undefined;

  afterEach(() => {
    if (running) {
      killTree(running.top.pid!, running.procs); // what a failed test left behind
      fs.rmSync(running.tmpRoot, { recursive: true, force: true });
      running = undefined;
    }
  });

  it('starts with output a newcomer can read and Console pages from the emulator; Ctrl-C (SIGINT) ends code-server, the emulator and the temp folder', async () => {
    const d = (running = await startDemo(false));
    assert.ok(d.procs.some((p) => p.cmd.includes('code-server')) && d.procs.some((p) => p.cmd.includes('emulator/cli.ts')), `code-server and the emulator run: ${d.procs.map((p) => p.cmd.slice(0, 80)).join('; ')}`);
    assert.equal(fs.existsSync(path.join(d.demoDir, 'user-data')), true);
    for (const port of d.ports) assert.equal(await portOpen(port), true, `port ${port} answers while the demo runs`);
    const out = d.output();
    assert.doesNotMatch(out, /Unknown env config|npm warn|not yet covered by allowScripts|^Removed /m, 'no npm noise');
    assert.equal(out.match(/^\[esbuild\]/gm)?.length, 1, `one build line:\n${out}`);
    // "Open in Neon Console" goes to the emulator's page for the object, through code-server.
    const settings = JSON.parse(fs.readFileSync(path.join(d.demoDir, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, string>;
    const consoleBase = settings['neonExplorer.consoleUrl']!;
    assert.match(consoleBase, new RegExp(`^http://127\\.0\\.0\\.1:${d.ports[0]}/proxy/${d.ports[1]}/console$`));
    const res = await fetch(consoleUrl(consoleBase, { projectId: 'hidden-cell-76330112' }));
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Local Neon API emulator, not the Neon Console[\s\S]*Project acme-web/);
    // The tree in the browser: account → org → project → its branches.
    const rows = await expandToBranches(/\[demo\] Open: (\S+)/.exec(out)![1]!);
    assert.ok(rows.some((r) => r.startsWith('Branch staging')), `acme-web's branches show: ${rows.join(' | ')}`);
    // The workspace is a git repository (the branch per git branch can be tried).
    assert.equal(fs.existsSync(path.join(d.demoDir, 'workspace', '.git')), true, 'the demo workspace is a git repository');
    // The workspace .env the person may have written, to be removed with the rest.
    fs.writeFileSync(path.join(d.demoDir, 'workspace', '.env'), 'DATABASE_URL=postgresql://demo\n');
    process.kill(d.demoPid, 'SIGINT');
    assert.equal(await d.exited, 0, 'a clean stop exits 0 (npm prints no error)');
    await assertAllGone(d);
  });

  it('a closed terminal (SIGHUP) ends them too', async () => {
    const d = (running = await startDemo(false));
    process.kill(d.demoPid, 'SIGHUP');
    await assertAllGone(d);
  });

  it('npm killed outright (no signal reaches the demo) ends them too', async () => {
    const d = (running = await startDemo(true));
    process.kill(d.top.pid!, 'SIGKILL'); // the `sh -c` npm runs the demo with
    await assertAllGone(d);
  });

  it('code-server dying (an error) ends the emulator and removes the temp folder, exit code 1', async () => {
    const d = (running = await startDemo(false));
    const server = d.procs.find((p) => /code-server\/out\/node\/entry\.js --bind-addr/.test(p.cmd) && !p.cmd.includes('orphan-guard'));
    assert.ok(server, 'code-server runs');
    process.kill(server.pid, 'SIGKILL');
    assert.equal(await d.exited, 1);
    await assertAllGone(d);
    assert.match(d.output(), /code-server exited \(\d+\): stopping…/);
  });
});
