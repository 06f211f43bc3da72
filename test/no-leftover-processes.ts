// Root hook for the mocha suites (unit, webview, demo, package): a test that fails before it
// stops a child process (an emulator CLI, a writer, a demo) would otherwise keep mocha waiting on
// that child's pipes forever, and CI would end in a silent timeout instead of a red line. After
// the last test, any direct child still running is named, killed, and reported as a failure.
import { readdirSync, readFileSync } from 'node:fs';

function childrenOfThisProcess(): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]);
      if (ppid !== process.pid) continue;
      const state = /^State:\s*(\S)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (state === 'Z') continue; // exited, only waiting to be reaped
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // Unreferenced helpers that end with this process and do not hold mocha: tsx's transformer,
      // and the data plane's watchdog (one per process, it cleans up after the exit).
      if (/\/esbuild --service=/.test(cmd) || cmd.includes(' neon-emu-watchdog ')) continue;
      out.push({ pid: Number(name), cmd: cmd.slice(0, 160) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    if (process.platform !== 'linux') return; // reads /proc
    this.timeout(10000);
    // Children that are ending (a SIGTERM just sent) get a moment to finish on their own.
    const end = Date.now() + 3000;
    let left = childrenOfThisProcess();
    while (left.length && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      left = childrenOfThisProcess();
    }
    if (!left.length) return;
    for (const c of left) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    throw new Error(`${left.length} child process(es) were still running after the last test and were killed; a test did not stop what it started:\n${left.map((c) => `  ${c.pid} ${c.cmd}`).join('\n')}`);
  },
};
