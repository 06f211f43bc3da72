// Branches: create (a child of the clicked branch, or of the project's default branch), from the
// head or from a point in time, with a read-write compute by default; delete (never the default
// branch, nor a protected one, nor one with children: each refused with the reason before any
// change is sent).
import type { Branch, CreateBranchParams, CreatedBranch } from '../api';
import { createOrFind, findMadeBranch } from './lostAnswer';
import type { Services } from '../services';
import { isBranchRef, type BranchRef, type ProjectRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { runSteps, SKIP } from '../ui/steps';
import { defaultFirst, isDefaultBranch } from '../util/defaultBranch';
import { registerSecret } from '../util/redact';
import { confirmDestructive } from './confirm';
import { CommandIds } from './ids';
import { describeUses, envUsesOfBranch } from './envUses';
import { afterBranchesDeleted } from '../git/branchDeleted';
import { expiryFor } from '../git/mapping';
import { expiryChoices } from './branchLifecycle';
import { utcMinute } from '../git/lifecycle';
import { offerConnection } from './offerConnection';
import { branchesAround, required, resolveBranch, resolveProject, stepTitle } from './pickers';
import { changeAndWait, withProgressIfSlow } from './progress';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

export const BRANCH_NAME_MAX = 256;

// ---------------------------------------------------------------- point in time

export interface TimePreset {
  label: string;
  ms: number;
}

export const TIME_PRESETS: readonly TimePreset[] = [
  { label: l10n.t('15 minutes ago'), ms: 15 * 60_000 },
  { label: l10n.t('1 hour ago'), ms: 3_600_000 },
  { label: l10n.t('6 hours ago'), ms: 6 * 3_600_000 },
  { label: l10n.t('1 day ago'), ms: 86_400_000 },
  { label: l10n.t('7 days ago'), ms: 7 * 86_400_000 },
  { label: l10n.t('30 days ago'), ms: 30 * 86_400_000 },
];

// 2025-01-31T12:00Z, 2025-01-31 12:00:00+02:00, 2025-01-31T12:00:00.123-0500
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

export interface PointInTimeLimits {
  now: number;
  /** Oldest moment allowed: the parent's creation, or the project's history retention. */
  earliest?: number;
  /** Why: the parent was created then, or the project's history retention ends there. */
  earliestReason?: { kind: 'created'; branch: string } | { kind: 'retention' };
}

/** Parses a typed timestamp; returns the ISO string (UTC) or a sentence saying what is wrong. */
export function parsePointInTime(text: string, limits: PointInTimeLimits): { iso: string } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: l10n.t('Enter a date and time, e.g. 2025-01-31T14:30:00Z') };
  const m = ISO_WITH_ZONE.exec(t);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) return { problem: l10n.t('Add a time zone: Z for UTC, or an offset such as +02:00') };
    return { problem: l10n.t('Use an ISO 8601 date and time with a time zone, e.g. 2025-01-31T14:30:00Z') };
  }
  const [, y, mo, d, h, mi, sec] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec ?? '0');
  const daysIn = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysIn || hour > 23 || minute > 59 || second > 59) return { problem: l10n.t('{0} is not a valid date and time', t) };
  const ms = Date.parse(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) return { problem: l10n.t('{0} is not a valid date and time', t) };
  if (ms > limits.now) return { problem: l10n.t('That moment is in the future: choose a time in the past') };
  if (limits.earliest !== undefined && ms < limits.earliest) {
    const at = new Date(limits.earliest).toISOString();
    const problem =
      limits.earliestReason?.kind === 'created'
        ? l10n.t('That is too early: branch {0} was created at {1}, and its history starts then', limits.earliestReason.branch, at)
        : limits.earliestReason?.kind === 'retention'
          ? l10n.t('That is too early: the project\'s history retention window starts at {0}', at)
          : l10n.t('That is too early: the history starts at {0}', at);
    return { problem };
  }
  return { iso: new Date(ms).toISOString() };
}

function earliestOf(parent: Branch, retentionSeconds: number | undefined, now: number): Pick<PointInTimeLimits, 'earliest' | 'earliestReason'> {
  const created = parent.created_at ? Date.parse(parent.created_at) : NaN;
  const retained = retentionSeconds !== undefined && retentionSeconds > 0 ? now - retentionSeconds * 1000 : NaN;
  if (!Number.isNaN(created) && (Number.isNaN(retained) || created >= retained)) return { earliest: created, earliestReason: { kind: 'created', branch: parent.name } };
  if (!Number.isNaN(retained)) return { earliest: retained, earliestReason: { kind: 'retention' } };
  return {};
}

type StartPoint = { kind: 'head' } | { kind: 'preset'; ms: number; label: string } | { kind: 'custom' };

