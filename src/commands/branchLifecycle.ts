// A branch's life after creation: reset from its parent (Neon's restore with the parent as
// source), restore to a point in time (Neon's restore onto itself, the old state kept), set or clear its expiration, rename it, make it the default. Each waits for the
// operations it started and refreshes only that project's branches. Renaming also updates the
// `.neon` git maps of linked folders, so a git branch keeps its Neon branch under the new name.
import type { Branch, UpdateBranchParams } from '../api';
import { gitFeature } from '../git/feature';
import { describeSpan, EXPIRY_CHOICES_DAYS, utcMinute } from '../git/lifecycle';
import { expiryFor } from '../git/mapping';
import { readNeonFile, writeNeonFile } from '../git/neonFile';
import { changeListedBranch } from '../git/switchEnv';
import type { Services } from '../services';
import { linkedFolders } from '../statusBar/neonStatus';
import type { BranchRef } from '../tree/refs';
import { isDefaultBranch } from '../util/defaultBranch';
import type { PickItem } from '../ui/prompt';
import { confirmDestructive } from './confirm';
import { CommandIds } from './ids';
import { branchesAround, resolveBranch, required } from './pickers';
import { changeAndWait } from './progress';
import { retryWhileLocked } from './retryLocked';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

async function branchAndParent(s: Services, ref: BranchRef): Promise<{ branch: Branch; parent?: Branch; children: Branch[]; all: readonly Branch[] }> {
  const all = await branchesAround(s, ref);
  const branch = all.find((b) => b.id === ref.branchId);
  if (!branch) throw Object.assign(new Error(l10n.t('Branch {0} no longer exists', ref.branchName)), { status: 404 });
  return { branch, parent: all.find((b) => b.id === branch.parent_id), children: all.filter((b) => b.parent_id === branch.id), all };
}

/** Sends a change to the branch's settings, waits for its operations, then re-reads the project's branches. */
async function updateBranch(s: Services, ref: BranchRef, title: string, params: UpdateBranchParams): Promise<void> {
  const client = await s.clients.get(ref.accountId);
  await changeAndWait(s, client, {
    title,
    target: { accountId: ref.accountId, projectId: ref.projectId },
    projectId: ref.projectId,
    change: (signal) => client.updateBranch(ref.projectId, ref.branchId, params, { signal }),
  });
}

