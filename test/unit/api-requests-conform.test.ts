/**
 * Every request the extension's code paths send is held to Neon's OpenAPI document: the client
 * talks to the emulator through a recording HTTP server, and each recorded request is checked
 * (operation exists; query parameters documented, required, within min/max/enum/pattern/format;
 * bodies valid with no undeclared field; the document's prose rules).
 */
import assert from 'node:assert/strict';
import { NeonClient } from '../../src/api';
import { identifyKey } from '../../src/accounts/identify';
import { loadAccountLevel, orgProjectsSource, personalProjectsSource, sharedProjectsSource } from '../../src/tree/levelRequests';
import { consumptionClientFrom, loadConsumption } from '../../src/consumption/load';
import { PRESETS, presetRange } from '../../src/consumption/time';
import { parseEmailList } from '../../src/commands/orgLogic';
import { regionChoices } from '../../src/commands/regions';
import { startEmulator, type Emulator } from '../../emulator';
import { createRequestChecker, type RequestChecker } from '../../emulator/openapi-requests';
import { startRecordingProxy, type RecordingProxy, type WireRequest } from './request-recorder';
import { ACME, DATA, SIDE, WEB } from './emulator-helpers';
import { getConsumptionBranchesPage } from '../../src/api/consumption';
import { findMadeBranch, findMadeDatabase, findMadeProject, findMadeRole } from '../../src/commands/lostAnswer';

/** Operations past their sunset the extension may still call, each with the reason. */
const SUNSET_ALLOWED: Record<string, string> = {
  'POST /users/me/projects/transfer': 'only for projects the API still lists outside any organization; 404/410 end in a sentence',
};

const soft = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch {
    /* the request is on the wire either way; refusals are the emulator's business here */
  }
};

function violationsOf(checker: RequestChecker, reqs: WireRequest[], today = Date.now()): string[] {
  const out: string[] = [];
  for (const r of reqs) {
    const v = checker.check(r);
    const line = `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ''}`;
    for (const x of v.violations) out.push(`${line}: ${x}`);
    const key = `${r.method} ${v.template}`;
    if (v.sunset && Date.parse(v.sunset) <= today && !SUNSET_ALLOWED[key]) out.push(`${line}: deprecated, sunset ${v.sunset}`);
  }
  return out;
}

