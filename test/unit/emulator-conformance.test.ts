// Proof the emulator speaks Neon's API: every response of a broad scenario is checked against the
// response schema the OpenAPI document declares for that operation and status.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator/index';
import { defaultValidator, type OpenApiValidator } from '../../emulator/openapi-validator';
import { buildRouter } from '../../emulator/server';
import { ACME, API, DATA, SIDE, WEB, call, control, range, waitOps, type Res } from './emulator-helpers';

/** Routes the emulator keeps although the document dropped them (none: it follows the document). */
const NOT_IN_SPEC = new Set<string>();

describe('emulator conformance with the OpenAPI document', function () {
  this.timeout(20000);
  let em: Emulator;
  let v: OpenApiValidator;
  const checked: string[] = [];
  const failures: string[] = [];
  const statuses = new Map<string, Set<number>>();

  /** Calls the API and validates the answer against the spec. */
  async function api(method: string, path: string, opts: Parameters<typeof call>[3] = {}): Promise<Res> {
    const t0 = Date.now();
    const r = await call(em, method, path, opts);
    if (process.env.DEBUG_CONF) console.log(method, path, r.status, Date.now() - t0);
    const bare = path.split('?')[0];
    const template = v.templateFor(method, bare);
    if (!template) {
      if (!NOT_IN_SPEC.has(`${method} ${bare}`)) failures.push(`${method} ${bare}: no operation in the spec`);
      return r;
    }
    const errors = v.validate(method, template, r.status, r.status === 204 ? undefined : r.body);
    if (errors.length) failures.push(`${method} ${template} ${r.status}: ${errors.slice(0, 5).join('; ')}`);
    if (r.status >= 400) {
      if (r.body.request_id !== r.headers.get('x-request-id')) failures.push(`${method} ${template} ${r.status}: request_id not echoed`);
    }
    const key = `${method} ${template}`;
    if (!statuses.has(key)) statuses.set(key, new Set());
    statuses.get(key)!.add(r.status);
    checked.push(`${key} ${r.status}`);
    return r;
  }

  before(async () => {
    v = defaultValidator();
    em = await startEmulator({ operationMs: 0, validateResponses: true });
  });
  after(() => em.close());

  it('routes only operations the document defines', () => {
    const missing = buildRouter().routes().map((r) => `${r.method} ${r.path}`).filter((k) => !NOT_IN_SPEC.has(k) && !v.hasOperation(k.split(' ')[0], k.split(' ')[1]));
    assert.deepEqual(missing, []);
  });

  it('answers a full scenario with responses that match the schemas', async () => {
    // identity
    await api('GET', '/auth');
    await api('GET', '/users/me');
    await api('GET', '/users/me/organizations');
    await api('GET', '/users/me', { key: 'napi_unknown' });
    // organizations and members
    await api('GET', `/organizations/${ACME}`);
    await api('GET', '/organizations/org-nope-nope-1');
    const members = await api('GET', `/organizations/${ACME}/members?limit=2`);
    await api('GET', `/organizations/${ACME}/members?sort_by=email&sort_order=desc`);
    const alice = (await api('GET', `/organizations/${ACME}/members`)).body.members.find((m: any) => m.user.email.startsWith('alice')).member.id;
    await api('GET', `/organizations/${ACME}/members/${alice}`);
    await api('PATCH', `/organizations/${ACME}/members/${alice}`, { body: { role: 'admin' } });
    await api('PATCH', `/organizations/${ACME}/members/${alice}`, { body: { role: 'member' } });
    await api('PATCH', `/organizations/${ACME}/members/${members.body.members[0].member.id}`, { body: { role: 'bogus' } });
    const bob = (await api('GET', `/organizations/${ACME}/members`)).body.members.find((m: any) => m.user.email.startsWith('bob')).member.id;
    await api('DELETE', `/organizations/${ACME}/members/${bob}`);
    await api('GET', `/organizations/${ACME}/invitations`);
    await api('POST', `/organizations/${ACME}/invitations`, { body: { invitations: [{ email: 'x@acme.example', role: 'member' }] } });
    await api('POST', `/organizations/${ACME}/invitations`, { body: { invitations: [{ email: 'bad', role: 'member' }] } });
    // API keys
    await api('GET', '/api_keys');
    const pk = await api('POST', '/api_keys', { body: { key_name: 'conformance' } });
    await api('DELETE', `/api_keys/${pk.body.id}`);
    await api('GET', `/organizations/${ACME}/api_keys`);
    const ok = await api('POST', `/organizations/${ACME}/api_keys`, { body: { key_name: 'scoped', project_id: WEB } });
    await api('GET', `/organizations/${ACME}/api_keys`);
    await api('DELETE', `/organizations/${ACME}/api_keys/${ok.body.id}`);
    const orgKey = (await control(em, 'POST', '/keys', { kind: 'org', orgId: ACME })).token;
    await api('GET', '/users/me/organizations', { key: orgKey });
    await api('GET', '/users/me', { key: orgKey });
    await api('GET', '/auth', { key: orgKey });
    // projects
    await api('GET', '/projects');
    await api('GET', `/projects?org_id=${ACME}&limit=2`);
    await api('GET', `/projects?org_id=${ACME}&search=web`);
    await api('GET', `/projects?org_id=${ACME}&recoverable=true`);
    await api('GET', '/projects', { key: orgKey });
    await api('GET', '/projects/shared');
    const created = await api('POST', '/projects', { body: { project: { name: 'conf', org_id: ACME, region_id: 'aws-eu-central-1', pg_version: 16 } } });
    const p = created.body.project.id as string;
    await waitOps(em, p, created.body.operations);
    await api('POST', '/projects', { body: {} });
    await api('GET', `/projects/${p}`);
    await api('PATCH', `/projects/${p}`, { body: { project: { name: 'conf-renamed' } } });
    await api('GET', `/projects/${p}/permissions`);
    const perm = await api('POST', `/projects/${p}/permissions`, { body: { email: 'guest@example.com' } });
    await api('DELETE', `/projects/${p}/permissions/${perm.body.id}`);
    await api('GET', `/projects/${p}/endpoints`);
    await api('GET', `/projects/${p}/operations`);
    await api('GET', `/projects/${p}/operations?limit=1`);
    await api('GET', `/projects/${p}/operations/${created.body.operations[0].id}`);
    await api('GET', `/projects/${p}/connection_uri?database_name=neondb&role_name=neondb_owner`);
    await api('GET', `/projects/${p}/connection_uri?database_name=neondb&role_name=neondb_owner&pooled=true`);
    // branches
    const main = created.body.branch.id as string;
    const br = await api('POST', `/projects/${p}/branches`, { body: { branch: { name: 'dev', protected: false }, endpoints: [{ type: 'read_write' }] } });
    const b = br.body.branch.id as string;
    await api('POST', `/projects/${p}/branches`, { body: { branch: { name: 'dev' } } });
    await api('POST', `/projects/${p}/branches`);
    await api('GET', `/projects/${p}/branches`);
    await api('GET', `/projects/${p}/branches?limit=1&sort_by=name&sort_order=asc`);
    await api('GET', `/projects/${p}/branches/count`);
    await api('GET', `/projects/${p}/branches/${b}`);
    await api('PATCH', `/projects/${p}/branches/${b}`, { body: { branch: { name: 'dev2' } } });
    await api('GET', `/projects/${p}/branches/${b}/endpoints`);
    await api('GET', `/projects/${p}/branches/${b}/databases`);
    await api('POST', `/projects/${p}/branches/${b}/databases`, { body: { database: { name: 'app', owner_name: 'neondb_owner' } } });
    await api('PATCH', `/projects/${p}/branches/${b}/databases/app`, { body: { database: { name: 'app2', owner_name: 'neondb_owner' } } });
    await api('PATCH', `/projects/${p}/branches/${b}/databases/app2`, { body: { database: { owner_name: 'nobody' } } });
    await api('GET', `/projects/${p}/branches/${b}/roles`);
    const role = await api('POST', `/projects/${p}/branches/${b}/roles`, { body: { role: { name: 'reporter' } } });
    await api('POST', `/projects/${p}/branches/${b}/roles`, { body: { role: { name: 'x'.repeat(64) } } });
    await api('GET', `/projects/${p}/branches/${b}/roles/${role.body.role.name}`);
    await api('POST', `/projects/${p}/branches/${b}/roles/reporter/reset_password`);
    await api('GET', `/projects/${p}/branches/${b}/roles/reporter/reveal_password`);
    await api('GET', `/projects/${p}/branches/${b}/roles/nobody/reveal_password`);
    await api('DELETE', `/projects/${p}/branches/${b}/roles/reporter`);
    await api('DELETE', `/projects/${p}/branches/${b}/roles/reporter`);
    await api('DELETE', `/projects/${p}/branches/${b}/roles/web_access`);
    await api('POST', `/projects/${p}/branches/${b}/set_as_default`);
    await api('POST', `/projects/${p}/branches/${main}/set_as_default`);
    await api('DELETE', `/projects/${p}/branches/${b}`);
    await api('DELETE', `/projects/${p}/branches/${b}`);
    await api('DELETE', `/projects/${p}/branches/${main}`);
    // locked branch (423)
    await control(em, 'POST', '/config', { operationMs: 200 });
    await api('POST', `/projects/${p}/branches/${main}/roles`, { body: { role: { name: 'one' } } });
    await api('POST', `/projects/${p}/branches/${main}/roles`, { body: { role: { name: 'two' } } });
    await control(em, 'POST', '/config', { operationMs: 0 });
    // transfers
    await api('POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: SIDE, project_ids: [API] } });
    await api('POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: [WEB] } });
    await api('POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: [p] } });
    await api('POST', `/organizations/${ACME}/projects/transfer`, { body: { destination_org_id: DATA, project_ids: [] } });
    const legacy = (await control(em, 'POST', '/keys', { kind: 'personal', email: 'legacy@example.com' })).token;
    const lp = (await api('GET', '/projects', { key: legacy })).body.projects[0].id;
    await api('POST', '/users/me/projects/transfer', { key: legacy, body: { destination_org_id: DATA, project_ids: [lp] } });
    // consumption
    const d = range(30);
    const h = range(2);
    await api('GET', `/consumption_history/v2/projects?org_id=${ACME}&metrics=compute_unit_seconds,root_branch_bytes_month,public_network_transfer_bytes&from=${d.from}&to=${d.to}&granularity=daily&limit=2`);
    await api('GET', `/consumption_history/v2/projects?org_id=${DATA}&metrics=compute_unit_seconds&from=${h.from}&to=${h.to}&granularity=hourly`);
    await api('GET', `/consumption_history/v2/projects?org_id=${ACME}&metrics=compute_unit_seconds&from=2025-12-01T00:00:00Z&to=${d.to}&granularity=monthly`);
    await api('GET', `/consumption_history/v2/projects?org_id=${ACME}&metrics=compute_unit_seconds&from=${range(10).from}&to=${d.to}&granularity=hourly`);
    await api('GET', `/consumption_history/v2/projects?org_id=${SIDE}&metrics=compute_unit_seconds&from=${d.from}&to=${d.to}&granularity=daily`);
    await api('GET', `/consumption_history/v2/projects?from=${d.from}&to=${d.to}&granularity=daily`);
    await api('GET', `/consumption_history/v2/branches?org_id=${ACME}&project_ids=${API}&metrics=compute_unit_seconds&from=${d.from}&to=${d.to}&granularity=daily`);
    await api('GET', `/consumption_history/projects?org_id=${ACME}&from=${d.from}&to=${d.to}&granularity=daily&metrics=active_time_seconds,logical_size_bytes_hour`);
    await api('GET', `/consumption_history/projects?org_id=${DATA}&from=${d.from}&to=${d.to}&granularity=daily`);
    // cleanup paths
    await api('DELETE', `/projects/${API}`);
    await api('GET', `/projects/${API}`);

    assert.deepEqual(failures, []);
    assert.ok(checked.length > 80, `checked ${checked.length} responses`);
    const codes = new Set([...statuses.values()].flatMap((s) => [...s]));
    for (const c of [200, 201, 204, 400, 401, 403, 404, 406, 409, 422, 423]) assert.ok(codes.has(c), `scenario covers status ${c}`);
  });

  it('records no violations when validating its own responses', async () => {
    const log = await control(em, 'GET', '/requests');
    const bad = log.entries.filter((e: any) => e.violations).map((e: any) => `${e.route} ${e.status}: ${e.violations.join('; ')}`);
    assert.deepEqual(bad, []);
    assert.ok(log.total > 80, `logged ${log.total}`);
  });

  it('reports violations for a response that breaks the schema', () => {
    assert.deepEqual(v.validate('GET', '/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reveal_password', 200, { password: 'x' }), []);
    const errs = v.validate('GET', '/organizations/{org_id}', 200, { id: 'org-x', name: 1 });
    assert.ok(errs.some((e) => /handle/.test(e)));
    assert.ok(errs.some((e) => /\/name must be string/.test(e)));
    assert.deepEqual(v.validate('DELETE', '/projects/{project_id}/branches/{branch_id}', 204, undefined), []);
    assert.ok(v.validate('GET', '/nowhere', 200, {}).length === 1);
  });
});
