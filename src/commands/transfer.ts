// Moving projects between organizations: one project (project node → pick the destination), or
// many into an organization (org node → pick projects from the account's other organizations
// where it is an admin, and personal projects where the account still has any). Batches of ≤ 400,
// a cancellable progress notification with counts, 406/422 explained, a summary at the end.
import type { NeonClient, Organization, Project } from '../api';
import { isNeonApiError } from '../api';
import type { Services } from '../services';
import type { OrgRef, ProjectRef } from '../tree/refs';
import { CommandIds } from './ids';
import { myMembership } from './membership';
import { describeIntegrations, plural, TRANSFER_BATCH } from './orgLogic';
import { forgetProjectLimit, fullSentence, learnProjectLimit, limitSource, makeRoomSentence, roomIn, roomSentence, type OrgAt, type Room } from './projectLimits';
import { listAccountOrgs, listOrgProjects, PickCancelled, required, resolveOrg, resolveProject } from './pickers';
import { noneTicked, pickProjects } from './rarePickers';
import type { PickItem } from '../ui/prompt';
import { withProgress, withProgressIfSlow } from './progress';
import { confirmDestructive } from './confirm';
import { formatCount } from '../util/formatCount';
import type { CommandSpec } from './registry';
import { offeredSentence, summarizeTransfer, TransferRun, transferProgressMessage, type SendBatch, type TransferOutcome } from './transferEngine';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Sends a batch: org → org, or (source undefined) the deprecated personal → org endpoint. */
export function batchSender(client: NeonClient, destination: OrgAt): SendBatch {
  const destinationOrgId = destination.orgId;
  return async (sourceOrgId, projectIds) => {
    try {
      return await (sourceOrgId
        ? client.transferProjects({ sourceOrgId, destinationOrgId, projectIds })
        : client.transferProjectsFromPersonal({ destinationOrgId, projectIds }));
    } catch (e) {
      if (isNeonApiError(e) && e.status === 406) learnProjectLimit(destination, e.limits);
      throw e;
    }
  };
}

/**
 * The destination organizations of a project (not its own). One whose project limit Neon told us
 * and that is already at it is marked full, with the reason; choosing it is warned about before any
 * request (another can be chosen, or the limit forgotten when the plan was upgraded since).
 * One where the key's user is only a member comes after the others and says what that means: the
 * project lands where this account can neither move it back nor delete it (walk 21 stranded one).
 */
async function pickDestination(s: Services, project: ProjectRef): Promise<{ dest: OrgRef; member: boolean }> {
  const account = s.accounts.get(project.accountId);
  if (!account) throw new Error(l10n.t('That account was removed. Refresh the Neon view'));
  const client = await s.clients.get(project.accountId);
  type Choice = { org: Organization; full?: Room; member: boolean };
  const items = listAccountOrgs(s, account).then(async (orgs) => {
    const others = orgs.filter((o) => o.id !== project.orgId);
    if (others.length === 0) throw new Error(l10n.t('There is no other organization to choose'));
    return Promise.all(
      others.map(async (o): Promise<PickItem<Choice>> => {
        const [room, mine] = await Promise.all([
          roomIn(client, { accountId: project.accountId, orgId: o.id }).catch(() => undefined),
          // Unknown (the members could not be read): no warning rather than a wrong one.
          myMembership(s, { accountId: project.accountId, orgId: o.id, orgName: o.name }).catch(() => undefined),
        ]);
        const member = mine?.role === 'member';
        const full = room && room.left === 0 ? room : undefined;
        if (full) return { icon: 'circle-slash', label: o.name, description: o.id, detail: l10n.t('Full: {0} of {1} projects its plan allows (Neon said so when it refused a project there)', String(full.count), String(full.limit)), value: { org: o, full, member } };
        if (member) return { icon: 'warning', label: o.name, description: o.id, detail: l10n.t('Member only: you could not move it back or delete it'), value: { org: o, member } };
        return { label: o.name, description: o.id, value: { org: o, member } };
      }),
    ).then((list) => list.sort((a, b) => rank(a.value) - rank(b.value)));
  });
  const rank = (c: Choice) => (c.full ? 2 : c.member ? 1 : 0);
  for (;;) {
    const picked = required(await s.prompt.pick(items, { title: l10n.t('Transfer {0} to', project.projectName), placeHolder: l10n.t('Choose the destination organization'), matchOnDescription: true }), 'organization').value;
    const dest: OrgRef = { accountId: project.accountId, orgId: picked.org.id, orgName: picked.org.name };
    if (!picked.full) return { dest, member: picked.member };
    // Said before anything is sent: Neon would answer 406 and nothing would move.
    const again = l10n.t('Choose Another Organization');
    const open = l10n.t('Open in Neon Console');
    const anyway = l10n.t('Transfer Anyway');
    const choice = await s.prompt.message('warning', fullSentence(dest.orgName, picked.full), {
      modal: true,
      detail: `${l10n.t('Neon would refuse to move {0} there: choose another organization.', project.projectName)} ${makeRoomSentence(dest.orgName)} ${limitSource(anyway)}`,
    }, again, open, anyway);
    if (choice === anyway) {
      forgetProjectLimit(dest);
      return { dest, member: picked.member };
    }
    if (choice === open) void vscode.commands.executeCommand(CommandIds.openInConsole, dest);
    if (choice !== again) throw new PickCancelled('organization');
  }
}