/** The calls the commands, the tree and the consumption panel make, with edge arguments. */
async function driveExtensionPaths(c: NeonClient): Promise<void> {
  await identifyKey(c);
  await loadAccountLevel(c, { kind: 'personal' });
  const client = async () => c;
  for (const size of [1, 400, 1000, 0]) {
    await soft(() => orgProjectsSource(client, ACME, undefined, size)(undefined));
    await soft(() => personalProjectsSource(client, size)(undefined));
    await soft(() => sharedProjectsSource(client, size)(undefined));
  }
  await soft(() => orgProjectsSource(client, ACME, 'acme')(undefined));
  // The transfer picker: every project of an org, and the personal ones where an account has any.
  await soft(() => c.listProjects({ orgId: ACME }));
  await soft(() => c.listProjects({}));
  await soft(() => c.getOrganization(ACME));

  // members, invitations, org API keys (admin of Acme)
  for (const limit of [1, 500, 501, 100_000]) await soft(() => c.listMembersPage(ACME, { limit }));
  await soft(() => c.listMembers(ACME, { pageSize: 100_000 }));
  const members = await c.listMembers(ACME);
  const bob = members.find((m) => m.user.email === 'bob@acme.example')!;
  await soft(() => c.updateMemberRole(ACME, bob.member.id, 'admin'));
  await soft(() => c.updateMemberRole(ACME, bob.member.id, 'member'));
  await soft(() => c.removeMember(ACME, bob.member.id));
  await soft(() => c.listInvitations(ACME));
  // What the invite command sends: the addresses its parser accepts.
  const typed = 'new.person@acme.example, josé@example.com, ops@my_host.example.com, "Ann" <ann+vc@sub.acme.example>';
  const accepted = parseEmailList(typed).emails;
  await soft(() => c.createInvitations(ACME, accepted.map((email) => ({ email, role: 'member' as const }))));
  for (const email of accepted) await soft(() => c.grantProjectPermission(WEB, email));
  await soft(() => c.listOrgApiKeys(ACME));
  const key = await c.createOrgApiKey(ACME, { keyName: 'k'.repeat(64) });
  await soft(() => c.createOrgApiKey(ACME, { keyName: 'scoped', projectId: WEB }));
  await soft(() => c.revokeOrgApiKey(ACME, key.id));

  // projects (Create Project asks for the org's regions first)
  await regionChoices(c, ACME);
  const sentAt = Date.now();
  const created = await c.createProject({ name: 'conform', regionId: 'aws-us-east-2', pgVersion: 17, orgId: ACME });
  assert.equal((await findMadeProject(c, ACME, 'conform', sentAt))?.project.id, created.project.id, 'a lost create answer: the project found by its name and creation time');
  const pid = created.project.id;
  await c.waitForOperations(pid, created.operations);
  await soft(() => c.createProject({ orgId: ACME }));
  await soft(() => c.getProject(pid));
  await soft(() => c.updateProject(pid, { name: 'conform-renamed' }));
  await soft(() => c.listProjectPermissions(pid));
  const perm = await c.grantProjectPermission(pid, 'guest@example.org');
  await soft(() => c.revokeProjectPermission(pid, perm.id));

  // branches, endpoints, databases, roles, connection strings
  for (const limit of [1, 10_000, 20_000]) await soft(() => c.listBranchesPage(pid, { limit }));
  await soft(() => c.listBranches(pid, { pageSize: 50_000 }));
  const branches = await c.listBranches(pid);
  const main = branches[0]!;
  const branchSentAt = Date.now();
  const br = await c.createBranch(pid, { name: 'dev', parentId: main.id, endpoints: [{ type: 'read_write' }] });
  await c.waitForOperations(pid, br.operations);
  await soft(() => c.getBranch(pid, br.branch.id));
  // Creates whose answer was lost, found by the name: the branch found by its name, its compute, its operations.
  const dev = { name: 'dev', parentId: main.id, sentAt: branchSentAt };
  assert.equal((await findMadeBranch(c, pid, dev, new Set(branches.map((b) => b.id))))?.branch.id, br.branch.id);
  assert.equal(await findMadeBranch(c, pid, dev, new Set([...branches.map((b) => b.id), br.branch.id])), undefined, 'a branch listed before the create is not the one it made');
  assert.equal((await findMadeBranch(c, pid, { parentId: main.id, sentAt: branchSentAt }, new Set(branches.map((b) => b.id))))?.branch.id, br.branch.id, 'named by Neon: the one new child of the parent');
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await soft(() => c.updateBranch(pid, br.branch.id, { name: 'dev-renamed', expiresAt: inAWeek }));
  await soft(() => c.updateBranch(pid, br.branch.id, { expiresAt: null, protected: false }));
  await soft(() => c.restoreBranch(pid, br.branch.id, { sourceBranchId: main.id, preserveUnderName: 'dev-before-reset' }));
  await soft(() => c.setDefaultBranch(pid, br.branch.id));
  await soft(() => c.setDefaultBranch(pid, main.id));
  await soft(() => c.listBranchEndpoints(pid, br.branch.id));
  await soft(() => c.listProjectEndpoints(pid));
  const dbs = await c.listDatabases(pid, br.branch.id);
  await soft(() => c.listRoles(pid, br.branch.id));
  const role = await c.createRole(pid, br.branch.id, { name: 'r'.repeat(63) });
  await c.waitForOperations(pid, role.operations);
  const reset = await c.resetRolePassword(pid, br.branch.id, role.role.name);
  await c.waitForOperations(pid, reset.operations);
  await soft(() => c.revealRolePassword(pid, br.branch.id, role.role.name));
  assert.equal((await findMadeRole(c, pid, br.branch.id, role.role.name))?.role.name, role.role.name);
  assert.equal(await findMadeRole(c, pid, br.branch.id, 'nobody'), undefined);
  await soft(() => c.getBranchSchema(pid, br.branch.id, dbs[0]!.name));
  for (const pooled of [true, false]) {
    await soft(() => c.getConnectionUri({ projectId: pid, branchId: br.branch.id, databaseName: dbs[0]!.name, roleName: role.role.name, pooled }));
  }
  const cdb = await c.createDatabase(pid, br.branch.id, { name: 'd'.repeat(63), ownerName: role.role.name });
  await c.waitForOperations(pid, cdb.operations);
  assert.equal((await findMadeDatabase(c, pid, br.branch.id, 'd'.repeat(63)))?.database.owner_name, role.role.name);
  const udb = await c.updateDatabase(pid, br.branch.id, 'd'.repeat(63), { ownerName: dbs[0]!.owner_name, name: 'e'.repeat(63) });
  await c.waitForOperations(pid, udb.operations);
  const back = await c.updateDatabase(pid, br.branch.id, 'e'.repeat(63), { name: 'd'.repeat(63) });
  await c.waitForOperations(pid, back.operations);
  const ddb = await c.deleteDatabase(pid, br.branch.id, 'd'.repeat(63));
  await c.waitForOperations(pid, ddb.operations);
  const dr = await c.deleteRole(pid, br.branch.id, role.role.name);
  await c.waitForOperations(pid, dr.operations);
  const db = await c.deleteBranch(pid, br.branch.id);
  await c.waitForOperations(pid, db.operations);

  // transfer: org → org, and the legacy personal endpoint
  await soft(() => c.transferProjects({ sourceOrgId: ACME, destinationOrgId: DATA, projectIds: [pid] }));
  await soft(() => c.transferProjectsFromPersonal({ destinationOrgId: DATA, projectIds: ['icy-dew-16180339'] }));

  // consumption: every preset, an org on each kind of plan, and one project; branches endpoint
  const cc = consumptionClientFrom(c);
  for (const p of PRESETS) {
    const range = presetRange(p.id, Date.now());
    for (const orgId of [ACME, DATA, SIDE]) await soft(() => loadConsumption(cc, { orgId, range }));
    await soft(() => loadConsumption(cc, { projectId: WEB, range }));
    await soft(() => loadConsumption(cc, { orgId: ACME, projectId: WEB, range, api: 'legacy' }));
  }
  const day = presetRange('24h', Date.now());
  await soft(() =>
    getConsumptionBranchesPage(c, {
      from: new Date(day.from), to: new Date(Math.min(day.to, Date.now())), granularity: 'hourly', orgId: ACME, projectIds: [WEB],
      metrics: ['compute_unit_seconds', 'extra_branches_month', 'snapshot_storage_bytes_month'], limit: 5000,
    }),
  );
  await soft(() => c.deleteProject(pid));
}

