// The `neonctl` CLI as a peer. It is not a dependency of the extension: the bench installs one
// pinned version into .cache/neonctl (git-ignored) the first time it is needed, from npm.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const NEONCTL_VERSION = '5.0.1';
const PREFIX = path.join(__dirname, '..', '..', '.cache', 'neonctl');
const BIN = path.join(PREFIX, 'node_modules', 'neonctl', 'bin', 'cli.js');

/** Path of neonctl's entry script, installing it once; undefined (with a reason printed) when npm can't. */
export function ensureNeonctl(): string | undefined {
  if (fs.existsSync(BIN)) return BIN;
  fs.mkdirSync(PREFIX, { recursive: true });
  console.log(`  installing neonctl@${NEONCTL_VERSION} into ${path.relative(process.cwd(), PREFIX)} (once)…`);
  const r = spawnSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--no-save', `neonctl@${NEONCTL_VERSION}`], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0 || !fs.existsSync(BIN)) {
    console.log(`  neonctl could not be installed (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}); its rows are left out`);
    return undefined;
  }
  return BIN;
}

export interface CliRun {
  ms: number;
  stdout: string;
}

/** Runs neonctl against `apiHost` with a throw-away config dir; wall time from spawn to exit. */
export async function runNeonctl(bin: string, args: string[], opts: { apiHost?: string; apiKey?: string } = {}): Promise<CliRun> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neonctl-cfg-'));
  const full = [bin, ...args, '--config-dir', configDir, '--no-analytics', ...(opts.apiHost ? ['--api-host', opts.apiHost] : []), ...(opts.apiKey ? ['--api-key', opts.apiKey] : [])];
  const env = { ...process.env, NEON_API_KEY: '', NO_COLOR: '1', CI: '1' };
  const t0 = performance.now();
  // Asynchronous: the emulator runs in this process and must keep serving meanwhile.
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, full, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const ms = performance.now() - t0;
  fs.rmSync(configDir, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`neonctl ${args.join(' ')} exited ${r.code}: ${r.stderr.trim().slice(0, 500)}`);
  return { ms, stdout: r.stdout };
}
