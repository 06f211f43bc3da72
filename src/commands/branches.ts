// Branches: create (a child of the clicked branch, or of the project's default branch), from the
// head or from a point in time, with a read-write compute by default; delete (never the default
// branch, nor a protected one, nor one with children: each refused with the reason before any
// change is sent).
import type { Branch, CreateBranchParams, CreatedBranch } from '../api';
import type { Services } from '../services';
import { isBranchRef, type BranchRef, type ProjectRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { defaultFirst, isDefaultBranch } from '../util/defaultBranch';
import { registerSecret } from '../util/redact';
import { confirmDestructive } from './confirm';
import { CommandIds } from './ids';
import { offerConnection } from './offerConnection';
import { required, resolveBranch, resolveProject, stepTitle } from './pickers';
import { changeAndWait } from './progress';
import type { CommandSpec } from './registry';

export const BRANCH_NAME_MAX = 256;

// ---------------------------------------------------------------- point in time

export interface TimePreset {
  label: string;
  ms: number;
}

export const TIME_PRESETS: readonly TimePreset[] = [
  { label: '15 minutes ago', ms: 15 * 60_000 },
  { label: '1 hour ago', ms: 3_600_000 },
  { label: '6 hours ago', ms: 6 * 3_600_000 },
  { label: '1 day ago', ms: 86_400_000 },
  { label: '7 days ago', ms: 7 * 86_400_000 },
  { label: '30 days ago', ms: 30 * 86_400_000 },
];

// 2025-01-31T12:00Z, 2025-01-31 12:00:00+02:00, 2025-01-31T12:00:00.123-0500
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

export interface PointInTimeLimits {
  now: number;
  /** Oldest moment allowed: the parent's creation, or the project's history retention. */
  earliest?: number;
  earliestReason?: string;
}

/** Parses a typed timestamp; returns the ISO string (UTC) or a sentence saying what is wrong. */
export function parsePointInTime(text: string, limits: PointInTimeLimits): { iso: string } | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'Enter a date and time, e.g. 2025-01-31T14:30:00Z' };
  const m = ISO_WITH_ZONE.exec(t);
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) return { problem: 'Add a time zone: Z for UTC, or an offset such as +02:00' };
    return { problem: 'Use an ISO 8601 date and time with a time zone, e.g. 2025-01-31T14:30:00Z' };
  }
  const [, y, mo, d, h, mi, sec] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec ?? '0');
  const daysIn = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysIn || hour > 23 || minute > 59 || second > 59) return { problem: `${t} is not a valid date and time` };
  const ms = Date.parse(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) return { problem: `${t} is not a valid date and time` };
  if (ms > limits.now) return { problem: 'That moment is in the future: choose a time in the past' };
  if (limits.earliest !== undefined && ms < limits.earliest) {
    return { problem: `That is too early: ${limits.earliestReason ?? 'history'} starts at ${new Date(limits.earliest).toISOString()}` };
  }
  return { iso: new Date(ms).toISOString() };
}

function earliestOf(parent: Branch, retentionSeconds: number | undefined, now: number): Pick<PointInTimeLimits, 'earliest' | 'earliestReason'> {
  const created = parent.created_at ? Date.parse(parent.created_at) : NaN;
  const retained = retentionSeconds !== undefined && retentionSeconds > 0 ? now - retentionSeconds * 1000 : NaN;
  if (!Number.isNaN(created) && (Number.isNaN(retained) || created >= retained)) return { earliest: created, earliestReason: `branch ${parent.name} was created then; its history` };
  if (!Number.isNaN(retained)) return { earliest: retained, earliestReason: "the project's history retention window" };
  return {};
}

type StartPoint = { kind: 'head' } | { kind: 'preset'; ms: number; label: string } | { kind: 'custom' };

// ---------------------------------------------------------------- create