/** An emulator behind a recording HTTP server, and the checker, for one describe block. */
function useRecordedEmulator(): { em: Emulator; proxy: RecordingProxy; checker: RequestChecker } {
  const env = {} as { em: Emulator; proxy: RecordingProxy; checker: RequestChecker };
  before(async () => {
    env.checker = createRequestChecker();
    env.em = await startEmulator({ seed: 'small', operationMs: 5 });
    env.proxy = await startRecordingProxy(env.em.url);
  });
  after(async () => {
    await env.proxy?.close();
    await env.em?.close();
  });
  return env;
}

describe('api client: every request it sends matches the OpenAPI document', function () {
  this.timeout(60_000);
  const env = useRecordedEmulator();

  it('the extension\'s code paths send only requests the document allows', async () => {
    const { em, proxy, checker } = env;
    const real = new NeonClient({ baseUrl: proxy.url, apiKey: em.apiKey, userAgent: 'neon-explorer/test', timeoutMs: 5000, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    // Every request method of the client is driven (calls through `this` count too).
    const called = new Set<string>();
    const c = new Proxy(real, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof v === 'function' && typeof key === 'string') called.add(key);
        return v;
      },
    });
    await driveExtensionPaths(c);
    // onRateLimit subscribes to the client's 429 waits: it sends nothing.
    const methods = Object.getOwnPropertyNames(NeonClient.prototype).filter((m) => m !== 'constructor' && m !== 'req' && m !== 'onRateLimit' && typeof Object.getOwnPropertyDescriptor(NeonClient.prototype, m)?.value === 'function');
    assert.deepEqual(methods.filter((m) => !called.has(m)), [], 'every client method is driven');
    const routes = new Set(proxy.requests.map((r) => `${r.method} ${checker.check(r).template ?? r.path}`));
    const violations = violationsOf(checker, proxy.requests);
    console.log(`      checked ${proxy.requests.length} requests over ${routes.size} operations; ${violations.length} violations`);
    assert.deepEqual(violations, []);
  });
});

