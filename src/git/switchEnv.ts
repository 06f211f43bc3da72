// Points a linked folder's .env at the Neon branch of a git branch: find it (or create it from the
// parent, with an expiry and the git branch in its annotation), wait for its operations, fetch its
// connection strings FOR THAT BRANCH, then rewrite only the Neon-managed variables with the
// lossless atomic merge of src/env. Everything that can fail happens before the write, so a failure
// leaves the .env byte-identical; it is never "fixed" by falling back to the default branch.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isLostAnswer, isNeonApiError, type NeonClient } from '../api';
import type { CreatedBranch } from '../api/schemas/branches';
import { configuredKeyNames, connectionEntries, fetchUris } from '../commands/connection';
import { describeFailure } from '../commands/failure';
import { waitForOperationsLocked } from '../commands/progress';
import { retryWhileLocked } from '../commands/retryLocked';
import { createOrFind, findMadeBranch } from '../commands/lostAnswer';
import { writeEnvFile } from '../env/write';
import { parseEnv } from '../env/parse';
import { connectionPlaceOf, isPooledUri, pgComputeId } from '../env/target';
import { registerSecret } from '../util/redact';
import type { Services } from '../services';
import { ANNOTATION_GIT_BRANCH, ANNOTATION_GIT_REPO, decideMapping, endpointIdOfUri, expiryFor, urlDigest, type BranchInfo } from './mapping';
import { databaseUrlKey, envFileFor, type EnvPointer, type LinkSettings, type LinkStore, type StayedBranch } from './links';
import { NeonFileError, readNeonFile, writeNeonFile, type NeonContext } from './neonFile';
import { isDefaultBranch } from '../util/defaultBranch';

/** How long a create waits out 423 Locked (another operation on the parent) before giving up. */
const LOCKED_WAIT_MS = 60_000;