function requirePersonalKey(s: Services, accountId: string): void {
  const account = s.accounts.get(accountId);
  if (account && account.kind !== 'personal') {
    throw new Error(l10n.t('Transferring projects needs a personal API key (admin of the source organization, member of the destination); organization and project keys cannot do it'));
  }
}

/** Personal projects, for accounts that still have a personal space ([] when the API says org_id is required). */
async function personalProjects(client: NeonClient, signal?: AbortSignal): Promise<Project[]> {
  try {
    return await listOrgProjects(client, undefined, signal);
  } catch (e) {
    if (isNeonApiError(e) && (e.status === 400 || e.status === 404)) return [];
    throw e;
  }
}

export interface Candidate {
  project: Project;
  accountId: string;
  /** undefined: a personal project. */
  orgId?: string;
  sourceName: string;
  description: string;
}

/** Projects the account can move into `dest`: from orgs where it is an admin, plus personal ones. */
export async function transferCandidates(s: Services, dest: OrgRef, signal?: AbortSignal): Promise<{ candidates: Candidate[]; skippedOrgs: string[] }> {
  const client = await s.clients.get(dest.accountId);
  const account = s.accounts.get(dest.accountId)!;
  const orgs = (await listAccountOrgs(s, account, signal)).filter((o) => o.id !== dest.orgId);
  const skipped = new Set<string>();
  const perOrg = await Promise.all(
    orgs.map(async (o) => {
      const mine = await myMembership(s, { accountId: dest.accountId, orgId: o.id, orgName: o.name });
      if (mine?.role !== 'admin') {
        skipped.add(o.id);
        return [] as Candidate[];
      }
      const ps = await listOrgProjects(client, o.id, signal);
      return ps.map<Candidate>((p) => ({ project: p, accountId: dest.accountId, orgId: o.id, sourceName: o.name, description: l10n.t('{0} · from {1}', p.id, o.name) }));
    }),
  );
  const personal = (await personalProjects(client, signal)).map<Candidate>((p) => ({
    project: p,
    accountId: dest.accountId,
    sourceName: l10n.t('personal account'),
    description: l10n.t('{0} · personal project', p.id),
  }));
  // Named in the organizations' order, not in the order their member lists answered.
  return { candidates: [...perOrg.flat(), ...personal], skippedOrgs: orgs.filter((o) => skipped.has(o.id)).map((o) => o.name) };
}

/** Groups refs by their source org (undefined = personal), keeping the order of first appearance. */
export function groupBySource(refs: readonly ProjectRef[]): Array<{ sourceOrgId: string | undefined; projectIds: string[] }> {
  const groups = new Map<string, { sourceOrgId: string | undefined; projectIds: string[] }>();
  for (const r of refs) {
    const key = r.orgId ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sourceOrgId: r.orgId, projectIds: [] }));
    g.projectIds.push(r.projectId);
  }
  return [...groups.values()];
}

export async function runTransferWithProgress(
  s: Services,
  client: NeonClient,
  dest: OrgRef,
  groups: Array<{ sourceOrgId: string | undefined; projectIds: string[] }>,
  names: Map<string, string>,
): Promise<TransferOutcome> {
  const total = groups.reduce((n, g) => n + g.projectIds.length, 0);
  // Batches never mix source organizations, so the count is exact.
  const batches = groups.reduce((n, g) => n + Math.ceil(g.projectIds.length / TRANSFER_BATCH), 0);
  const outcome = await withProgress(l10n.t('Transferring {0} to {1}', plural(total, 'project'), dest.orgName), true, async (progress, signal) => {
    let shown = 0;
    const run = new TransferRun({
      send: batchSender(client, dest),
      isCancelled: () => signal.aborted,
      names,
      onProgress: (p) => {
        const done = p.moved + p.refused;
        const pct = p.total ? Math.floor((done / p.total) * 100) : 0;
        progress.report({
          message: transferProgressMessage(p, batches),
          increment: pct - shown,
        });
        shown = pct;
      },
      onIntegrations: async (blocked, rest) => {
        const choice = await s.prompt.message(
          'warning',
          l10n.t('{0} a GitHub or Vercel integration and cannot be transferred (422): {1}.', plural(blocked.length, l10n.t('project has'), l10n.t('projects have')), describeIntegrations(blocked, names)),
          { modal: true, detail: l10n.t('Transfer the other {0} of this batch, and skip such projects in later batches?', plural(rest, 'project')) },
          l10n.t('Transfer the Rest'),
        );
        return choice === l10n.t('Transfer the Rest');
      },
    });
    return run.runGroups(groups);
  }, { rateLimits: client });
  // Refresh the source and destination organizations' project lists (nothing else changed).
  const touched = new Set(groups.map((g) => g.sourceOrgId ?? ''));
  for (const src of touched) s.tree.refresh(src ? { accountId: dest.accountId, orgId: src, part: 'projects' } : { accountId: dest.accountId });
  s.tree.refresh({ accountId: dest.accountId, orgId: dest.orgId, part: 'projects' });
  return outcome;
}

