// /console: a stand-in for the Neon Console, so "Open in Neon Console" in the demo lands on an
// honest page (this is the local emulator; here is the object and its real Console path) instead
// of the real Console with ids it has never heard of. The paths mirror the Console's:
//   /console/app/{org_id}/projects, /console/app/projects/{project_id}[/branches/{branch_id}]
import type http from 'node:http';
import type { State } from './model';

export const CONSOLE_BASE = '/console';
const REAL_CONSOLE = 'https://console.neon.tech';

interface Page {
  status: number;
  title: string;
  heading: string;
  facts: [string, string][];
  /** The same object's path in the real Neon Console, and what the object is. */
  realPath?: string;
  kind?: 'organization' | 'project' | 'branch';
  note?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function render(p: Page): string {
  const facts = p.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const real = p.realPath
    ? `<p>In the Neon Console, a real ${p.kind ?? 'page'} opens at <code>${esc(REAL_CONSOLE + p.realPath)}</code>. This one exists only in the emulator, so the Console would not know it.</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)} · local Neon API emulator</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
  main { max-width: 42rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #dde1e6; border-radius: 8px; }
  .badge { display: inline-block; padding: 0.15rem 0.6rem; border-radius: 999px; background: #fff3cd; color: #664d03; font-size: 0.85rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
  dt { color: #5c6670; } dd { margin: 0; }
  code { font: 0.9em ui-monospace, monospace; background: #f0f2f4; padding: 0.1rem 0.3rem; border-radius: 4px; word-break: break-all; }
</style>
</head>
<body>
<main>
<p class="badge">Local Neon API emulator, not the Neon Console</p>
<h1>${esc(p.heading)}</h1>
<p>This page comes from the Neon API emulator that <code>npm start</code> runs on this machine, with made-up data. There is no Console here; the extension's "Open in Neon Console" points at this page in the demo.</p>
${facts ? `<dl>${facts}</dl>` : ''}
${real}
${p.note ? `<p>${esc(p.note)}</p>` : ''}
</main>
</body>
</html>
`;
}

function orgName(s: State, orgId: string | undefined): string {
  if (!orgId) return 'personal projects';
  const o = s.orgs.get(orgId);
  return o ? `${o.name} (${o.id})` : orgId;
}

/** The page for a Console path (below /console), or a 404 page that says what is missing. */
export function consolePage(s: State, path: string): Page {
  const seg = path.split('/').filter(Boolean).map((x) => decodeURIComponent(x));
  const enc = encodeURIComponent;
  if (seg[0] === 'app' && seg[1] === 'projects' && seg[2]) {
    const p = s.projects.get(seg[2]);
    if (!p) return { status: 404, title: 'No such project', heading: 'No such project', facts: [['Project ID', seg[2]]], note: 'The emulator has no project with this ID: it may have been deleted, or it belongs to another emulator run.' };
    const projectFacts: [string, string][] = [['Project', `${p.name} (${p.id})`], ['Organization', orgName(s, p.orgId)], ['Region', p.regionId], ['Postgres', String(p.pgVersion)]];
    if (seg[3] === 'branches' && seg[4]) {
      const b = s.detail(p).branches.get(seg[4]);
      if (!b) return { status: 404, title: 'No such branch', heading: 'No such branch', facts: [['Branch ID', seg[4]], ...projectFacts], note: 'The project has no branch with this ID: it may have been deleted.' };
      return {
        status: 200,
        title: `${b.name} · ${p.name}`,
        heading: `Branch ${b.name}`,
        facts: [['Branch', `${b.name} (${b.id})${b.isDefault ? ', default' : ''}${b.protected ? ', protected' : ''}`], ...projectFacts],
        realPath: `/app/projects/${enc(p.id)}/branches/${enc(b.id)}`,
        kind: 'branch',
      };
    }
    return { status: 200, title: p.name, heading: `Project ${p.name}`, facts: projectFacts, realPath: `/app/projects/${enc(p.id)}`, kind: 'project' };
  }
  if (seg[0] === 'app' && seg[1] && seg[2] === 'projects' && seg.length === 3) {
    const o = s.orgs.get(seg[1]);
    if (!o) return { status: 404, title: 'No such organization', heading: 'No such organization', facts: [['Organization ID', seg[1]]], note: 'The emulator has no organization with this ID.' };
    return {
      status: 200,
      title: o.name,
      heading: `Organization ${o.name}`,
      facts: [['Organization', `${o.name} (${o.id})`], ['Plan', o.plan], ['Projects', String(s.ownerProjects(o.id).length)], ['Members', String(s.orgMembers(o.id).length)]],
      realPath: `/app/${enc(o.id)}/projects`,
      kind: 'organization',
    };
  }
  return { status: 404, title: 'Not a Console page', heading: 'Not a Console page', facts: [['Path', `${CONSOLE_BASE}/${seg.join('/')}`]], note: 'The emulator answers /console/app/projects/{project_id}, …/branches/{branch_id} and /console/app/{org_id}/projects.' };
}

export function handleConsole(s: State, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let page: Page;
  try {
    page = consolePage(s, url.pathname.slice(CONSOLE_BASE.length));
  } catch {
    page = { status: 400, title: 'Bad address', heading: 'Bad address', facts: [], note: 'The address could not be decoded.' };
  }
  const html = render(page);
  res
    .writeHead(page.status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(html)),
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    })
    .end(req.method === 'HEAD' ? undefined : html);
}