export async function resetFromParent(s: Services, arg?: unknown): Promise<{ branchId: string; parentId: string; preservedAs?: string } | undefined> {
  const title = l10n.t('Reset from Parent');
  // The palette's list offers only what can be reset: not the default branch (no parent), not a protected one.
  const ref = await resolveBranch(s, arg, title, {
    offer: (b) => !isDefaultBranch(b) && !b.protected && !!b.parent_id,
    noneLeft: l10n.t('This project has no branch to reset: the default branch has no parent and protected branches cannot be reset'),
    placeHolder: l10n.t('The branch to reset (the default branch and protected branches cannot be reset)'),
  });
  const { branch, parent, children } = await branchAndParent(s, ref);
  if (ref.isDefault || isDefaultBranch(branch)) throw new Error(l10n.t('{0} is the default branch: it has no parent to reset from', branch.name));
  if (branch.protected) throw new Error(l10n.t('{0} is protected and cannot be reset. Remove its protection in the Neon Console first', branch.name));
  if (!parent) throw new Error(l10n.t('{0} has no parent branch to reset from', branch.name));
  let preserveUnderName: string | undefined;
  if (children.length > 0) {
    // Neon requires keeping the current state under a name when the branch has children (they move to it).
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    preserveUnderName = required(
      await s.prompt.input({
        title: l10n.t('{0}: keep the current state', title),
        prompt: children.length === 1 ? l10n.t('{0} has 1 child branch; its current state is kept as a new branch it moves to. Name it:', branch.name) : l10n.t('{0} has {1} child branches; its current state is kept as a new branch they move to. Name it:', branch.name, children.length),
        value: `${branch.name}-before-reset-${stamp}`,
        validateInput: (v) => (v.length < 1 || v.length > 256 ? l10n.t('Use 1 to 256 characters') : undefined),
      }),
      'name',
    );
  }
  const ok = await confirmDestructive(s, {
    verb: l10n.t('Reset'),
    question: l10n.t('Reset branch "{0}"?', branch.name),
    name: branch.name,
    detail: l10n.t('Its data and schema become {0}\'s as of now; {1} Connections are interrupted; connection strings stay the same.', parent.name, preserveUnderName ? l10n.t('the current state is kept as {0}.', preserveUnderName) : l10n.t('changes made on it are lost.')),
  });
  if (!ok) return undefined;
  const client = await s.clients.get(ref.accountId);
  await changeAndWait(s, client, {
    title: l10n.t('Resetting {0} from {1}…', branch.name, parent.name),
    target: { accountId: ref.accountId, projectId: ref.projectId },
    projectId: ref.projectId,
    change: (signal) => client.restoreBranch(ref.projectId, branch.id, { sourceBranchId: parent.id, ...(preserveUnderName ? { preserveUnderName } : {}) }, { signal }),
    waiting: applying,
  });
  void s.prompt.message('info', preserveUnderName ? l10n.t('Reset {0} from {1}; the previous state is kept as {2}.', branch.name, parent.name, preserveUnderName) : l10n.t('Reset {0} from {1}.', branch.name, parent.name), {});
  return { branchId: branch.id, parentId: parent.id, ...(preserveUnderName ? { preservedAs: preserveUnderName } : {}) };
}

/** An ISO time to the second as the confirmations say it: `2026-12-06 06:44:46 UTC`. */
const utcSecond = (iso: string) => iso.replace('T', ' ').replace('Z', ' UTC');

/**
 * While Neon applies an accepted reset or restore, Cancel only stops the waiting (changeAndWait
 * then says the change stands): the message says so, so that nobody takes Cancel for an undo.
 */
const applying = (operations: number) =>
  operations === 1 ? l10n.t('Neon is applying it (1 operation)… Cancel stops only the waiting, not the change.') : l10n.t('Neon is applying it ({0} operations)… Cancel stops only the waiting, not the change.', operations);

/** Quick choices of the point in time (hours ago), offered when inside the history retention window. */
const PITR_CHOICES_HOURS: ReadonlyArray<{ label: string; hours: number }> = [
  { label: l10n.t('1 hour ago'), hours: 1 },
  { label: l10n.t('6 hours ago'), hours: 6 },
  { label: l10n.t('1 day ago'), hours: 24 },
];

/** `ms` as the ISO 8601 time Neon takes, to the second. */
const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A time that can be restored to: an hour ago, or a minute after the earliest one when the history is shorter. */
export function exampleTime(notBefore: number, now = Date.now()): string {
  return isoSecond(Math.min(now, Math.max(now - 3_600_000, notBefore + 60_000)));
}

/**
 * The earliest time a branch can be restored to, and why: Neon's history retention, or (`branch`
 * set) the branch's creation, which is not Neon's limit and is said otherwise (walk 42).
 */
export interface RestoreLimit {
  notBefore: number;
  /** The branch's name, when the limit is its creation. */
  createdBranch?: string;
}

/** Why `text` is not a usable point in time (ISO 8601, in the past, within the window), or undefined. */
export function pointInTimeProblem(text: string, limit: number | RestoreLimit, now = Date.now()): string | undefined {
  const { notBefore, createdBranch } = typeof limit === 'number' ? { notBefore: limit, createdBranch: undefined } : limit;
  const t = text.trim();
  // The example is a time that could be typed now, not a fixed date (which was in the future, or outside the history).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return l10n.t('Enter an ISO 8601 time with its zone, e.g. {0}', exampleTime(notBefore, now));
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return l10n.t('That is not a valid date and time');
  if (ms > now) return l10n.t('That time is in the future');
  if (ms < notBefore) {
    const earliest = utcSecond(isoSecond(notBefore));
    return createdBranch ? l10n.t('{0} was created at {1}: choose a time after that', createdBranch, earliest) : l10n.t('Neon keeps history back to {0} only: choose a later time', earliest);
  }
  return undefined;
}