// ---------------------------------------------------------------- create

export async function createBranch(s: Services, arg?: unknown): Promise<{ branchId: string; name: string; parentId: string } | undefined> {
  const project: ProjectRef = isBranchRef(arg) ? arg : await resolveProject(s, arg, l10n.t('Create Branch'));
  const client = await s.clients.get(project.accountId);
  const [branches, details] = await withProgressIfSlow(
    l10n.t('{0}: reading {1}…', l10n.t('Create Branch'), project.projectName),
    (signal) => Promise.all([client.listBranches(project.projectId, { signal }), client.getProject(project.projectId, { signal }).catch(() => undefined)]),
    { rateLimits: client, beforeChange: l10n.t('The branches of {0}', project.projectName) },
  );
  // From a branch node the parent is that branch; otherwise it is asked (the default branch first).
  const total = isBranchRef(arg) ? 4 : 5;
  const step = (n: number, what: string) => `${stepTitle(l10n.t('Create Branch'), isBranchRef(arg) ? n - 1 : n, total)}: ${what}`;
  let parent: Branch | undefined;
  if (isBranchRef(arg)) {
    parent = branches.find((b) => b.id === arg.branchId);
    if (!parent) throw new Error(l10n.t('Branch {0} no longer exists in {1}. Refresh the Neon view', arg.branchName, project.projectName));
    if (parent.expires_at) throw new Error(l10n.t('{0} expires, and Neon creates no branch from an expiring branch. Remove its expiration (Set Expiration… → Never) first, or start from another branch', parent.name));
  } else if (branches.length === 0) throw new Error(l10n.t('{0} has no branches', project.projectName));
  // Neon refuses a child of an expiring branch: those are not offered as parents (the default
  // branch cannot expire, so one is always left).
  const parents = branches.filter((b) => !b.expires_at);
  const taken = new Set(branches.map((b) => b.name));
  const now = Date.now();
  let name = '';
  let start: StartPoint | undefined;
  let typed = '';
  let parentTimestamp: string | undefined;
  let compute = true;
  // Days until Neon deletes the branch; 0 (never) first: nothing the person made goes unasked.
  let expiryDays = 0;
  let limits: PointInTimeLimits = { now };

  const askParent = async (back: boolean) => {
    const items: PickItem<Branch>[] = defaultFirst(parents).map((b) => ({
      label: b.name,
      description: [isDefaultBranch(b) ? l10n.t('default') : '', b.protected ? l10n.t('protected') : ''].filter(Boolean).join(' · ') || undefined,
      value: b,
      picked: b.id === parent?.id,
    }));
    // Left out silently, an expiring branch looked lost: the placeholder says why it is not there.
    const leftOut = branches.length > parents.length;
    parent = required(
      await s.prompt.pick(items, {
        title: step(1, l10n.t('parent branch in {0}', project.projectName)),
        placeHolder: leftOut ? l10n.t('The new branch starts from this branch (expiring branches cannot have children)') : l10n.t('The new branch starts from this branch'),
        back,
      }),
      l10n.t('parent branch'),
    ).value;
  };
  const askName = async (back: boolean) => {
    const from = parent!;
    name = required(
      await s.prompt.input({
        title: step(2, l10n.t('name of the new branch of {0} ({1})', from.name, project.projectName)),
        prompt: l10n.t('Name of the new branch (leave empty to let Neon choose one)'),
        placeHolder: l10n.t('e.g. dev/my-feature'),
        value: name,
        back,
        validateInput: (v) => {
          const n = v.trim();
          if (n.length > BRANCH_NAME_MAX) return l10n.t('Branch names are limited to {0} characters', BRANCH_NAME_MAX);
          if (taken.has(n)) return l10n.t('{0} already has a branch named {1}', project.projectName, n);
          return undefined;
        },
      }),
      l10n.t('branch name'),
    ).trim();
  };
  const askStart = async (back: boolean) => {
    const from = parent!;
    limits = { now, ...earliestOf(from, details?.history_retention_seconds ?? undefined, now) };
    const same = (p: StartPoint) => start?.kind === p.kind && (p.kind !== 'preset' || (start.kind === 'preset' && start.ms === p.ms));
    const offered: PickItem<StartPoint>[] = [
      { icon: 'git-commit', label: l10n.t('Current data'), description: l10n.t('the latest state of {0}', from.name), value: { kind: 'head' } },
      ...TIME_PRESETS.filter((p) => limits.earliest === undefined || now - p.ms >= limits.earliest).map<PickItem<StartPoint>>((p) => ({
        icon: 'history',
        label: p.label,
        description: l10n.t('{0} as it was {1}', from.name, p.label),
        value: { kind: 'preset', ms: p.ms, label: p.label },
      })),
      { icon: 'calendar', label: l10n.t('A point in time…'), description: l10n.t('type a date and time (ISO 8601)'), value: { kind: 'custom' } },
    ];
    const items = offered.map((i) => ({ ...i, picked: same(i.value) }));
    start = required(await s.prompt.pick(items, { title: step(3, l10n.t('start {0} from', name || l10n.t('the new branch'))), placeHolder: l10n.t('The data the new branch starts with'), back }), l10n.t('start point')).value;
    parentTimestamp = start.kind === 'preset' ? new Date(Date.now() - start.ms).toISOString() : undefined;
  };
  const askPointInTime = async (back: boolean) => {
    if (start?.kind !== 'custom') return SKIP;
    typed = required(
      await s.prompt.input({
        title: step(3, l10n.t('start from {0} as it was at…', parent!.name)),
        prompt: l10n.t('Date and time with a time zone, e.g. 2025-01-31T14:30:00Z'),
        placeHolder: new Date(now - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        value: typed,
        back,
        validateInput: (v) => {
          const r = parsePointInTime(v, { ...limits, now: Date.now() });
          return 'problem' in r ? r.problem : undefined;
        },
      }),
      l10n.t('point in time'),
    );
    const r = parsePointInTime(typed, { ...limits, now: Date.now() });
    if ('problem' in r) throw new Error(r.problem);
    parentTimestamp = r.iso;
    return undefined;
  };
  const askCompute = async (back: boolean) => {
    compute = required(
      await s.prompt.pick<boolean>(
        [
          { label: l10n.t('With a read-write compute'), description: l10n.t('recommended: needed to connect'), value: true, picked: compute },
          { label: l10n.t('Without a compute'), description: l10n.t('add one later in the Neon Console'), value: false, picked: !compute },
        ],
        { title: step(4, l10n.t('compute for the new branch')), placeHolder: l10n.t('A branch needs a compute to accept connections'), back },
      ),
      'compute',
    ).value;
  };
  const askExpiry = async (back: boolean) => {
    const items = [{ label: l10n.t('Never'), description: l10n.t('kept until you delete it'), value: 0 }, ...expiryChoices()];
    expiryDays = required(
      await s.prompt.pick(items.map((i) => ({ ...i, picked: i.value === expiryDays })), { title: step(5, l10n.t('expiration of the new branch')), placeHolder: l10n.t('When Neon deletes the new branch, its data and its compute'), back }),
      l10n.t('expiration'),
    ).value;
  };
  await runSteps([...(isBranchRef(arg) ? [] : [askParent]), askName, askStart, askPointInTime, askCompute, askExpiry]);
  parent = parent!;

  const params: CreateBranchParams = { parentId: parent.id };
  if (name) params.name = name;
  if (parentTimestamp) params.parentTimestamp = parentTimestamp;
  if (compute) params.endpoints = [{ type: 'read_write' }];
  // Counted from the answer, not from the question: the 30-day choice stays within Neon's limit.
  if (expiryDays) params.expiresAt = expiryFor(expiryDays)!;

  let lostAnswer = false;
  const sentAt = Date.now();
  const created = await changeAndWait<CreatedBranch>(s, client, {
    title: name ? l10n.t('Creating branch {0} from {1}…', name, parent.name) : l10n.t('Creating a branch from {0}…', parent.name),
    target: { accountId: project.accountId, projectId: project.projectId },
    projectId: project.projectId,
    change: async (signal) => {
      // A branch Neon made although its answer was lost is found by its name (or, when Neon named
      // it, as the one new child of the parent).
      const r = await createOrFind(
        () => client.createBranch(project.projectId, params, { signal }),
        () => findMadeBranch(client, project.projectId, { ...(name ? { name } : {}), parentId: params.parentId!, sentAt }, new Set(branches.map((b) => b.id)), signal),
        (made, lost) => {
          s.log.warn(`The answer to creating branch ${made.branch.name} was lost (${lost.message}); Neon made it: ${made.branch.id}`);
          lostAnswer = true;
        },
      );
      // A create may carry connection details; nothing of them may ever reach a log.
      for (const c of r.connection_uris ?? []) {
        registerSecret(c.connection_uri);
        registerSecret(c.connection_parameters?.password);
      }
      for (const role of r.roles ?? []) registerSecret(role.password ?? undefined);
      return r;
    },
  });
  // As the expiry beside it is said: "2026-12-05 04:42:03 UTC".
  const when = parentTimestamp ? l10n.t(' as of {0}', parentTimestamp.replace(/(\.\d+)?Z$/, ' UTC').replace('T', ' ')) : '';
  const host = created.endpoints?.[0]?.host;
  const ref: BranchRef = { ...project, branchId: created.branch.id, branchName: created.branch.name, isDefault: false, isProtected: false };
  const expires = created.branch.expires_at ? ` ${l10n.t('Neon deletes it on {0}.', utcMinute(created.branch.expires_at))}` : '';
  const found = !lostAnswer ? '' : ` ${name ? l10n.t('Neon\'s answer was lost on the way, so the branch was found by its name.') : l10n.t('Neon\'s answer was lost on the way, so the branch was identified as the only new branch of {0}.', parent.name)}`;
  offerConnection(s, l10n.t('Created branch {0} from {1}{2}{3}.', created.branch.name, parent.name, when, host ? l10n.t(' with compute {0}', host) : l10n.t(' without a compute')) + expires + found, host ? ref : undefined);
  return { branchId: created.branch.id, name: created.branch.name, parentId: parent.id };
}

// ---------------------------------------------------------------- delete

function defaultRefusal(name: string, project: string): Error {
  return new Error(l10n.t('{0} is the default branch of {1}, and Neon does not delete a project\'s default branch. Make another branch the default first, or delete the project', name, project));
}

function protectedRefusal(name: string): Error {
  return new Error(l10n.t('{0} is a protected branch, and protected branches cannot be deleted. Remove its protection in the Neon Console (Branches → Set as unprotected) first', name));
}

/** Why Neon would refuse to delete `branch` (given every branch of its project), or undefined. */
function deletionRefusal(branch: Branch, all: readonly Branch[], projectName: string): Error | undefined {
  if (isDefaultBranch(branch)) return defaultRefusal(branch.name, projectName);
  if (branch.protected) return protectedRefusal(branch.name);
  const children = all.filter((b) => b.parent_id === branch.id).map((b) => b.name);
  if (children.length === 0) return undefined;
  return new Error(children.length === 1 ? l10n.t('{0} has a child branch ({1}). Delete that branch first', branch.name, children[0]!) : l10n.t('{0} has child branches ({1}). Delete them first', branch.name, children.join(', ')));
}

export async function deleteBranch(s: Services, arg?: unknown): Promise<boolean> {
  const ref: BranchRef = await resolveBranch(s, arg, l10n.t('Delete Branch'), {
    offer: (b, all) => deletionRefusal(b, all, '') === undefined,
    noneLeft: l10n.t('No branch of this project can be deleted: the default branch, protected branches and branches with child branches cannot be.'),
  });
  // What the node already knows is refused without a single request.
  if (ref.isDefault) throw defaultRefusal(ref.branchName, ref.projectName);
  if (ref.isProtected) throw protectedRefusal(ref.branchName);
  const client = await s.clients.get(ref.accountId);
  // Which workspace .env leads to it, read alongside (a failed read only loses the warning).
  const uses = envUsesOfBranch(client, ref).catch(() => []);
  const branches = await branchesAround(s, ref);
  const branch = branches.find((b) => b.id === ref.branchId);
  if (!branch) {
    s.tree.refresh({ accountId: ref.accountId, projectId: ref.projectId });
    throw new Error(l10n.t('Branch {0} no longer exists in {1}', ref.branchName, ref.projectName));
  }
  const refusal = deletionRefusal(branch, branches, ref.projectName);
  if (refusal) throw refusal;
  const inEnv = await uses;
  const ok = await confirmDestructive(s, {
    verb: l10n.t('Delete'),
    question: l10n.t('Delete branch "{0}"?', branch.name),
    name: branch.name,
    detail:
      l10n.t('Its data, roles, databases and compute in {0} are deleted (Neon keeps a deleted branch recoverable for 7 days).', ref.projectName) +
      (inEnv.length ? ` ${l10n.t('This workspace connects to it in {0}: those connections will fail.', describeUses(inEnv))}` : ''),
  });
  if (!ok) return false;
  await changeAndWait(s, client, {
    title: l10n.t('Deleting branch {0}…', branch.name),
    target: { accountId: ref.accountId, projectId: ref.projectId },
    projectId: ref.projectId,
    change: (signal) => client.deleteBranch(ref.projectId, branch.id, { signal }),
  });
  await afterBranchesDeleted(ref.projectId, [branch]);
  void s.prompt.message('info', l10n.t('Deleted branch {0} from {1}.', branch.name, ref.projectName), {});
  return true;
}

export function branchCommands(): CommandSpec[] {
  return [
    { id: CommandIds.createBranch, action: l10n.t('create the branch'), run: createBranch },
    { id: CommandIds.deleteBranch, action: l10n.t('delete the branch'), run: deleteBranch },
  ];
}