export async function createBranch(s: Services, arg?: unknown): Promise<{ branchId: string; name: string; parentId: string } | undefined> {
  const project: ProjectRef = isBranchRef(arg) ? arg : await resolveProject(s, arg, 'Create branch');
  const client = await s.clients.get(project.accountId);
  const [branches, details] = await Promise.all([client.listBranches(project.projectId), client.getProject(project.projectId).catch(() => undefined)]);
  // From a branch node the parent is that branch; otherwise it is asked (the default branch first).
  const total = isBranchRef(arg) ? 3 : 4;
  const step = (n: number, what: string) => `${stepTitle('Create Branch', isBranchRef(arg) ? n - 1 : n, total)}: ${what}`;
  let parent: Branch;
  if (isBranchRef(arg)) {
    const found = branches.find((b) => b.id === arg.branchId);
    if (!found) throw new Error(`Branch ${arg.branchName} no longer exists in ${project.projectName}. Refresh the Neon view`);
    parent = found;
  } else {
    if (branches.length === 0) throw new Error(`${project.projectName} has no branches`);
    const items: PickItem<Branch>[] = defaultFirst(branches).map((b) => ({ label: b.name, description: [isDefaultBranch(b) ? 'default' : '', b.protected ? 'protected' : ''].filter(Boolean).join(' · ') || undefined, value: b }));
    parent = required(await s.prompt.pick(items, { title: step(1, `parent branch in ${project.projectName}`), placeHolder: 'The new branch starts from this branch' }), 'parent branch').value;
  }
  const taken = new Set(branches.map((b) => b.name));

  const rawName = required(
    await s.prompt.input({
      title: step(2, `name of the new branch of ${parent.name} (${project.projectName})`),
      prompt: 'Name of the new branch (leave empty to let Neon choose one)',
      placeHolder: 'dev/my-feature',
      validateInput: (v) => {
        const n = v.trim();
        if (n.length > BRANCH_NAME_MAX) return `Branch names are limited to ${BRANCH_NAME_MAX} characters`;
        if (taken.has(n)) return `${project.projectName} already has a branch named ${n}`;
        return undefined;
      },
    }),
    'branch name',
  );
  const name = rawName.trim();

  const now = Date.now();
  const limits: PointInTimeLimits = { now, ...earliestOf(parent, details?.history_retention_seconds ?? undefined, now) };
  const items: PickItem<StartPoint>[] = [
    { label: '$(git-commit) Current data', description: `the latest state of ${parent.name}`, value: { kind: 'head' } },
    ...TIME_PRESETS.filter((p) => limits.earliest === undefined || now - p.ms >= limits.earliest).map<PickItem<StartPoint>>((p) => ({
      label: `$(history) ${p.label}`,
      description: `${parent.name} as it was ${p.label}`,
      value: { kind: 'preset', ms: p.ms, label: p.label },
    })),
    { label: '$(calendar) A point in time…', description: 'type a date and time (ISO 8601)', value: { kind: 'custom' } },
  ];
  const start = required(await s.prompt.pick(items, { title: step(3, `start ${name || 'the new branch'} from`), placeHolder: 'The data the new branch starts with' }), 'start point').value;
  let parentTimestamp: string | undefined;
  if (start.kind === 'preset') parentTimestamp = new Date(Date.now() - start.ms).toISOString();
  if (start.kind === 'custom') {
    const typed = required(
      await s.prompt.input({
        title: step(3, `start from ${parent.name} as it was at…`),
        prompt: 'Date and time with a time zone, e.g. 2025-01-31T14:30:00Z',
        placeHolder: new Date(now - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        validateInput: (v) => {
          const r = parsePointInTime(v, { ...limits, now: Date.now() });
          return 'problem' in r ? r.problem : undefined;
        },
      }),
      'point in time',
    );
    const r = parsePointInTime(typed, { ...limits, now: Date.now() });
    if ('problem' in r) throw new Error(r.problem);
    parentTimestamp = r.iso;
  }

  const compute = required(
    await s.prompt.pick<boolean>(
      [
        { label: 'With a read-write compute', description: 'recommended: needed to connect', value: true },
        { label: 'Without a compute', description: 'add one later in the Neon Console', value: false },
      ],
      { title: step(4, 'compute for the new branch'), placeHolder: 'A branch needs a compute to accept connections' },
    ),
    'compute',
  ).value;

  const params: CreateBranchParams = { parentId: parent.id };
  if (name) params.name = name;
  if (parentTimestamp) params.parentTimestamp = parentTimestamp;
  if (compute) params.endpoints = [{ type: 'read_write' }];

  const created = await changeAndWait<CreatedBranch>(s, client, {
    title: name ? `Creating branch ${name} from ${parent.name}…` : `Creating a branch from ${parent.name}…`,
    target: { accountId: project.accountId, projectId: project.projectId },
    projectId: project.projectId,
    change: async (signal) => {
      const r = await client.createBranch(project.projectId, params, { signal });
      // A create may carry connection details; nothing of them may ever reach a log.
      for (const c of r.connection_uris ?? []) {
        registerSecret(c.connection_uri);
        registerSecret(c.connection_parameters?.password);
      }
      for (const role of r.roles ?? []) registerSecret(role.password ?? undefined);
      return r;
    },
  });
  const when = parentTimestamp ? ` as of ${parentTimestamp.replace(/\.\d{3}Z$/, 'Z')}` : '';
  const host = created.endpoints?.[0]?.host;
  const ref: BranchRef = { ...project, branchId: created.branch.id, branchName: created.branch.name, isDefault: false, isProtected: false };
  offerConnection(s, `Created branch ${created.branch.name} from ${parent.name}${when}${host ? ` with compute ${host}` : ' without a compute'}.`, host ? ref : undefined);
  return { branchId: created.branch.id, name: created.branch.name, parentId: parent.id };
}

// ---------------------------------------------------------------- delete

function defaultRefusal(name: string, project: string): Error {
  return new Error(`${name} is the default branch of ${project}, and Neon does not delete a project's default branch. Make another branch the default first, or delete the project`);
}

function protectedRefusal(name: string): Error {
  return new Error(`${name} is a protected branch, and protected branches cannot be deleted. Remove its protection in the Neon Console (Branches → Set as unprotected) first`);
}

export async function deleteBranch(s: Services, arg?: unknown): Promise<boolean> {
  const ref: BranchRef = await resolveBranch(s, arg, 'Delete branch');
  // What the node already knows is refused without a single request.
  if (ref.isDefault) throw defaultRefusal(ref.branchName, ref.projectName);
  if (ref.isProtected) throw protectedRefusal(ref.branchName);
  const client = await s.clients.get(ref.accountId);
  const branches = await client.listBranches(ref.projectId);
  const branch = branches.find((b) => b.id === ref.branchId);
  if (!branch) {
    s.tree.refresh({ accountId: ref.accountId, projectId: ref.projectId });
    throw new Error(`Branch ${ref.branchName} no longer exists in ${ref.projectName}`);
  }
  if (isDefaultBranch(branch)) throw defaultRefusal(branch.name, ref.projectName);
  if (branch.protected) throw protectedRefusal(branch.name);
  const children = branches.filter((b) => b.parent_id === branch.id).map((b) => b.name);
  if (children.length > 0) {
    throw new Error(`${branch.name} has child branch${children.length === 1 ? '' : 'es'} (${children.join(', ')}). Delete ${children.length === 1 ? 'it' : 'them'} first`);
  }
  const ok = await confirmDestructive(s, {
    verb: 'Delete',
    what: 'branch',
    name: branch.name,
    detail: `Its data, roles, databases and compute in ${ref.projectName} go with it.`,
  });
  if (!ok) return false;
  await changeAndWait(s, client, {
    title: `Deleting branch ${branch.name}…`,
    target: { accountId: ref.accountId, projectId: ref.projectId },
    projectId: ref.projectId,
    change: (signal) => client.deleteBranch(ref.projectId, branch.id, { signal }),
  });
  void s.prompt.message('info', `Deleted branch ${branch.name} from ${ref.projectName}.`, {});
  return true;
}

export function branchCommands(): CommandSpec[] {
  return [
    { id: CommandIds.createBranch, action: 'create the branch', run: createBranch },
    { id: CommandIds.deleteBranch, action: 'delete the branch', run: deleteBranch },
  ];
}