async function showSummary(s: Services, outcome: TransferOutcome, dest: OrgRef, names: Map<string, string>, member: boolean): Promise<void> {
  const { headline, detail, console: where } = summarizeTransfer(outcome, dest.orgName, names, member);
  s.log.info(`${headline}${detail ? `\n${detail}` : ''}`);
  const clean = outcome.refused.length === 0 && outcome.notSent.length === 0;
  // The toast says why and what to do; the log names every project, one click away. The Console
  // is where a project is deleted, a plan upgraded or an integration removed.
  const open = l10n.t('Open in Neon Console');
  const target = !where ? undefined : 'projectId' in where ? { projectId: where.projectId } : dest;
  const buttons = [...(target ? [open] : []), ...(detail ? [l10n.t('Show Log')] : [])];
  void s.prompt.message(clean ? 'info' : 'warning', headline, detail ? { detail } : {}, ...buttons).then(
    (choice) => (choice === l10n.t('Show Log') ? s.log.show() : choice === open && target ? vscode.commands.executeCommand(CommandIds.openInConsole, target) : undefined),
    () => undefined,
  );
}

/**
 * The question before any transfer: access changes for everyone in the destination. Into an
 * organization where the key's user is only a member, it also says the move cannot be undone from
 * this account, and it is asked as a destructive change (the organization's name typed, or the
 * Delete Confirmation setting's button): a modal focuses its first button, so Enter would confirm.
 */
async function confirmTransfer(s: Services, names: readonly string[], orgName: string, member = false): Promise<boolean> {
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? l10n.t(' and {0} more', formatCount(names.length - 5)) : '');
  const access = names.length === 1
    ? l10n.t('Members of the destination organization get access to it; guests who are members there lose their guest access.')
    : l10n.t('{0}. Members of the destination organization get access to them; guests who are members there lose their guest access.', shown);
  const question = names.length === 1 ? l10n.t('Transfer {0} to {1}?', shown, orgName) : l10n.t('Transfer {0} projects to {1}?', formatCount(names.length), orgName);
  if (member) {
    const oneWay = names.length === 1
      ? l10n.t('You are a member of {0}, not an admin: once there, this account can neither move it back nor delete it (an admin of {0} can).', orgName)
      : l10n.t('You are a member of {0}, not an admin: once there, this account can neither move them back nor delete them (an admin of {0} can).', orgName);
    return confirmDestructive(s, { verb: l10n.t('Transfer Anyway'), question, name: orgName, detail: `${access} ${oneWay}` });
  }
  const button = l10n.t('Transfer');
  const choice = await s.prompt.message('warning', question, { modal: true, detail: access }, button);
  return choice === button;
}