export async function restoreToPointInTime(s: Services, arg?: unknown): Promise<{ branchId: string; sourceTimestamp: string; preservedAs: string; keptExpiresAt?: string } | undefined> {
  const title = l10n.t('Restore Branch to a Point in Time');
  const ref = await resolveBranch(s, arg, title, { offer: (b) => !b.protected, noneLeft: l10n.t('Every branch of this project is protected: Neon does not restore a protected branch') });
  const client = await s.clients.get(ref.accountId);
  const [{ branch, all }, project] = await Promise.all([branchAndParent(s, ref), client.getProject(ref.projectId)]);
  if (branch.protected) throw new Error(l10n.t('{0} is protected and cannot be restored. Remove its protection in the Neon Console first', branch.name));
  const now = Date.now();
  // Neon restores within the project's history retention window, and not before the branch existed.
  const windowStart = now - (project.history_retention_seconds ?? 86_400) * 1000;
  const created = Date.parse(branch.created_at ?? '') || 0;
  const notBefore = Math.max(windowStart, created);
  const limit: RestoreLimit = created >= windowStart ? { notBefore, createdBranch: branch.name } : { notBefore };
  const iso = isoSecond;
  type Choice = { at?: string };
  const quick = PITR_CHOICES_HOURS.filter((c) => now - c.hours * 3_600_000 >= notBefore + 60_000);
  const items: PickItem<Choice>[] = [
    ...quick.map((c) => ({ label: c.label, description: iso(now - c.hours * 3_600_000), value: { at: iso(now - c.hours * 3_600_000) } })),
    { label: l10n.t('Enter a Time…'), description: l10n.t('ISO 8601, e.g. {0}', exampleTime(notBefore, now)), value: {} },
  ];
  // A quick choice left out is said, with why: the branch is younger than it, or the history shorter.
  const placeHolder =
    quick.length === PITR_CHOICES_HOURS.length
      ? l10n.t('Restore {0} to its state at', branch.name)
      : created >= windowStart
        ? l10n.t('{0} is {1} old: only a time since it was created can be restored', branch.name, describeSpan(now - created))
        : l10n.t('Neon keeps {0} of this project\'s history: only a time since then can be restored', describeSpan(now - windowStart));
  let at = required(await s.prompt.pick(items, { title, placeHolder }), 'time').value.at;
  if (!at) {
    const typed = required(
      await s.prompt.input({
        title,
        prompt: limit.createdBranch
          ? l10n.t('The time to restore {0} to (ISO 8601 with a zone; {0} was created at {1})', branch.name, iso(notBefore))
          : l10n.t('The time to restore {0} to (ISO 8601 with a zone; history is kept back to {1})', branch.name, iso(notBefore)),
        // An hour ago, or the earliest time Neon can restore to when the branch is younger than that.
        value: exampleTime(notBefore, now),
        validateInput: (v) => pointInTimeProblem(v, limit),
      }),
      'time',
    );
    at = iso(Date.parse(typed.trim()));
  }
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const taken = new Set(all.map((b) => b.name));
  const children = all.filter((b) => b.parent_id === branch.id).length;
  // A branch with children cannot expire (Neon refuses it), and its kept state takes the children: only a childless one's expiry is passed on.
  const keptExpiry = children === 0 && branch.expires_at ? branch.expires_at : undefined;
  const preserveUnderName = required(
    await s.prompt.input({
      title: l10n.t('{0}: keep the current state', title),
      prompt:
        children === 1
          ? l10n.t('The current state of {0} is kept as a new branch; its child branch moves to it. Name it:', branch.name)
          : children > 1
            ? l10n.t('The current state of {0} is kept as a new branch; its {1} child branches move to it. Name it:', branch.name, children)
            : keptExpiry
              ? l10n.t('The current state of {0} is kept as a new branch that Neon deletes on {1}, as it does {0}. Name it:', branch.name, utcMinute(keptExpiry))
              : l10n.t('The current state of {0} is kept as a new branch. Name it:', branch.name),
      value: `${branch.name}-before-restore-${stamp}`,
      validateInput: (v) => (v.length < 1 || v.length > 256 ? l10n.t('Use 1 to 256 characters') : taken.has(v) ? l10n.t('A branch named {0} exists already', v) : undefined),
    }),
    'name',
  );
  const ok = await confirmDestructive(s, {
    verb: l10n.t('Restore'),
    question: l10n.t('Restore branch "{0}"?', branch.name),
    name: branch.name,
    detail: l10n.t('Its data and schema become what they were at {0}; the current state is kept as {1}. Connections are interrupted; connection strings stay the same.', utcSecond(at), preserveUnderName),
  });
  if (!ok) return undefined;
  await changeAndWait(s, client, {
    title: l10n.t('Restoring {0} to {1}…', branch.name, utcSecond(at)),
    target: { accountId: ref.accountId, projectId: ref.projectId },
    projectId: ref.projectId,
    change: (signal) => client.restoreBranch(ref.projectId, branch.id, { sourceBranchId: branch.id, sourceTimestamp: at, preserveUnderName }, { signal }),
    waiting: applying,
  });
  const restored = l10n.t('Restored {0} to its state at {1}; the previous state is kept as {2}.', branch.name, utcSecond(at), preserveUnderName);
  // Neon's restore makes the kept branch without an expiry. A branch of a git branch expires (so
  // Neon removes it), and so must its kept state, or it stays forever: given the branch's own
  // expires_at, not the setting's days, so it never outlives the branch it was kept from. Clean Up
  // then offers it on its last day like any expiring branch; a name-based guess there ("-before-
  // restore-") would miss a kept branch the person named otherwise.
  if (keptExpiry) {
    try {
      await retryWhileLocked(async () => {
        const kept = (await client.listBranches(ref.projectId)).find((b) => b.name === preserveUnderName);
        if (!kept) throw new Error(l10n.t('{0} is not among the branches of {1}', preserveUnderName, ref.projectName));
        return client.updateBranch(ref.projectId, kept.id, { expiresAt: keptExpiry });
      }, {});
      s.tree.refresh({ accountId: ref.accountId, projectId: ref.projectId });
      void s.prompt.message('info', `${restored} ${l10n.t('{0} expires on {1}.', preserveUnderName, utcMinute(keptExpiry))}`, {});
    } catch (e) {
      s.log.warn(`restore: could not set the expiry of ${preserveUnderName}: ${String(e)}`);
      void s.prompt.message('warning', `${restored} ${l10n.t('It does not expire as {0} does ({1}): set its expiration with Set Expiration…, or delete it once you no longer need it.', branch.name, e instanceof Error ? e.message.replace(/[.]$/, '') : String(e))}`, {});
    }
  } else {
    void s.prompt.message('info', restored, {});
  }
  return { branchId: branch.id, sourceTimestamp: at, preservedAs: preserveUnderName, ...(keptExpiry ? { keptExpiresAt: keptExpiry } : {}) };
}

