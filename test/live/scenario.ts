/**
 * The live tier's scenarios, written once and run twice: against the real Neon API
 * (test/live/live.test.ts, `npm run test:live`, opt-in) and against the emulator in the unit suite
 * (test/unit/live-scenario.test.ts) so the code cannot rot. Everything is discovered from the key
 * (no ids are hard-coded); nothing here prints or keeps a value that could be secret.
 */
import { isNeonApiError, NeonClient, type Branch, type Organization, type Project } from '../../src/api';
import { identifyKey } from '../../src/accounts/identify';
import { consumptionClientFrom, loadConsumption } from '../../src/consumption/load';
import { presetRange } from '../../src/consumption/time';
import { regionChoices } from '../../src/commands/regions';
import { answerLog, type AnswerLog } from './answers';
import { getConsumptionBranchesPage } from '../../src/api/consumption';

export interface LiveTarget {
  baseUrl: string;
  apiKey: string;
}

export interface LiveContext {
  client: NeonClient;
  answers: AnswerLog;
  /** What the read-only scenario visited, by kind (counts only). */
  visited: Record<string, number>;
  /** Set by the write scenario as soon as its project exists, for the cleanup. */
  createdProjectId?: string;
}

export function liveContext(t: LiveTarget): LiveContext {
  const answers = answerLog(t.baseUrl);
  const client = new NeonClient({ baseUrl: t.baseUrl, apiKey: t.apiKey, userAgent: 'neon-explorer/live-test', timeoutMs: 60_000, maxConcurrent: 2, fetch: answers.fetch });
  return { client, answers, visited: {} };
}

const seen = (ctx: LiveContext, kind: string, n = 1) => (ctx.visited[kind] = (ctx.visited[kind] ?? 0) + n);

/** A refusal the document declares (403 for a key's scope, 404 for a plan, 406 for a range) is an answer too: its body was checked. */
async function answered<T>(p: Promise<T>, ...allowed: number[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isNeonApiError(e) && allowed.includes(e.status)) return undefined;
    throw e;
  }
}

/** Account, organizations, projects, branches, roles, a connection URI, consumption. Reads only. */
export async function readOnlyScenario(ctx: LiveContext): Promise<void> {
  const c = ctx.client;
  const who = await identifyKey(c);
  seen(ctx, `key:${who.kind}`);
  let orgs: Organization[] = (await answered(c.listMyOrganizations(), 403)) ?? [];
  if (orgs.length === 0 && who.orgId) orgs = [await c.getOrganization(who.orgId)];
  seen(ctx, 'organizations', orgs.length);
  for (const org of orgs.slice(0, 2)) {
    await c.getOrganization(org.id);
    if (who.kind !== 'project') {
      await answered(c.listMembersPage(org.id, { limit: 10 }), 403);
      await answered(c.listInvitations(org.id), 403);
    }
    await regionChoices(c, org.id);
    const page = await c.listProjectsPage({ orgId: org.id, limit: 5 });
    seen(ctx, 'projects', page.projects.length);
    const project = page.projects[0];
    if (project) await readProject(ctx, project);
    const range = presetRange('24h', Date.now());
    const loaded = await loadConsumption(consumptionClientFrom(c), { orgId: org.id, range }).catch((e: unknown) => {
      if (isNeonApiError(e) && [403, 404, 406, 429].includes(e.status)) return undefined;
      throw e;
    });
    if (loaded) seen(ctx, `consumption:${loaded.kind === 'data' ? loaded.dataset.api : 'none'}`);
    if (loaded?.kind === 'data' && loaded.dataset.api === 'v2' && project) {
      await answered(getConsumptionBranchesPage(c, { orgId: org.id, projectIds: [project.id], metrics: ['compute_unit_seconds'], from: new Date(range.from), to: new Date(), granularity: 'hourly', limit: 10 }), 403, 406);
      seen(ctx, 'consumption:branches');
    }
  }
  await answered(c.listSharedProjectsPage({ limit: 5 }), 403);
}

async function readProject(ctx: LiveContext, project: Project): Promise<void> {
  const c = ctx.client;
  await c.getProject(project.id);
  const branches = await c.listBranches(project.id);
  seen(ctx, 'branches', branches.length);
  const main: Branch | undefined = branches.find((b) => b.default ?? b.primary) ?? branches[0];
  if (!main) return;
  await c.getBranch(project.id, main.id);
  const [roles, databases, endpoints] = await Promise.all([c.listRoles(project.id, main.id), c.listDatabases(project.id, main.id), c.listBranchEndpoints(project.id, main.id)]);
  seen(ctx, 'roles', roles.length);
  const db = databases[0];
  if (db && endpoints.length > 0) {
    // Contains a password: fetched to check its answer, never printed or kept.
    await c.getConnectionUri({ projectId: project.id, branchId: main.id, databaseName: db.name, roleName: db.owner_name, pooled: true });
    seen(ctx, 'connection uri');
  }
}

/**
 * In a throwaway project: create → branch → role → reset password → reveal → delete. The caller
 * deletes `ctx.createdProjectId` in `after` whatever happens (see cleanup()).
 */
export async function writeScenario(ctx: LiveContext, orgId: string): Promise<void> {
  const c = ctx.client;
  const created = await c.createProject({ name: `neon-explorer-live-${Date.now().toString(36)}`, orgId });
  ctx.createdProjectId = created.project.id;
  const pid = created.project.id;
  await c.waitForOperations(pid, created.operations, { timeoutMs: 300_000 });
  const br = await c.createBranch(pid, { name: 'live-branch', endpoints: [{ type: 'read_write' }] });
  await c.waitForOperations(pid, br.operations, { timeoutMs: 300_000 });
  const role = await c.createRole(pid, br.branch.id, { name: 'live_role' });
  await c.waitForOperations(pid, role.operations, { timeoutMs: 300_000 });
  const reset = await c.resetRolePassword(pid, br.branch.id, role.role.name);
  await c.waitForOperations(pid, reset.operations, { timeoutMs: 300_000 });
  // 412 where the project does not store passwords: a documented answer.
  await answered(c.revealRolePassword(pid, br.branch.id, role.role.name), 412);
  const gone = await c.deleteProject(pid);
  if (gone.id === pid) ctx.createdProjectId = undefined;
  seen(ctx, 'write scenario');
}

/** The organization the write scenario may create a project in: the key's own, or the first listed. */
export async function writableOrg(ctx: LiveContext): Promise<string> {
  const who = await identifyKey(ctx.client);
  if (who.kind === 'project') throw new Error('The write scenario needs a personal or organization key; a project-scoped key cannot create projects.');
  if (who.orgId) return who.orgId;
  const orgs = await ctx.client.listMyOrganizations();
  if (!orgs[0]) throw new Error('The write scenario needs an organization to create its throwaway project in.');
  return orgs[0].id;
}

/** Deletes the throwaway project if the scenario left it behind; a 404 means it is already gone. */
export async function cleanup(ctx: LiveContext): Promise<void> {
  const id = ctx.createdProjectId;
  if (!id) return;
  await answered(ctx.client.deleteProject(id), 404);
  ctx.createdProjectId = undefined;
}
