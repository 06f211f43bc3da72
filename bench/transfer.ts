/**
 * Transferring 10,000 projects into an organization, at 50 ms emulator latency: the extension's
 * transfer engine (pages read ahead while batches are transferred) against the Python script of
 * Neon's "Transfer projects to an organization" guide (seeds/002_*.txt), pointed at the same
 * emulator with the same data.
 *
 *   npx tsx bench/transfer.ts [--projects 10000] [--latency 50] [--runs 5]
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
import { startEmulator, type Emulator } from '../emulator';
import { emit, runsWanted } from './lib/record';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const PROJECTS = arg('projects', 10_000);
const LATENCY = arg('latency', 50);
const RUNS = runsWanted();
const G = 'transfer';
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
    console.log(`Transfer of ${PROJECTS} projects into an organization, emulator latency ${LATENCY} ms, ${RUNS} runs each after one warm-up`);
    const published = await runPython(personal, dir, false);
    console.log(`  guide script as published: moved ${published.moved} of ${PROJECTS} in ${published.requests} requests (stops after page 1: the API's cursor equals the last id on every page)`);
    await runOurs(personal, undefined);
    await runPython(personal, dir, true);
    const ours: Figures[] = [];
    const py: (Figures & { startMs: number })[] = [];
    // Alternate which goes first so drift on a shared machine hits both alike.
    for (let i = 0; i < RUNS; i++) {
      if (i % 2) py.push(await runPython(personal, dir, true));
      ours.push(await runOurs(personal, undefined));
      if (!(i % 2)) py.push(await runPython(personal, dir, true));
    }
    await runOurs(orgs, SOURCE);
    const orgToOrg: Figures[] = [];
    for (let i = 0; i < RUNS; i++) orgToOrg.push(await runOurs(orgs, SOURCE));
    for (const f of [...ours, ...py, ...orgToOrg]) if (f.moved !== PROJECTS) throw new Error(`moved ${f.moved} of ${PROJECTS}`);
    const pages = Math.ceil(PROJECTS / 400) + (PROJECTS % 400 === 0 ? 1 : 0);
    const floor = pages * LATENCY;
    const floorNote = `${pages} sequential page reads × ${LATENCY} ms; each batch of 400 overlaps the next read`;
    const n = (xs: Figures[]) => Math.max(...xs.map((x) => x.requests));
    emit({
      group: G, what: `Transfer ${PROJECTS.toLocaleString('en-US')} personal projects into an org`, unit: 'ms', ours: ours.map((f) => f.wallMs),
      peer: { name: "the transfer guide's Python script, end-of-list fixed", values: py.map((f) => f.wallMs) },
      requests: { ours: n(ours), peer: n(py) }, floor, floorNote,
    });
    emit({
      group: G, what: 'The same, Python net of its interpreter start (`python3 -c "import requests"`)', unit: 'ms', ours: ours.map((f) => f.wallMs),
      peer: { name: 'Python script − start', values: py.map((f) => f.wallMs - f.startMs) }, floor, floorNote,
    });
    emit({
      group: G, what: `Transfer ${PROJECTS.toLocaleString('en-US')} projects org → org (\`POST /organizations/{source}/projects/transfer\`)`, unit: 'ms',
      ours: orgToOrg.map((f) => f.wallMs), requests: { ours: n(orgToOrg) }, floor, floorNote,
    });
  } finally {
    await personal.close();
    await orgs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