/** "In N days", each with the date it gives: Set Expiration's and Create Branch's choices. */
export function expiryChoices(): PickItem<number>[] {
  return EXPIRY_CHOICES_DAYS.map((d) => ({ label: d === 1 ? l10n.t('In 1 day') : l10n.t('In {0} days', d), description: l10n.t('until {0}', utcMinute(expiryFor(d)!)), value: d }));
}

export async function setBranchExpiration(s: Services, arg?: unknown): Promise<{ expiresAt: string | null } | undefined> {
  const title = l10n.t('Set Branch Expiration');
  const ref = await resolveBranch(s, arg, title, {
    offer: (b) => !isDefaultBranch(b) && !b.protected,
    noneLeft: l10n.t('This project has only its default branch and protected branches, which Neon does not let expire'),
  });
  if (ref.isDefault || ref.isProtected) throw new Error(ref.isDefault ? l10n.t('{0} is the default branch; Neon does not let it expire', ref.branchName) : l10n.t('{0} is a protected branch; Neon does not let it expire', ref.branchName));
  // The current expiry is read while the list shows, to say it next to "Never" (a failed read says nothing of it).
  const current = s.clients
    .get(ref.accountId)
    .then((c) => c.getBranch(ref.projectId, ref.branchId))
    .then((b) => ({ expiresAt: b.expires_at ?? undefined }))
    .catch(() => undefined);
  const never = (known: { expiresAt?: string } | undefined) =>
    !known ? l10n.t('remove the expiration') : known.expiresAt ? l10n.t('remove the expiration (currently {0})', utcMinute(known.expiresAt)) : l10n.t('remove the expiration (it has none now)');
  const items = current.then((known): PickItem<number>[] => [
    ...expiryChoices(),
    { label: l10n.t('Never'), description: never(known), value: 0 },
  ]);
  // The title names the branch, as other commands' steps do (walk 41: it did not say which).
  const named = l10n.t('{0}: branch {1} ({2})', title, ref.branchName, ref.projectName);
  const days = required(await s.prompt.pick(items, { title: named, placeHolder: l10n.t('When Neon deletes {0}', ref.branchName) }), 'expiration').value;
  const expiresAt = days === 0 ? null : expiryFor(days)!;
  await updateBranch(s, ref, l10n.t('Updating {0}…', ref.branchName), { expiresAt });
  void s.prompt.message('info', expiresAt ? l10n.t('{0} expires on {1}.', ref.branchName, utcMinute(expiresAt)) : l10n.t('{0} no longer expires.', ref.branchName), {});
  return { expiresAt };
}

