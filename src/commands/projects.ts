// Projects of an organization: create (name, region, Postgres version), rename, delete.
import type { CreatedProject, NeonClient } from '../api';
import { isNeonApiError } from '../api';
import type { Services } from '../services';
import { isOrgRef, type BranchRef, type OrgRef, type ProjectRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { runSteps } from '../ui/steps';
import { registerSecret } from '../util/redact';
import * as vscode from 'vscode';
import { confirmDestructive } from './confirm';
import { ActionableError, isCancelled, type FailureAction } from './failure';
import { forgetProjectLimit, fullSentence, knownProjectLimit, learnProjectLimitFrom, limitSource, makeRoomSentence, roomIn } from './projectLimits';
import { describeUses, envUsesOfProject } from './envUses';
import { afterBranchesDeleted } from '../git/branchDeleted';
import { CommandIds } from './ids';
import { projectNameProblem } from './orgLogic';
import { offerConnection } from './offerConnection';
import { regionChoices } from './regions';
import { pickOrg, required, resolveAccount, resolveProject, stepTitle } from './pickers';
import { changeAndWait, waitForOperationsWithProgress, withProgress, withProgressIfSlow } from './progress';
import { createOrFind, findMadeProject } from './lostAnswer';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

export const PG_VERSIONS = [17, 18, 16, 15, 14] as const;
export const DEFAULT_PG_VERSION = 17;

/** An error whose sentence replaces the API's, keeping its status and request id for the seam. */
export class ExplainedError extends Error {
  constructor(
    private readonly sentence: string,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(sentence);
  }
  userMessage(): string {
    return this.sentence;
  }
}

/** What Create Project chose before it was refused (or warned) in a full organization. */
interface Chosen {
  name: string;
  region: string;
  pgVersion: number;
}

/**
 * Create Project again in another organization than the full one: only the organization is asked
 * when the answers are kept (the region too when the new organization does not offer it).
 */
interface CreateElsewhere {
  readonly accountId: string;
  /** The organization not to offer again; none when run on the full one anyway. */
  readonly full?: { readonly orgId: string; readonly orgName: string };
  readonly answers?: Chosen;
}

function isCreateElsewhere(x: unknown): x is CreateElsewhere {
  const c = x as CreateElsewhere | undefined;
  return !!c && typeof c === 'object' && typeof c.accountId === 'string' && (c.answers === undefined || typeof c.answers.region === 'string');
}

/** The buttons past a full organization: another one (personal keys see several), the Console. */
function fullOrgActions(s: Services, org: OrgRef, answers?: Chosen): FailureAction[] {
  const personal = s.accounts.get(org.accountId)?.kind === 'personal';
  const elsewhere: CreateElsewhere = { accountId: org.accountId, full: { orgId: org.orgId, orgName: org.orgName }, ...(answers ? { answers } : {}) };
  return [
    ...(personal ? [{ label: l10n.t('Create in Another Organization…'), run: () => vscode.commands.executeCommand(CommandIds.createProject, undefined, elsewhere) }] : []),
    { label: l10n.t('Open in Neon Console'), run: () => vscode.commands.executeCommand(CommandIds.openInConsole, org) },
  ];
}

/**
 * Neon refuses a project over the plan's limit with 422 and its own words only: said as what
 * happened and what to do, with the Console one click away (the plan and the projects are there),
 * and another organization a click away with the answers kept. The limit Neon names is kept, so
 * the next Create Project there says it before the steps.
 */
function projectLimitExplained(s: Services, e: unknown, org: OrgRef, answers: Chosen): Error | undefined {
  if (!isNeonApiError(e) || e.status !== 422 || !/projects? limit/i.test(e.message)) return undefined;
  learnProjectLimitFrom(org, e.message);
  const actions = fullOrgActions(s, org, answers);
  const kept = actions.length > 1 ? ` ${l10n.t('Create in Another Organization… keeps the name, region and Postgres version you chose.')}` : '';
  const explained = new ActionableError(
    l10n.t('{0} has as many projects as its plan allows (Neon: "{1}"). Delete a project there, or upgrade the plan in the Neon Console, then create it again.', org.orgName, e.message.replace(/[.]$/, '')) + kept,
    actions,
  );
  return Object.assign(explained, { status: e.status, requestId: e.requestId });
}

/**
 * Before the steps: an organization Neon said is full (its limit learnt this session, its projects
 * counted now) is named with what to do, instead of three questions Neon would refuse after.
 * True when the command goes on.
 */
async function roomBeforeSteps(s: Services, client: NeonClient, org: OrgRef, answers?: Chosen): Promise<boolean> {
  if (knownProjectLimit(org) === undefined) return true;
  const room = await withProgressIfSlow(l10n.t('{0}: counting the projects of {1}…', l10n.t('Create Project'), org.orgName), (signal) => roomIn(client, org, signal), { rateLimits: client });
  if (!room || room.left > 0) return true;
  const anyway = l10n.t('Create Anyway');
  const actions = [
    ...fullOrgActions(s, org, answers),
    {
      label: anyway,
      run: () => {
        forgetProjectLimit(org);
        return vscode.commands.executeCommand(CommandIds.createProject, org, answers ? { accountId: org.accountId, answers } : undefined);
      },
    },
  ];
  // Not awaited: the command ends now; a button starts what it names whenever it is clicked.
  void s.prompt.message('warning', `${fullSentence(org.orgName, room)} ${makeRoomSentence(org.orgName)} ${limitSource(anyway)}`, {}, ...actions.map((a) => a.label)).then(
    (choice) => actions.find((a) => a.label === choice)?.run(),
    () => undefined,
  );
  return false;
}

async function resolveCreateTarget(s: Services, arg: unknown, elsewhere?: CreateElsewhere): Promise<OrgRef> {
  if (isOrgRef(arg)) return arg;
  if (elsewhere?.full) {
    const full = elsewhere.full;
    return pickOrg(s, {
      title: elsewhere.answers?.name ? l10n.t('Create Project {0} in', elsewhere.answers.name) : l10n.t('Create Project in'),
      account: { accountId: elsewhere.accountId },
      exclude: (o) => o.id === full.orgId,
      placeHolder: l10n.t('Choose another organization ({0} is full)', full.orgName),
    });
  }
  const acc = await resolveAccount(s, arg, l10n.t('Create Project'));
  if (acc.account.kind === 'project') throw new Error(l10n.t('A project-scoped API key cannot create projects. Use a personal or organization key'));
  return pickOrg(s, { title: l10n.t('Create Project in'), account: acc });
}

function registerCreatedSecrets(p: CreatedProject): void {
  for (const c of p.connection_uris) {
    registerSecret(c.connection_uri);
    const pw = /:\/\/[^:/@]+:([^@]+)@/.exec(c.connection_uri)?.[1];
    if (pw) registerSecret(decodeURIComponent(pw));
  }
  for (const r of p.roles) registerSecret(r.password ?? undefined);
}

/** `again`: run from a full organization's message (./projectLimits), with what was chosen there. */
export async function createProject(s: Services, arg?: unknown, again?: unknown): Promise<ProjectRef | undefined> {
  const elsewhere = isCreateElsewhere(again) ? again : undefined;
  const org = await resolveCreateTarget(s, arg, elsewhere);
  const client = await s.clients.get(org.accountId);
  const kept = elsewhere?.answers;
  if (!(await roomBeforeSteps(s, client, org, kept))) return undefined;
  let name = kept?.name ?? '';
  let region = kept?.region ?? '';
  let pgVersion = kept?.pgVersion ?? DEFAULT_PG_VERSION;
  const readRegions = async () => {
    const list = await regionChoices(client, org.orgId);
    if (list.source === 'fallback') s.log.warn(`GET /regions failed, showing the usual regions instead: ${list.reason ?? ''}`);
    const def = list.regions.find((r) => r.isDefault);
    return {
      items: list.regions.map<PickItem<string>>((r) => ({ label: r.id, description: r.isDefault ? l10n.t('{0} (default)', r.name) : r.name, value: r.id })),
      placeHolder: l10n.t('Where the database runs{0}{1}', def ? ` (default ${def.id})` : '', list.source === 'fallback' ? l10n.t(' — Neon did not list its regions, so these are the usual ones') : ''),
    };
  };
  // Regions are read once, while the name is typed: the region step opens with its list (busy
  // while a slow answer is still coming), not after a pause with nothing on screen.
  let regionList: Awaited<ReturnType<typeof readRegions>> | undefined;
  const regions = readRegions().then((r) => (regionList = r));
  regions.catch(() => undefined); // a cancel at the name leaves it unread; step 2 reports a failure
  const nameStep = async (back: boolean) => {
    name = required(
      await s.prompt.input({
        title: l10n.t('{0}: name of the new project in {1}', stepTitle(l10n.t('Create Project'), 1, 3), org.orgName),
        prompt: l10n.t('Project name (leave empty to let Neon pick one)'),
        placeHolder: 'my-app',
        value: name,
        back,
        validateInput: (v) => (v === '' ? undefined : projectNameProblem(v, true)),
      }),
      'name',
    ).trim();
  };
  const regionStep = async (back: boolean) => {
    const offered = regions.then(({ items }) => items.map((i) => ({ ...i, picked: i.value === region })));
    const placeHolder = regionList?.placeHolder ?? l10n.t('Where the database runs');
    region = required(await s.prompt.pick(offered, { title: l10n.t('{0}: region', stepTitle(l10n.t('Create Project'), 2, 3)), placeHolder, matchOnDescription: true, back }), 'region').value;
  };
  const versionStep = async (back: boolean) => {
    const pgItems: PickItem<number>[] = PG_VERSIONS.map((v) => ({ label: l10n.t('Postgres {0}', v), description: v === DEFAULT_PG_VERSION ? l10n.t('default') : undefined, value: v, picked: v === pgVersion }));
    pgVersion = required(await s.prompt.pick(pgItems, { title: l10n.t('{0}: Postgres version', stepTitle(l10n.t('Create Project'), 3, 3)), back }), 'version').value;
  };
  if (!kept) await runSteps([nameStep, regionStep, versionStep]);
  // The answers kept from a full organization: the region is asked again only where it is not offered.
  else if (!(await regions).items.some((i) => i.value === region)) await regionStep(false);
  let lostAnswer = false;
  const sentAt = Date.now();
  const created = await withProgress(l10n.t('Creating project {0} in {1}…', name || '', org.orgName), false, () =>
    // A named project Neon made although its answer was lost is found by its name and creation time.
    createOrFind(
      () => client.createProject({ ...(name ? { name } : {}), regionId: region, pgVersion, orgId: org.orgId }),
      async () => (name ? findMadeProject(client, org.orgId, name, sentAt) : undefined),
      (made, lost) => {
        s.log.warn(`The answer to creating project ${name} was lost (${lost.message}); Neon made it: ${made.project.id}`);
        lostAnswer = true;
      },
    ),
    { rateLimits: client },
  ).catch((e: unknown) => {
    throw projectLimitExplained(s, e, org, { name, region, pgVersion }) ?? e;
  });
  registerCreatedSecrets(created);
  const ref: ProjectRef = { accountId: org.accountId, orgId: org.orgId, projectId: created.project.id, projectName: created.project.name };
  const pending = created.operations.filter((o) => o.status !== 'finished' && o.status !== 'skipped');
  await waitForOperationsWithProgress(s, client, created.project.id, pending, { accountId: org.accountId, orgId: org.orgId, part: 'projects' }, l10n.t('Starting {0}…', created.project.name));
  if (pending.length === 0) s.tree.refresh({ accountId: org.accountId, orgId: org.orgId, part: 'projects' });
  const main: BranchRef = { ...ref, branchId: created.branch.id, branchName: created.branch.name, isDefault: true, isProtected: !!created.branch.protected };
  // A project named by Neon is named as its id: said once.
  const named = created.project.name === created.project.id ? created.project.name : `${created.project.name} (${created.project.id})`;
  const found = lostAnswer ? ` ${l10n.t('Neon\'s answer was lost on the way, so the project was found by its name.')}` : '';
  offerConnection(s, l10n.t('Project {0} was created in {1}, {2}, Postgres {3}.', named, org.orgName, region, created.project.pg_version ?? pgVersion) + found, created.endpoints.length > 0 ? main : undefined);
  return ref;
}

function listTarget(p: ProjectRef) {
  return p.orgId ? { accountId: p.accountId, orgId: p.orgId, part: 'projects' as const } : { accountId: p.accountId };
}

export async function renameProject(s: Services, arg?: unknown): Promise<string | undefined> {
  const project = await resolveProject(s, arg, l10n.t('Rename Project'), { shared: false });
  const name = required(
    await s.prompt.input({ title: l10n.t('Rename Project'), prompt: l10n.t('New name for {0}', project.projectName), value: project.projectName, validateInput: projectNameProblem }),
    'name',
  ).trim();
  if (name === project.projectName) return name;
  const client = await s.clients.get(project.accountId);
  await changeAndWait(s, client, {
    title: l10n.t('Renaming {0}…', project.projectName),
    target: listTarget(project),
    projectId: project.projectId,
    change: (signal) => client.updateProject(project.projectId, { name }, { signal }),
  });
  void s.prompt.message('info', l10n.t('Project {0} is now called {1}.', project.projectName, name), {});
  return name;
}

export async function deleteProject(s: Services, arg?: unknown): Promise<boolean> {
  const project = await resolveProject(s, arg, l10n.t('Delete Project'), { shared: false });
  const client = await s.clients.get(project.accountId);
  // Which workspace .env leads to it (a failed read only loses the warning), as Delete Branch says.
  const inEnv = await withProgressIfSlow(l10n.t('{0}: reading {1}…', l10n.t('Delete Project'), project.projectName), (signal) =>
    envUsesOfProject(client, project.projectId, signal).catch((e) => {
      if (isCancelled(e)) throw e;
      return [];
    }),
    { rateLimits: client },
  );
  const ok = await confirmDestructive(s, {
    verb: l10n.t('Delete'),
    question: l10n.t('Delete project "{0}"?', project.projectName),
    name: project.projectName,
    detail:
      l10n.t('All its branches, databases, roles and computes are deleted.') +
      (inEnv.length ? ` ${l10n.t('This workspace connects to it in {0}: those connections will fail.', describeUses(inEnv))}` : ''),
  });
  if (!ok) return false;
  try {
    await withProgress(l10n.t('Deleting {0}…', project.projectName), false, () => client.deleteProject(project.projectId), { rateLimits: client });
  } catch (e) {
    if (isNeonApiError(e) && e.status === 403 && project.orgId) {
      const account = s.accounts.get(project.accountId);
      const who = account?.kind === 'project' ? l10n.t('A project-scoped API key') : l10n.t('Members');
      throw new ExplainedError(
        l10n.t('{0} cannot delete projects of an organization: only its admins can (403). Ask an admin of the organization to delete {1}, or to make you an admin.', who, project.projectName),
        e.status,
        e.requestId,
      );
    }
    throw e;
  } finally {
    s.tree.refresh(listTarget(project));
  }
  // A linked .env pointing into it is marked, as after Delete Branch (the status bar says so).
  await afterBranchesDeleted(project.projectId, 'all');
  void s.prompt.message('info', l10n.t('Project {0} was deleted.', project.projectName), {});
  return true;
}

export const projectCommands: CommandSpec[] = [
  { id: CommandIds.createProject, action: l10n.t('create the project'), run: createProject },
  { id: CommandIds.renameProject, action: l10n.t('rename the project'), run: renameProject },
  { id: CommandIds.deleteProject, action: l10n.t('delete the project'), run: deleteProject },
];