/** Why a switch failed: a sentence without the request id, which is kept apart (shown last). */
export class SwitchError extends Error {
  override name = 'SwitchError';
  constructor(
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
  /** The sentence with the request id at its very end, as every failure message has it. */
  withRequestId(sentence: string): string {
    return this.requestId ? vscode.l10n.t('{0} (request id {1})', sentence, this.requestId) : sentence;
  }
}

/** A Neon or file failure as a SwitchError: the sentence of describeFailure, its request id apart. */
function asSwitchError(e: unknown, prefix = ''): SwitchError {
  const f = describeFailure('x', e);
  const text = f.message.replace(/^Couldn't x: /, '').replace(f.requestId ? vscode.l10n.t(' (request id {0})', f.requestId) : /$^/, '').replace(/[.]$/, '');
  return new SwitchError(`${prefix}${text}`, f.requestId);
}

export interface SwitchRequest {
  /** The linked folder (a workspace folder or a git repository's root) holding `.neon`. */
  folder: string;
  /** Follow this git branch … */
  gitBranch?: string;
  /** A promise lets the caller's local git read run while the branches are listed. */
  isDefaultGitBranch?: boolean | Promise<boolean>;
  /** … or point at this Neon branch (a manual switch). */
  branchId?: string;
  signal?: AbortSignal;
  /** `.neon` as the caller just read it (saves reading it again). */
  neonFile?: NeonContext;
  /** How long a create answered 423 Locked is tried again (default a minute). */
  lockedWaitMs?: number;
  /** The project's branches as the checkout question just read them (plannedCheckout): used instead of a second read while fresh. */
  listed?: ListedBranches;
}

/** A branch list read for one project by one account, and when. */
export interface ListedBranches {
  key: string;
  branches: BranchInfo[];
  at: number;
}

/**
 * How long the list the checkout question read stands in for the switch's own read. A prompt
 * answer switches as the question said, on the list it said it from; a question left open longer
 * may have seen the project change (a branch made or deleted elsewhere), so the list is read again.
 */
export const LISTED_FRESH_MS = 30_000;

export interface SwitchResult {
  branch: BranchInfo;
  created: boolean;
  envFile: string;
  /** False when the .env already held exactly these values. */
  changed: boolean;
  /** The .env's other variables (another role's URL, say) still on an earlier branch: only the linked ones are switched. */
  stayed?: StayedBranch[];
  /** A created branch's parent: its data is the parent's, not the earlier git branch's (walk 41). */
  parentName?: string;
}

export interface LinkContext {
  ctx: NeonContext;
  projectId: string;
  settings: LinkSettings;
  accountId: string;
  client: NeonClient;
}

/** The link of `folder`: its `.neon`, settings and the account that can reach the project. */
export async function loadLink(s: Services, links: LinkStore, folder: string, read?: NeonContext): Promise<LinkContext | undefined> {
  let ctx: NeonContext | undefined = read;
  try {
    ctx ??= await readNeonFile(folder);
  } catch (e) {
    throw new SwitchError(e instanceof NeonFileError ? e.message : String(e));
  }
  if (!ctx) return undefined;
  const projectId = ctx.projectId;
  if (!projectId) throw new SwitchError(vscode.l10n.t('{0} names no project. Run "Link Folder to Neon Project…" again', path.join(folder, '.neon')));
  const settings = links.settings(folder);
  const accountId = await accountFor(s, links, folder, settings, projectId);
  return { ctx, projectId, settings: links.settings(folder), accountId, client: await s.clients.get(accountId) };
}

/**
 * The linked account, else (a `.neon` written by the neon CLI, or the linked account removed and
 * its key added again as a new account) the first account that can read the project, which the
 * link then keeps.
 */
export async function accountFor(s: Services, links: LinkStore, folder: string, settings: LinkSettings, projectId: string): Promise<string> {
  if (settings.accountId && s.accounts.get(settings.accountId)) return settings.accountId;
  const accounts = s.accounts.list().filter((a) => !a.rejected);
  if (accounts.length === 0) throw new SwitchError(vscode.l10n.t('no Neon account is added in Neon Explorer. Add an API key first'));
  const ordered = [...accounts].sort((a, b) => Number(b.projectId === projectId) - Number(a.projectId === projectId));
  for (const a of ordered) {
    try {
      await (await s.clients.get(a.id)).getProject(projectId);
      await links.setSettings(folder, { ...settings, accountId: a.id });
      return a.id;
    } catch (e) {
      if (!isNeonApiError(e) || ![403, 404].includes(e.status)) throw e;
    }
  }
  throw new SwitchError(vscode.l10n.t('none of your Neon accounts can reach project {0} named in .neon. Add a key that can, or link the folder again', projectId));
}

/** Every branch of the project with its annotation (pages followed). */
export async function listBranchInfos(client: NeonClient, projectId: string, signal?: AbortSignal): Promise<BranchInfo[]> {
  const out: BranchInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listBranchesPage(projectId, { cursor, signal, limit: 1000 });
    for (const b of page.branches) {
      const ann = page.annotations[b.id] as { value?: Record<string, unknown> } | undefined;
      const value = ann?.value ? Object.fromEntries(Object.entries(ann.value).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;
      out.push({
        id: b.id, name: b.name, isDefault: isDefaultBranch(b), isProtected: !!b.protected,
        ...(value ? { annotation: value } : {}), ...(b.parent_id ? { parentId: b.parent_id } : {}), ...(b.expires_at ? { expiresAt: b.expires_at } : {}),
        ...(b.created_at ? { createdAt: b.created_at } : {}),
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Role and database to connect as: the link's, else the neon CLI's rule (the only one, else neondb_owner / the one it owns). */
async function roleAndDatabase(client: NeonClient, projectId: string, branch: BranchInfo, settings: LinkSettings, signal?: AbortSignal, known?: Known) {
  // A new branch's create answer lists its roles and databases: no need to ask again.
  const [roles, databases] = known?.roles.length && known.databases.length
    ? [known.roles, known.databases]
    : await Promise.all([client.listRoles(projectId, branch.id, { signal }), client.listDatabases(projectId, branch.id, { signal })]);
  const usable = roles.filter((r) => !r.protected);
  const role = settings.roleName
    ? usable.find((r) => r.name === settings.roleName)
    : usable.length === 1
      ? usable[0]
      : usable.find((r) => r.name === 'neondb_owner');
  if (!role) {
    throw new SwitchError(
      settings.roleName
        ? vscode.l10n.t('branch {0} has no role {1}. Choose another role by linking the folder again', branch.name, settings.roleName)
        : vscode.l10n.t('branch {0} has several roles and none is neondb_owner. Link the folder again to choose one', branch.name),
    );
  }
  const db = settings.databaseName
    ? databases.find((d) => d.name === settings.databaseName)
    : databases.length === 1
      ? databases[0]
      : databases.find((d) => d.owner_name === role.name);
  if (!db) throw new SwitchError(settings.databaseName ? vscode.l10n.t('branch {0} has no database {1}', branch.name, settings.databaseName) : vscode.l10n.t('branch {0} has several databases. Link the folder again to choose one', branch.name));
  return { roleName: role.name, databaseName: db.name };
}

/**
 * Switches the folder's .env. Throws SwitchError (a sentence, the .env untouched) when the branch
 * cannot be found, created, waited for or connected to.
 */
export async function switchEnv(s: Services, links: LinkStore, req: SwitchRequest): Promise<SwitchResult> {
  try {
    return await switchEnvInner(s, links, req);
  } catch (e) {
    if (e instanceof SwitchError) throw e;
    if ((e as { name?: string }).name === 'CancellationError' || (e as { kind?: string }).kind === 'cancelled') throw e;
    throw asSwitchError(e);
  }
}

/**
 * The branch list each project answered last, and whether each git branch was the default one:
 * a checkout starts the reads for the branch they decide on at once, alongside a fresh listing,
 * and keeps them only if the fresh list decides the same (never a create on a stale list).
 */
const lastBranches = new Map<string, BranchInfo[]>();
const lastIsDefault = new Map<string, boolean>();

/** The project's default branch as the last switch in this session listed it: its name without a request. */
export function listedDefaultBranchName(accountId: string, projectId: string): string | undefined {
  return lastBranches.get(`${accountId}/${projectId}`)?.find((b) => b.isDefault)?.name;
}

/**
 * What following a (non-default) git branch would do: the Neon branch it uses, or the one it
 * creates and from which parent; `listed` is the list read for it now (the switch reuses it).
 */
export type PlannedCheckout = ({ use: string } | { create: string; from: string }) & { listed?: ListedBranches };

/**
 * For the "switch the .env?" question, which says whether the branch exists or is made: the
 * project's branches read now (the list the switch itself reads again), else the list read last
 * when Neon takes longer than `waitMs`. Undefined when neither is at hand or no name is free: the
 * question then names the branch without saying which.
 */
export async function plannedCheckout(s: Services, links: LinkStore, folder: string, neonFile: NeonContext, gitBranch: string, waitMs = 2000): Promise<PlannedCheckout | undefined> {
  const link = await loadLink(s, links, folder, neonFile).catch(() => undefined);
  if (!link) return undefined;
  const key = `${link.accountId}/${link.projectId}`;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), waitMs);
  const fresh = await listBranchInfos(link.client, link.projectId, stop.signal).catch(() => undefined).finally(() => clearTimeout(timer));
  if (fresh) lastBranches.set(key, fresh);
  const branches = fresh ?? lastBranches.get(key);
  if (!branches) return undefined;
  // Only a list read now may stand in for the switch's read (the one read last may be minutes old).
  const listed = fresh ? { listed: { key, branches: fresh, at: Date.now() } } : {};
  const m = decideMapping({ gitBranch, isDefaultGitBranch: false, map: link.ctx.git?.map ?? {}, branches });
  if (m.kind === 'use') return { use: m.branch.name, ...listed };
  if (m.kind === 'error') return undefined;
  const parent = link.settings.parentBranchId ? branches.find((b) => b.id === link.settings.parentBranchId) : branches.find((b) => b.isDefault);
  return parent ? { create: m.name, from: parent.name, ...listed } : undefined;
}

/** A rename or a new default made here, applied to the remembered list (the checkout question names the default from it). */
export function changeListedBranch(projectId: string, branchId: string, change: { name: string } | { isDefault: true }): void {
  for (const [k, list] of lastBranches) {
    if (!k.endsWith(`/${projectId}`)) continue;
    lastBranches.set(k, list.map((b) => ('name' in change ? (b.id === branchId ? { ...b, name: change.name } : b) : { ...b, isDefault: b.id === branchId })));
  }
}

/** What a create answer already says about the new branch. */
type Known = Pick<CreatedBranch, 'endpoints' | 'roles' | 'databases'>;

interface Reads {
  rw: { id: string };
  uris: { pooled: string; unpooled: string };
}

async function switchEnvInner(s: Services, links: LinkStore, req: SwitchRequest): Promise<SwitchResult> {
  const link = await loadLink(s, links, req.folder, req.neonFile);
  if (!link) throw new SwitchError(vscode.l10n.t('{0} is not linked to a Neon project', req.folder));
  const { client, projectId, settings, ctx } = link;
  const signal = req.signal;
  const map = ctx.git?.map ?? {};
  const projectKey = `${link.accountId}/${projectId}`;
  const defaultKey = `${req.folder}\n${req.gitBranch ?? ''}`;
  // The list the question was just asked from (same account and project, read seconds ago) decides
  // as the question said; otherwise the project's branches are read now.
  const reuse = req.listed && req.listed.key === projectKey && Date.now() - req.listed.at <= LISTED_FRESH_MS ? req.listed.branches : undefined;
  const listing = reuse ? Promise.resolve(reuse) : listBranchInfos(client, projectId, signal);

  // Every read below needs only the branch id, so they go out at once (with a new branch's
  // operations); the connection strings too when the link names the role and database (a read:
  // asked while the operations run, asked again after them if it failed then). The .env is
  // written only once the operations have finished. Checks are made on all the answers.
  const readsFor = async (target: BranchInfo, operations: Promise<unknown>, known?: Known): Promise<Reads> => {
    const uriFor = (rd: { roleName: string; databaseName: string }) => {
      const role = { accountId: link.accountId, projectId, projectName: projectId, branchId: target.id, branchName: target.name, isDefault: target.isDefault, isProtected: false, roleName: rd.roleName };
      return fetchUris(client, { role, databaseName: rd.databaseName }, signal);
    };
    const named = settings.roleName && settings.databaseName ? { roleName: settings.roleName, databaseName: settings.databaseName } : undefined;
    const early = named ? settled(uriFor(named)) : undefined;
    const [rd, endpoints] = await Promise.all([
      roleAndDatabase(client, projectId, target, settings, signal, known),
      known?.endpoints.length ? known.endpoints : client.listBranchEndpoints(projectId, target.id, { signal }),
      operations,
    ]);
    const rw = endpoints.find((e) => e.type === 'read_write');
    if (!rw) throw new SwitchError(vscode.l10n.t('branch {0} has no read-write compute, so nothing can connect to it. Add one in the Neon Console, then switch again', target.name));
    const got = early ? await early : undefined;
    const uris = got && 'value' in got ? got.value : await uriFor(rd);
    return { rw, uris };
  };

  const decide = (branches: BranchInfo[], isDefaultGitBranch: boolean) => {
    if (req.branchId) {
      const b = branches.find((x) => x.id === req.branchId);
      return b ? ({ kind: 'use', branch: b } as const) : ({ kind: 'error', message: vscode.l10n.t('branch {0} no longer exists in project {1}', req.branchId, projectId) } as const);
    }
    if (!req.gitBranch) return { kind: 'error', message: vscode.l10n.t('git is not on a branch') } as const;
    return decideMapping({ gitBranch: req.gitBranch, isDefaultGitBranch, map, branches });
  };

  // On the list this project answered last: the branch to use, its reads started now.
  const cached = lastBranches.get(projectKey);
  const guessDefault = req.branchId ? false : lastIsDefault.get(defaultKey);
  const guess = cached && guessDefault !== undefined ? decide(cached, guessDefault) : undefined;
  const early = guess?.kind === 'use' ? { id: guess.branch.id, reads: settled(readsFor(guess.branch, Promise.resolve())) } : undefined;

  const [branches, isDefaultGitBranch] = await Promise.all([listing, req.isDefaultGitBranch]);
  lastBranches.set(projectKey, branches);
  if (req.gitBranch) lastIsDefault.set(defaultKey, !!isDefaultGitBranch);
  const m = decide(branches, !!isDefaultGitBranch);
  if (m.kind === 'error') throw new SwitchError(m.message);

  let target: BranchInfo;
  let created = false;
  let reads: Reads;
  if (m.kind === 'use') {
    target = m.branch;
    // The fresh list decided the same branch: the reads already under way are the right ones.
    const got = early?.id === target.id ? await early.reads : undefined;
    reads = got && 'value' in got ? got.value : await readsFor(target, Promise.resolve());
  } else {
    let operations: Promise<unknown>;
    let known: Known;
    ({ branch: target, operations, known } = await createFor(s, client, projectId, settings, branches, req.gitBranch!, m.name, req.folder, signal, req.lockedWaitMs ?? LOCKED_WAIT_MS));
    created = true;
    // The tree shows the project's branches: the new one is listed there too.
    s.tree.refresh({ accountId: link.accountId, projectId });
    reads = await readsFor(target, operations, known);
  }
  const { rw, uris } = reads;
  // Belt and braces against the silent-default family of bugs: the URI must lead to THIS branch's compute.
  for (const u of [uris.pooled, uris.unpooled]) {
    if (endpointIdOfUri(u) !== rw.id) throw new SwitchError(vscode.l10n.t('Neon answered a connection string for another compute than branch {0}\'s ({1})', target.name, rw.id));
  }

  const envFile = envFileFor(req.folder, settings);
  // Read once for both questions (the write reads it again under its lock); unreadable: nothing to follow or name.
  const current = parseEnv(await fsp.readFile(envFile, 'utf8').catch(() => ''));
  const entries = connectionEntries(uris, { pgVars: pgVarsFollow(current, req.folder) });
  const written = entries[databaseUrlKey(req.folder)];
  const stayed = stayedOn(current, entries, links.pointer(req.folder), target.id);
  let changed: boolean;
  try {
    ({ changed } = await writeEnvFile(envFile, entries, { workspaceRoot: req.folder, branch: { projectId, ...(settings.projectName ? { projectName: settings.projectName } : {}), branchId: target.id, key: databaseUrlKey(req.folder) } }));
  } catch (e) {
    throw new SwitchError(e instanceof Error ? e.message : String(e));
  }

  const pointer: EnvPointer = {
    projectId, branchId: target.id, branchName: target.name, isDefault: target.isDefault, isProtected: target.isProtected, ...(target.parentId ? {} : { isRoot: true }),
    endpointId: rw.id, ...(written ? { urlDigest: urlDigest(written) } : {}), ...(req.gitBranch ? { gitBranch: req.gitBranch } : {}), at: new Date().toISOString(),
    ...(stayed.length ? { stayed } : {}),
  };
  await recordPointer(s, links, req.folder, ctx, pointer);
  const parentName = created ? branches.find((b) => b.id === target.parentId)?.name : undefined;
  return { branch: target, created, envFile, changed, ...(stayed.length ? { stayed } : {}), ...(parentName ? { parentName } : {}) };
}

/**
 * Whether the PG* variables move with DATABASE_URL even with env.includePgVariables off: the file
 * holds them for the compute DATABASE_URL leads to, so they were saved together (walk 39: psql kept
 * reaching the old branch while the app reached the new one).
 */
function pgVarsFollow(env: ReadonlyMap<string, string>, folder: string): boolean {
  const url = endpointIdOfUri(env.get(databaseUrlKey(folder)))?.toLowerCase();
  return url !== undefined && pgComputeId(env, configuredKeyNames()) === url;
}

/**
 * The .env's variables a switch does not write that connect to the branch it pointed at before (or
 * that an earlier switch left behind): another role's URL, e.g. DATABASE_URL_NEONDB_OWNER, which
 * migrations use. Known by their compute, in the .env as it was before the switch.
 */
function stayedOn(env: ReadonlyMap<string, string>, written: Record<string, string>, before: EnvPointer | undefined, targetId: string): StayedBranch[] {
  const earlier = before && !before.deletedAt && before.endpointId ? [{ branchId: before.branchId, branchName: before.branchName, endpointId: before.endpointId }, ...(before.stayed ?? [])] : before?.stayed ?? [];
  const places = earlier.filter((b) => b.branchId !== targetId);
  if (!places.length) return [];
  const out = new Map<string, StayedBranch>();
  for (const [key, value] of env) {
    if (key in written || !connectionPlaceOf(value)) continue;
    const endpoint = endpointIdOfUri(value)?.toLowerCase();
    const on = places.find((b) => b.endpointId.toLowerCase() === endpoint);
    if (!on) continue;
    const group = out.get(on.branchId) ?? { branchId: on.branchId, branchName: on.branchName, endpointId: on.endpointId, keys: [] };
    group.keys.push(key);
    out.set(on.branchId, group);
  }
  return [...out.values()];
}

/**
 * Says a switch of the .env, however it was asked for (a checkout, Follow Git Branch, Switch .env to
 * Another Neon Branch, Link): `done`, a whole sentence, then the variables it left on an earlier
 * branch (another role's URL, the one migrations use, say) with Switch Them Too.
 */
export function saySwitched(s: Services, links: LinkStore, folder: string, envName: string, done: string, result: Pick<SwitchResult, 'branch' | 'changed' | 'stayed'>): void {
  const stayed = result.changed ? stayedSentence(result.stayed) : '';
  const switchToo = vscode.l10n.t('Switch Them Too');
  void s.prompt.message('info', stayed ? `${done} ${stayed}` : done, {}, ...(stayed ? [switchToo] : [])).then((c) => (c === switchToo ? sayStayedSwitched(s, links, folder, envName, result.branch.name) : undefined), () => undefined);
}

/** Switch Them Too: moves the variables left behind and says what moved, or why nothing did. */
async function sayStayedSwitched(s: Services, links: LinkStore, folder: string, envName: string, branchName: string): Promise<void> {
  try {
    const keys = await switchStayed(s, links, folder);
    if (keys.length) void s.prompt.message('info', keys.length === 1 ? vscode.l10n.t('{0} now connects to Neon branch {1} too.', keys[0]!, branchName) : vscode.l10n.t('{0} now connect to Neon branch {1} too.', keys.join(', '), branchName), {});
  } catch (e) {
    const message = e instanceof SwitchError ? e.withRequestId(vscode.l10n.t('Couldn\'t switch the other variables of {0} to Neon branch {1}: {2}; {0} was not changed.', envName, branchName, e.message.replace(/[.]$/, ''))) : String(e);
    s.log.error(`git: ${message}`);
    const showLog = vscode.l10n.t('Show Log');
    void s.prompt.message('error', message, {}, showLog).then((c) => (c === showLog ? s.log.show() : undefined), () => undefined);
  }
}

/** "DATABASE_URL_NEONDB_OWNER still connects to Neon branch main.": what a switch left where it was. */
function stayedSentence(stayed: readonly StayedBranch[] | undefined): string {
  return (stayed ?? [])
    .map((b) => (b.keys.length === 1 ? vscode.l10n.t('{0} still connects to Neon branch {1}.', b.keys[0]!, b.branchName) : vscode.l10n.t('{0} still connect to Neon branch {1}.', b.keys.join(', '), b.branchName)))
    .join(' ');
}

/**
 * Points the variables a switch left behind (`stayed`) at the branch the .env now points at: each
 * the same role and database there, pooled where it was pooled. Throws SwitchError (the .env
 * untouched) when that branch has no such role or database or the answer leads elsewhere.
 */
export async function switchStayed(s: Services, links: LinkStore, folder: string): Promise<string[]> {
  try {
    const pointer = links.pointer(folder);
    if (!pointer?.stayed?.length) return [];
    const link = await loadLink(s, links, folder);
    if (!link) throw new SwitchError(vscode.l10n.t('{0} is not linked to a Neon project', folder));
    const envFile = envFileFor(folder, link.settings);
    const env = parseEnv(await fsp.readFile(envFile, 'utf8'));
    const keys = pointer.stayed.flatMap((b) => b.keys).filter((k) => connectionPlaceOf(env.get(k)));
    const updates = Object.fromEntries(
      await Promise.all(
        keys.map(async (key) => {
          const value = env.get(key)!;
          const place = connectionPlaceOf(value)!;
          const uri = await link.client.getConnectionUri({ projectId: link.projectId, branchId: pointer.branchId, databaseName: place.database, roleName: place.user, pooled: isPooledUri(value) });
          registerSecret(uri);
          if (pointer.endpointId && endpointIdOfUri(uri) !== pointer.endpointId) throw new SwitchError(vscode.l10n.t('Neon answered a connection string for another compute than branch {0}\'s ({1})', pointer.branchName, pointer.endpointId));
          return [key, uri] as const;
        }),
      ),
    );
    await writeEnvFile(envFile, updates, { workspaceRoot: folder });
    const { stayed: _left, ...rest } = pointer;
    await links.setPointer(folder, rest);
    return keys;
  } catch (e) {
    if (e instanceof SwitchError) throw e;
    throw asSwitchError(e);
  }
}

/**
 * Records what the .env of a linked folder now points at (after a switch, or a connection saved
 * into it): the pointer the status bar and its menu read, and `.neon` as `neon checkout` writes it.
 */
export async function recordPointer(s: Services, links: LinkStore, folder: string, ctx: NeonContext, pointer: EnvPointer): Promise<void> {
  // Independent bookkeeping (workspace state, .neon): at once; a failure is cleared only if one is recorded.
  await Promise.all([
    links.setPointer(folder, pointer),
    links.failure(folder) ? links.setFailure(folder, undefined) : undefined,
    recordInNeonFile(s, folder, ctx, pointer),
  ]);
}

/** A promise that never rejects (its failure is looked at later, after the checks that explain it better). */
function settled<T>(p: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

async function createFor(
  s: Services,
  client: NeonClient,
  projectId: string,
  settings: LinkSettings,
  branches: readonly BranchInfo[],
  gitBranch: string,
  name: string,
  folder: string,
  signal: AbortSignal | undefined,
  lockedWaitMs: number,
): Promise<{ branch: BranchInfo; operations: Promise<unknown>; known: Known }> {
  const parent = settings.parentBranchId ? branches.find((b) => b.id === settings.parentBranchId) : branches.find((b) => b.isDefault);
  if (!parent) throw new SwitchError(settings.parentBranchId ? vscode.l10n.t('the parent branch chosen for new branches ({0}) no longer exists. Link the folder again to choose one', settings.parentBranchName ?? settings.parentBranchId) : vscode.l10n.t('the project has no default branch to create new branches from'));
  const days = vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(folder)).get<number>('git.branchExpiryDays', 7);
  const expiresAt = expiryFor(days);
  s.log.info(`git: creating Neon branch ${name} from ${parent.name} for git branch ${gitBranch}${expiresAt ? `, expires ${expiresAt}` : ''}`);
  let res;
  // When the create was sent (read only for a branch Neon named; this one has a name).
  const sentAt = Date.now();
  try {
    res = await retryWhileLocked(
      // A branch Neon made although its answer was lost is found by its name (a failed switch would
      // leave it unused until the next checkout).
      () =>
        createOrFind(
          () =>
            client.createBranch(
              projectId,
              {
                name,
                parentId: parent.id,
                endpoints: [{ type: 'read_write' }],
                ...(expiresAt ? { expiresAt } : {}),
                annotationValue: { [ANNOTATION_GIT_BRANCH]: gitBranch, [ANNOTATION_GIT_REPO]: path.basename(folder) },
              },
              { signal },
            ),
          () => findMadeBranch(client, projectId, { name, parentId: parent.id, sentAt }, new Set(branches.map((b) => b.id)), signal),
          (made, lost) => s.log.warn(`git: the answer to creating Neon branch ${name} was lost (${lost.message}); Neon made it: ${made.branch.id}`),
        ),
      { signal, lockedForMs: lockedWaitMs },
    );
  } catch (e) {
    if (isNeonApiError(e) && e.status === 409) {
      throw new SwitchError(vscode.l10n.t('a Neon branch named {0} was created elsewhere at the same moment (409). Switch again to use it, or map the git branch in .neon', name), e.requestId);
    }
    if (isNeonApiError(e) && e.status === 423) {
      throw new SwitchError(vscode.l10n.t('project {0} stayed busy with other running operations (423 Locked) for over {1} s, so branch {2} was not created. Retry once they have finished', projectId, Math.round(lockedWaitMs / 1000), name), e.requestId);
    }
    // An answer that never came is no refusal: Neon may have made it (the sentence after says so).
    throw asSwitchError(e, isNeonApiError(e) && isLostAnswer(e) ? vscode.l10n.t('creating branch {0} from {1}: ', name, parent.name) : vscode.l10n.t('Neon refused to create branch {0} from {1}: ', name, parent.name));
  }
  // A create may carry passwords; nothing of them may ever reach a log.
  for (const r of res.roles) registerSecret(r.password ?? undefined);
  for (const c of res.connection_uris ?? []) {
    registerSecret(c.connection_uri);
    registerSecret(c.connection_parameters?.password);
  }
  const pending = res.operations.filter((o) => o.status !== 'finished' && o.status !== 'skipped');
  // Awaited by the caller, together with the reads that do not need the branch to be ready.
  const operations = pending.length ? waitForOperationsLocked(client, projectId, pending, signal) : Promise.resolve();
  operations.catch(() => undefined);
  const expires = res.branch.expires_at ?? expiresAt;
  return {
    branch: { id: res.branch.id, name: res.branch.name, isDefault: false, isProtected: !!res.branch.protected, annotation: { [ANNOTATION_GIT_BRANCH]: gitBranch }, parentId: res.branch.parent_id ?? parent.id, ...(expires ? { expiresAt: expires } : {}) },
    operations,
    known: { endpoints: res.endpoints, roles: res.roles, databases: res.databases },
  };
}

/** Records git branch → Neon name in `.neon`'s `git.map` (neon-cli's format) and pins `branch`, as `neon checkout` does. */
async function recordInNeonFile(s: Services, folder: string, ctx: NeonContext, { gitBranch, branchName, isDefault }: EnvPointer): Promise<void> {
  const next: NeonContext = { ...ctx, branch: branchName };
  if (gitBranch && !isDefault) next.git = { ...ctx.git, map: { ...ctx.git?.map, [gitBranch]: branchName } };
  if (JSON.stringify(next) === JSON.stringify(ctx)) return;
  try {
    // Re-read so a change made meanwhile (the CLI, the person) is not lost.
    const now = (await readNeonFile(folder)) ?? ctx;
    const merged: NeonContext = { ...now, branch: branchName };
    if (gitBranch && !isDefault) merged.git = { ...now.git, map: { ...now.git?.map, [gitBranch]: branchName } };
    await writeNeonFile(folder, merged);
  } catch (e) {
    s.log.warn(`git: .env switched, but ${path.join(folder, '.neon')} could not be updated: ${e instanceof Error ? e.message : String(e)}`);
  }
}
