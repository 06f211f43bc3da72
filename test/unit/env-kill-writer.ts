/**
 * A child process for env-write-kill.test.ts: says "ready", reads the first version n from stdin
 * (so the parent can start it ahead of time), then writes `.env` versions n, n+1, … in a loop with
 * the extension's own writer (src/env/write.ts; `neon` mode: `.neon` versions with src/git/neonFile.ts)
 * until it is SIGKILLed. After each write it prints
 * the version it completed (stdout to a pipe is synchronous on Linux, so the parent sees every
 * line printed before the kill). `naive` mode overwrites the file in place, the control that shows the
 * test can see a torn file.
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mergeEnv } from '../../src/env/merge';
import { writeEnvFile } from '../../src/env/write';
import { writeNeonFile } from '../../src/git/neonFile';
import { envKillBase, envKillUpdates, neonKillVersion } from './env-kill-content';

/** The version to start from arrives on stdin, so the parent can start this process ahead of time. */
const startVersion = () =>
  new Promise<string>((resolve) => {
    let s = '';
    process.stdin.on('data', (d: Buffer) => {
      s += d.toString();
      if (s.includes('\n')) resolve(s.trim());
    });
  });

async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2) as [string, 'safe' | 'naive' | 'neon'];
  process.stdout.write('ready\n');
  const from = await startVersion();
  process.stdout.write('go\n');
  for (let n = Number(from); ; n++) {
    const t0 = performance.now();
    if (mode === 'naive') writeFileSync(file, mergeEnv(envKillBase, envKillUpdates(n)));
    else if (mode === 'neon') await writeNeonFile(dirname(file), neonKillVersion(n));
    else await writeEnvFile(file, envKillUpdates(n));
    process.stdout.write(`${n} ${(performance.now() - t0).toFixed(2)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