describe('request checker: broken requests fail it', function () {
  this.timeout(30_000);
  const env = useRecordedEmulator();

  /** Sends one raw request through the recording server and returns the checker's violations. */
  const send = async (method: string, pathAndQuery: string, body?: unknown): Promise<string[]> => {
    const { em, proxy, checker } = env;
    const before = proxy.requests.length;
    await fetch(proxy.url + pathAndQuery, {
      method,
      headers: { authorization: `Bearer ${em.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    assert.equal(proxy.requests.length, before + 1);
    return checker.check(proxy.requests[before]!).violations;
  };

  const cases: Array<[string, string, string, unknown, RegExp]> = [
    ['a path the document lacks', 'GET', '/consumption_history/account?from=2026-01-01T00:00:00Z', undefined, /no such path/],
    ['a method the path lacks', 'PUT', `/projects/${WEB}`, { project: {} }, /PUT is not documented/],
    ['an undocumented query parameter', 'GET', '/projects?org_id=org-a&page=2', undefined, /query page: not a documented parameter/],
    ['limit above the maximum', 'GET', `/organizations/${ACME}/members?limit=501`, undefined, /query limit must be <= 500/],
    ['limit below the minimum', 'GET', '/projects?limit=0', undefined, /query limit must be >= 1/],
    ['limit that is not an integer', 'GET', '/projects?limit=ten', undefined, /query limit must be integer/],
    ['a value outside an enum', 'GET', `/projects/${WEB}/branches?sort_order=sideways`, undefined, /query sort_order must be equal to one of the allowed values/],
    ['a value against a pattern', 'GET', '/projects?org_id=Org_A', undefined, /query org_id must match pattern/],
    ['a value against a format', 'GET', `/consumption_history/v2/projects?org_id=org-a&metrics=compute_unit_seconds&granularity=daily&from=yesterday&to=2026-01-02T00:00:00Z`, undefined, /query from must match format "date-time"/],
    ['a required parameter missing', 'GET', `/consumption_history/v2/branches?project_ids=${WEB}&metrics=compute_unit_seconds&granularity=daily&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`, undefined, /query org_id: required but missing/],
    ['a metric the endpoint does not support', 'GET', `/consumption_history/v2/branches?org_id=org-a&project_ids=${WEB}&metrics=extra_branches_month&granularity=daily&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`, undefined, /"extra_branches_month" is not supported/],
    ['a period ending in the future', 'GET', `/consumption_history/v2/projects?org_id=org-a&metrics=compute_unit_seconds&granularity=daily&from=2026-01-01T00:00:00Z&to=2999-01-01T00:00:00Z`, undefined, /lies in the future/],
    ['a body field the schema does not declare', 'POST', '/users/me/projects/transfer', { destination_org_id: 'org-a', org_id: 'org-a', project_ids: ['p-1'] }, /field "org_id" is not declared/],
    ['a nested undeclared field', 'POST', `/projects/${WEB}/branches`, { branch: { name: 'x', colour: 'red' } }, /body\/branch: field "colour"/],
    ['an email the document\'s format rejects', 'POST', `/organizations/${ACME}/invitations`, { invitations: [{ email: 'josé@example.com', role: 'member' }] }, /email must match format "email"/],
    ['a body of the wrong type', 'PATCH', `/organizations/${ACME}/members/00000000-0000-0000-0000-000000000000`, { role: 'owner' }, /role must be equal to one of the allowed values/],
    ['a required body missing', 'POST', `/organizations/${ACME}/invitations`, undefined, /body: required but missing/],
    ['a body that is not JSON', 'POST', `/organizations/${ACME}/invitations`, '{"invitations": [', /body: not JSON/],
    ['a path parameter against its pattern', 'GET', '/projects/NOT_AN_ID', undefined, /path project_id must match pattern/],
  ];
  for (const [what, method, url, body, expected] of cases) {
    it(`fails ${what}`, async () => {
      const v = await send(method, url, body);
      assert.ok(v.some((x) => expected.test(x)), `expected ${expected} among ${JSON.stringify(v)}`);
    });
  }

  it('passes a well-formed request (the checker is not simply strict about everything)', async () => {
    assert.deepEqual(await send('GET', `/projects?org_id=${ACME}&limit=400&search=acme`), []);
    assert.deepEqual(await send('POST', `/organizations/${ACME}/invitations`, { invitations: [{ email: 'ann+vc@sub.acme.example', role: 'member' }] }), []);
  });

  it('reads documented maxima from the document', () => {
    const { checker } = env;
    assert.equal(checker.queryParam('GET', '/organizations/{org_id}/members', 'limit')?.maximum, 500);
    assert.equal(checker.queryParam('GET', '/projects/{project_id}/branches', 'limit')?.maximum, 10_000);
    assert.equal(checker.queryParam('GET', '/projects/{project_id}/operations', 'limit')?.maximum, 1000);
  });
});
