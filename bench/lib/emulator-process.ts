// The emulator in a process of its own, as the API is on another machine: its work (building a
// 2 MB consumption page takes it 30–200 ms) no longer runs on the event loop of the code under
// test. Same seed options as startEmulator; stopped with close().
import { spawn } from 'child_process';
import * as path from 'path';

export interface EmulatorProcess {
  url: string;
  apiKey: string;
  controlUrl: string;
  setLatency(ms: number): Promise<void>;
  /** Requests answered since the log was last cleared. */
  requests(): Promise<number>;
  clearLog(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(o: { orgs: number; projectsPerOrg: number; branches: number; latencyMs: number }): Promise<EmulatorProcess> {
  const cli = path.join(__dirname, '..', '..', 'emulator', 'cli.ts');
  const args = ['--import', 'tsx', cli, '--port', '0', '--orgs', String(o.orgs), '--projects-per-org', String(o.projectsPerOrg), '--branches', String(o.branches), '--latency-ms', String(o.latencyMs), '--no-postgres'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the emulator did not start within 60 s: ${text}`)), 60_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      text += c;
      if (/^control: /m.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}): ${text}`)));
  });
  const field = (name: string) => new RegExp(`^${name}: (\\S+)`, 'm').exec(out)?.[1] ?? '';
  const controlUrl = field('control');
  const apiKey = field('api key');
  const control = (p: string, init?: RequestInit) => fetch(`${controlUrl}${p}`, init);
  return {
    url: /listening on (\S+)/.exec(out)![1]!,
    apiKey,
    controlUrl,
    setLatency: async (ms) => void (await control('/config', { method: 'POST', body: JSON.stringify({ latencyMs: ms }), headers: { 'content-type': 'application/json' } })),
    requests: async () => ((await (await control('/requests')).json()) as { total: number }).total,
    clearLog: async () => void (await control('/requests', { method: 'DELETE' })),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The id of the first organization the key's user belongs to. */
export async function firstOrgId(em: Pick<EmulatorProcess, 'url' | 'apiKey'>): Promise<string> {
  const r = await fetch(`${em.url}/users/me/organizations`, { headers: { authorization: `Bearer ${em.apiKey}` } });
  const body = (await r.json()) as { organizations: { id: string }[] };
  return body.organizations[0]!.id;
}
