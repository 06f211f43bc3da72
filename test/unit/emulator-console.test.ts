// The emulator's stand-in Console pages: where the demo's "Open in Neon Console" lands. The
// addresses come from the extension's own consoleUrl(), so a change on either side shows here.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/index';
import { consoleUrl } from '../../src/commands/consoleUrl';
import { ACME, WEB, call } from './emulator-helpers';

async function page(url: string, method = 'GET'): Promise<{ status: number; type: string | null; csp: string | null; html: string }> {
  const res = await fetch(url, { method });
  return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), html: await res.text() };
}

/** The page's text as a person reads it: tags dropped, entities decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_m, n) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ')
    .trim();
}

describe('emulator console pages', function () {
  this.timeout(20000);
  let em: Emulator;

  before(async () => {
    em = await startEmulator({ seed: 'small' });
  });
  after(async () => em?.close());

  it('a project: says it is the emulator, names the project and its org, and gives the real Console path', async () => {
    const r = await page(consoleUrl(em.consoleUrl, { projectId: WEB }));
    assert.equal(r.status, 200);
    assert.equal(r.type, 'text/html; charset=utf-8');
    assert.match(r.csp!, /default-src 'none'/, 'no script runs on the page');
    const t = text(r.html);
    assert.match(t, /Local Neon API emulator, not the Neon Console/);
    assert.match(t, /Project acme-web/);
    assert.match(t, /Organization Acme Inc \(org-morning-bread-81040908\)/);
    assert.ok(t.includes(`https://console.neon.tech/app/projects/${WEB}`), t);
    assert.match(r.html, /<title>acme-web · local Neon API emulator<\/title>/);
  });

  it('a branch and an organization, at the paths the extension opens', async () => {
    const branches = (await call(em, 'GET', `/projects/${WEB}/branches`)).body.branches as { id: string; name: string }[];
    const main = branches.find((b) => b.name === 'main')!;
    const b = await page(consoleUrl(em.consoleUrl, { projectId: WEB, branchId: main.id }));
    assert.equal(b.status, 200);
    assert.match(text(b.html), new RegExp(`Branch main \\(${main.id}\\), default`));
    assert.ok(text(b.html).includes(`https://console.neon.tech/app/projects/${WEB}/branches/${main.id}`));
    const o = await page(consoleUrl(em.consoleUrl, { orgId: ACME }));
    assert.equal(o.status, 200);
    const t = text(o.html);
    assert.match(t, /Organization Acme Inc/);
    assert.match(t, /Plan business/);
    assert.ok(t.includes(`https://console.neon.tech/app/${ACME}/projects`));
  });

  it('an id the emulator does not have is a 404 page that says so; other paths and methods are refused', async () => {
    const gone = await page(consoleUrl(em.consoleUrl, { projectId: 'no-such-12345678' }));
    assert.equal(gone.status, 404);
    assert.match(text(gone.html), /No such project .* no-such-12345678 .* may have been deleted/);
    const branch = await page(consoleUrl(em.consoleUrl, { projectId: WEB, branchId: 'br-nope' }));
    assert.equal(branch.status, 404);
    assert.match(text(branch.html), /No such branch/);
    assert.equal((await page(consoleUrl(em.consoleUrl, { orgId: 'org-nope' }))).status, 404);
    const other = await page(`${em.consoleUrl}/settings`);
    assert.equal(other.status, 404);
    assert.match(text(other.html), /Not a Console page/);
    assert.equal((await page(consoleUrl(em.consoleUrl, { projectId: WEB }), 'POST')).status, 405);
    assert.equal((await page(`${em.consoleUrl}/app/projects/%E0%A4%A`)).status, 400, 'a malformed escape is a 400, not a crash');
  });

  it('escapes names: a project renamed to markup shows as text', async () => {
    const name = '<img src=x onerror=alert(1)>&"';
    assert.equal((await call(em, 'PATCH', `/projects/${WEB}`, { body: { project: { name } } })).status, 200);
    const r = await page(consoleUrl(em.consoleUrl, { projectId: WEB }));
    assert.ok(!r.html.includes('<img'), 'no markup from data');
    assert.ok(text(r.html).includes(`Project ${name}`));
  });

  it('is not the API: no key needed, nothing in the request log', async () => {
    await fetch(`${em.controlUrl}/requests`, { method: 'DELETE' });
    assert.equal((await page(consoleUrl(em.consoleUrl, { orgId: ACME }))).status, 200);
    const log = (await (await fetch(`${em.controlUrl}/requests`)).json()) as { total: number };
    assert.equal(log.total, 0);
  });
});
