// Neon's own client, unchanged, pointed at the emulator: if @neondatabase/api-client can run the
// product's scenario, so can ours.
import assert from 'node:assert/strict';
import { ConsumptionHistoryGranularity, MemberRole, createApiClient, type Api } from '@neondatabase/api-client';
import { startEmulator, type Emulator } from '../../emulator/index';
import { control, dailyBuckets } from './emulator-helpers';

describe('emulator with @neondatabase/api-client', function () {
  this.timeout(20000);
  let em: Emulator;
  let neon: Api<unknown>;

  before(async () => {
    em = await startEmulator({ apiKey: 'napi_client_test_key', validateResponses: true });
    neon = createApiClient({ apiKey: em.apiKey, baseURL: em.url });
  });
  after(() => em.close());

  /** The client does not poll; the product does, so the scenario does too. */
  async function settle(projectId: string, ops: { id: string }[]): Promise<void> {
    for (const op of ops) {
      for (;;) {
        const { data } = await neon.getProjectOperation(projectId, op.id);
        if (['finished', 'skipped'].includes(data.operation.status)) break;
        assert.ok(!['failed', 'error', 'cancelled'].includes(data.operation.status));
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  it('runs the product scenario end to end', async () => {
    // organizations
    const { data: orgs } = await neon.getCurrentUserOrganizations();
    const acme = orgs.organizations.find((o) => o.name === 'Acme Inc')!;
    const dataTeam = orgs.organizations.find((o) => o.name === 'Data Team')!;
    assert.equal(orgs.organizations.length, 3);

    // a project in an org, then a branch with a compute
    const { data: created, status } = await neon.createProject({ project: { name: 'client-scenario', org_id: acme.id } });
    assert.equal(status, 201);
    assert.equal(created.project.org_id, acme.id);
    assert.match(created.connection_uris[0].connection_uri, /^postgresql:\/\/neondb_owner:/);
    const projectId = created.project.id;
    await settle(projectId, created.operations);
    const { data: listed } = await neon.listProjects({ org_id: acme.id, limit: 400 });
    assert.ok(listed.projects.some((p) => p.id === projectId));

    const { data: branch } = await neon.createProjectBranch(projectId, { branch: { name: 'feature' }, endpoints: [{ type: 'read_write' as never }] });
    assert.equal(branch.branch.parent_id, created.branch.id);
    assert.match(branch.endpoints[0].host, /^ep-.*\.us-east-2\.aws\.neon\.tech$/);
    await settle(projectId, branch.operations);
    const { data: branches } = await neon.listProjectBranches({ projectId });
    assert.deepEqual(branches.branches.map((b) => b.name).sort(), ['feature', 'main']);

    // a role, its password reset and revealed
    const { data: role } = await neon.createProjectBranchRole(projectId, branch.branch.id, { role: { name: 'reporting' } });
    assert.ok(role.role.password);
    await settle(projectId, role.operations);
    const { data: reset } = await neon.resetProjectBranchRolePassword(projectId, branch.branch.id, 'reporting');
    await settle(projectId, reset.operations);
    const { data: revealed } = await neon.getProjectBranchRolePassword(projectId, branch.branch.id, 'reporting');
    assert.equal(revealed.password, reset.role.password);
    assert.notEqual(revealed.password, role.role.password);

    // members: list, promote, demote
    const { data: members } = await neon.getOrganizationMembers({ orgId: acme.id });
    const alice = members.members.find((m) => m.user.email === 'alice@acme.example')!;
    const { data: promoted } = await neon.updateOrganizationMember(acme.id, alice.member.id, { role: MemberRole.Admin });
    assert.equal(promoted.role, 'admin');
    await neon.updateOrganizationMember(acme.id, alice.member.id, { role: MemberRole.Member });

    // invite
    const { data: invited } = await neon.createOrganizationInvitations(acme.id, { invitations: [{ email: 'client@acme.example', role: MemberRole.Member }] });
    assert.equal(invited.invitations[0].email, 'client@acme.example');

    // org API key: create, use, revoke
    const { data: key } = await neon.createOrgApiKey(acme.id, { key_name: 'client-key' });
    const asOrg = createApiClient({ apiKey: key.key, baseURL: em.url });
    assert.equal((await asOrg.getAuthDetails()).data.auth_method, 'api_key_org');
    const { data: revoked } = await neon.revokeOrgApiKey(acme.id, key.id);
    assert.equal(revoked.revoked, true);
    await assert.rejects(asOrg.getAuthDetails(), (e: { response?: { status: number } }) => e.response?.status === 401);

    // transfer, including the 406 and 422 refusals as axios errors
    await neon.transferProjectsFromOrgToOrg(acme.id, { destination_org_id: dataTeam.id, project_ids: [projectId] });
    assert.equal((await neon.getProject(projectId)).data.project.org_id, dataTeam.id);
    const side = orgs.organizations.find((o) => o.name === 'Side Project')!;
    const inAcme = (await neon.listProjects({ org_id: acme.id })).data.projects;
    await assert.rejects(
      neon.transferProjectsFromOrgToOrg(acme.id, { destination_org_id: side.id, project_ids: [inAcme.find((p) => p.name === 'acme-api')!.id] }),
      (e: { response?: { status: number; data: { limits: unknown[] } } }) => e.response?.status === 406 && e.response.data.limits.length === 1,
    );
    await assert.rejects(
      neon.transferProjectsFromOrgToOrg(acme.id, { destination_org_id: dataTeam.id, project_ids: [inAcme.find((p) => p.name === 'acme-web')!.id] }),
      (e: { response?: { status: number; data: { projects: { integration: string }[] } } }) => e.response?.status === 422 && e.response.data.projects[0].integration === 'github',
    );

    // consumption (v2 and legacy)
    const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const from = new Date(to.getTime() - 14 * 86_400_000);
    const { data: usage } = await neon.getConsumptionHistoryPerProjectV2({
      org_id: acme.id, from: from.toISOString(), to: to.toISOString(), granularity: ConsumptionHistoryGranularity.Daily,
      metrics: ['compute_unit_seconds', 'root_branch_bytes_month'] as never, limit: 100,
    });
    assert.equal(usage.projects.length, 4);
    const series = usage.projects[0].periods[0].consumption;
    assert.equal(series.length, dailyBuckets(from.toISOString(), to.toISOString()), '14 whole days, plus today unless it is its first hour');
    assert.deepEqual(series[0].metrics!.map((m) => m.metric_name), ['compute_unit_seconds', 'root_branch_bytes_month']);
    const { data: legacy } = await neon.getConsumptionHistoryPerProject({
      org_id: acme.id, from: from.toISOString(), to: to.toISOString(), granularity: ConsumptionHistoryGranularity.Daily, project_ids: usage.projects.slice(0, 2).map((p) => p.project_id),
    });
    assert.equal(legacy.projects.length, 2);

    // and every response the client saw matched the document
    const log = await control(em, 'GET', '/requests');
    assert.deepEqual(log.entries.filter((e: { violations?: string[] }) => e.violations), []);
  });
});