export async function renameBranch(s: Services, arg?: unknown): Promise<{ name: string } | undefined> {
  const title = l10n.t('Rename Branch');
  const ref = await resolveBranch(s, arg, title);
  // The other branches' names, read while the person types: a taken name is said in the box, not after (409).
  const others = branchesAround(s, ref)
    .then((bs) => new Set(bs.filter((b) => b.id !== ref.branchId).map((b) => b.name)))
    .catch(() => new Set<string>());
  const problem = async (v: string) => {
    if (v.length < 1 || v.length > 256) return l10n.t('Use 1 to 256 characters');
    return (await others).has(v) ? l10n.t('{0} already has a branch named {1}', ref.projectName, v) : undefined;
  };
  const name = required(await s.prompt.input({ title, prompt: l10n.t('New name for {0}', ref.branchName), value: ref.branchName, validateInput: problem }), 'name');
  const taken = await problem(name);
  if (taken) throw new Error(taken);
  if (name === ref.branchName) return undefined;
  await updateBranch(s, ref, l10n.t('Renaming {0}…', ref.branchName), { name });
  changeListedBranch(ref.projectId, ref.branchId, { name });
  await renameInLinks(s, ref.projectId, ref.branchName, name);
  void s.prompt.message('info', l10n.t('Renamed {0} to {1}.', ref.branchName, name), {});
  return { name };
}