export async function transferProjectsHere(s: Services, arg?: unknown): Promise<TransferOutcome | undefined> {
  const dest = await resolveOrg(s, arg, l10n.t('Transfer Projects Here'));
  requirePersonalKey(s, dest.accountId);
  const client = await s.clients.get(dest.accountId);
  const names = new Map<string, string>();
  // Listed before the picker opens: an empty picker with OK enabled while the list loads (walk 33)
  // accepted nothing, and when nothing can move it flashed open only to close.
  // The room left there is counted alongside, when Neon told its project limit this session.
  const [{ candidates, skippedOrgs }, roomAtFirst] = await withProgressIfSlow(
    l10n.t('{0}: listing the projects this account can move to {1}…', l10n.t('Transfer Projects Here'), dest.orgName),
    (signal) => Promise.all([transferCandidates(s, dest, signal), roomIn(client, dest, signal)]),
    { rateLimits: client },
  );
  let room = roomAtFirst;
  if (candidates.length === 0) {
    // A normal state of the account, not a failure: said as information, and the command ends.
    void s.prompt.message(
      'info',
      skippedOrgs.length
        ? l10n.t('No project can be moved to {0} from here: moving a project takes admin rights in the organization it is in, and you are not an admin of {1}.', dest.orgName, skippedOrgs.join(', '))
        : l10n.t('No other organization of this account has a project to move to {0}.', dest.orgName),
      {},
    );
    return undefined;
  }
  const open = l10n.t('Open in Neon Console');
  const anyway = l10n.t('Transfer Anyway');
  const makeRoom = makeRoomSentence(dest.orgName);
  if (room?.left === 0) {
    // Full: said before any project is ticked, since Neon would refuse every one of them.
    const choice = await s.prompt.message('warning', fullSentence(dest.orgName, room), { modal: true, detail: `${makeRoom} ${limitSource(anyway)}` }, open, anyway);
    if (choice === open) void vscode.commands.executeCommand(CommandIds.openInConsole, dest);
    if (choice !== anyway) return undefined;
    forgetProjectLimit(dest);
    room = undefined;
  }
  for (const c of candidates) names.set(c.project.id, c.project.name);
  const offered = offeredSentence(candidates);
  let picked: ProjectRef[] = [];
  for (let ticked: ReadonlySet<string> | undefined; ; ) {
    picked = await pickProjects(s, candidates, {
      title: l10n.t('Transfer projects to {0}', dest.orgName),
      placeHolder: room ? l10n.t('{0} ({1} has room for {2} more)', offered, dest.orgName, formatCount(room.left)) : offered,
      ticked,
    });
    // Nothing chosen is a cancel, not a transfer of nothing.
    if (picked.length === 0) throw noneTicked(s, 'projects', l10n.t('No project was ticked: nothing was transferred.'));
    if (!room || picked.length <= room.left) break;
    // More than fits: Neon would refuse the whole batch (406), so it is said before anything is sent.
    const again = l10n.t('Choose Again');
    const choice = await s.prompt.message('warning', roomSentence(dest.orgName, room, picked.length), { modal: true, detail: `${l10n.t('Choose Again to untick some.')} ${makeRoom} ${limitSource(anyway)}` }, again, open, anyway);
    if (choice === open) void vscode.commands.executeCommand(CommandIds.openInConsole, dest);
    if (choice === anyway) {
      forgetProjectLimit(dest);
      break;
    }
    if (choice !== again) return undefined;
    ticked = new Set(picked.map((p) => p.projectId));
  }
  // From the palette the destination may be an organization where the key's user is only a member.
  const member = (dest.myRole ?? (await myMembership(s, dest).catch(() => undefined))?.role) === 'member';
  if (!(await confirmTransfer(s, picked.map((c) => c.projectName), dest.orgName, member))) return undefined;
  const outcome = await runTransferWithProgress(s, client, dest, groupBySource(picked), names);
  await showSummary(s, outcome, dest, names, member);
  return outcome;
}

export async function transferProject(s: Services, arg?: unknown): Promise<boolean> {
  const project = await resolveProject(s, arg, l10n.t('Transfer Project'), { shared: false });
  requirePersonalKey(s, project.accountId);
  const { dest, member } = await pickDestination(s, project);
  if (!(await confirmTransfer(s, [project.projectName], dest.orgName, member))) return false;
  const client = await s.clients.get(project.accountId);
  try {
    await withProgress(l10n.t('Transferring {0} to {1}…', project.projectName, dest.orgName), false, () => batchSender(client, dest)(project.orgId, [project.projectId]), { rateLimits: client });
  } catch (e) {
    // A refusal is said as Transfer Projects Here says it (why, what to do, Open in Neon Console;
    // walk 30 found the two worded apart): the engine classifies this one answer as it would a batch's.
    if (!isNeonApiError(e) || (e.status !== 406 && e.status !== 422)) throw e;
    // A 422 that names no project is about this one: its integration.
    const answer = e.status === 422 && !e.projects?.length ? { status: 422, projects: [{ id: project.projectId }], requestId: e.requestId, message: e.message } : e;
    const outcome = await new TransferRun({ send: () => Promise.reject(answer) }).runGroups([{ sourceOrgId: project.orgId, projectIds: [project.projectId] }]);
    await showSummary(s, outcome, dest, new Map([[project.projectId, project.projectName]]), member);
    return false;
  }
  if (project.orgId) s.tree.refresh({ accountId: project.accountId, orgId: project.orgId, part: 'projects' });
  else s.tree.refresh({ accountId: project.accountId });
  s.tree.refresh({ accountId: project.accountId, orgId: dest.orgId, part: 'projects' });
  void s.prompt.message('info', l10n.t('{0} now belongs to {1}.', project.projectName, dest.orgName), {});
  return true;
}

export const transferCommands: CommandSpec[] = [
  { id: CommandIds.transferProject, action: l10n.t('transfer the project'), run: transferProject },
  { id: CommandIds.transferProjectsHere, action: l10n.t('transfer projects'), run: transferProjectsHere },
];