/** The pointers of the project's linked folders say which branch is the default (the checkout question names it). */
async function defaultInLinks(projectId: string, branchId: string): Promise<void> {
  changeListedBranch(projectId, branchId, { isDefault: true });
  const { autopilot, links } = gitFeature();
  for (const folder of await linkedFolders(autopilot)) {
    const p = links.pointer(folder);
    if (p && p.projectId === projectId && p.isDefault !== (p.branchId === branchId)) await links.setPointer(folder, { ...p, isDefault: p.branchId === branchId });
    // Links made before 0.x kept the default of their day as the parent of new branches: from
    // now on they follow the default, as links made now do.
    const { parentBranchId, parentBranchName: _name, ...rest } = links.settings(folder);
    if (parentBranchId && (await readNeonFile(folder).catch(() => undefined))?.projectId === projectId) await links.setSettings(folder, rest);
  }
}

/** `.neon` maps and pins name branches by name: follow a rename in every linked folder of that project. */
async function renameInLinks(s: Services, projectId: string, from: string, to: string): Promise<void> {
  const { autopilot, links } = gitFeature();
  for (const folder of await linkedFolders(autopilot)) {
    const ctx = await readNeonFile(folder).catch(() => undefined);
    if (!ctx || ctx.projectId !== projectId) continue;
    const map = Object.fromEntries(Object.entries(ctx.git?.map ?? {}).map(([g, n]) => [g, n === from ? to : n]));
    const next = { ...ctx, ...(ctx.branch === from ? { branch: to } : {}), ...(ctx.git ? { git: { ...ctx.git, map } } : {}) };
    if (JSON.stringify(next) !== JSON.stringify(ctx)) await writeNeonFile(folder, next).catch((e) => s.log.warn(`could not update ${folder}/.neon after the rename: ${String(e)}`));
    const p = links.pointer(folder);
    if (p && p.projectId === projectId && p.branchName === from) await links.setPointer(folder, { ...p, branchName: to });
  }
}

export async function setDefaultBranch(s: Services, arg?: unknown): Promise<{ branchId: string } | undefined> {
  const title = l10n.t('Set as Default Branch');
  const ref = await resolveBranch(s, arg, title);
  if (ref.isDefault) throw new Error(l10n.t('{0} is already the default branch', ref.branchName));
  // The dialog names the branch that loses the flag (walk 42); if the list cannot be read, it says "the current default".
  const current = (await branchesAround(s, ref).catch(() => [] as readonly Branch[])).find(isDefaultBranch);
  const choice = await s.prompt.message(
    'warning',
    l10n.t('Make {0} the default branch of {1}?', ref.branchName, ref.projectName),
    {
      modal: true,
      detail: current
        ? l10n.t('New branches and connections that name no branch use the default branch. {0} loses the default flag.', current.name)
        : l10n.t('New branches and connections that name no branch use the default branch. The current default loses the flag.'),
    },
    l10n.t('Set as Default'),
  );
  if (choice !== l10n.t('Set as Default')) return undefined;
  const client = await s.clients.get(ref.accountId);
  await changeAndWait(s, client, {
    title: l10n.t('Making {0} the default…', ref.branchName),
    target: { accountId: ref.accountId, projectId: ref.projectId },
    projectId: ref.projectId,
    change: (signal) => client.setDefaultBranch(ref.projectId, ref.branchId, { signal }),
  });
  await defaultInLinks(ref.projectId, ref.branchId);
  void s.prompt.message('info', l10n.t('{0} is now the default branch of {1}.', ref.branchName, ref.projectName), {});
  return { branchId: ref.branchId };
}

export function branchLifecycleCommands(): CommandSpec[] {
  return [
    { id: CommandIds.resetBranchFromParent, action: l10n.t('reset the branch from its parent'), run: resetFromParent },
    { id: CommandIds.restoreToPointInTime, action: l10n.t('restore the branch to a point in time'), run: restoreToPointInTime },
    { id: CommandIds.setBranchExpiration, action: l10n.t('set the branch expiration'), run: setBranchExpiration },
    { id: CommandIds.renameBranch, action: l10n.t('rename the branch'), run: renameBranch },
    { id: CommandIds.setDefaultBranch, action: l10n.t('make the branch the default'), run: setDefaultBranch },
  ];
}
