// The palette's way to the thing a command acts on: account → org → project → branch → role,
// each a quick pick producing the same refs the tree nodes implement (src/tree/refs.ts). A command
// handler calls `resolveX(s, arg)`: when it was run from a tree node the node is already the ref and
// nothing is asked; from the palette (arg undefined) or from a less specific node (an org when a
// project is wanted) only the missing steps are asked.
//
// Every picker throws `PickCancelled` when the person dismisses a pick; the command seam treats it
// as a cancellation (no error message).
import * as vscode from 'vscode';
import type { Account, Services, WorkspaceLink } from '../services';
import { CommandIds } from './ids';
import type { Branch, NeonClient, Organization, Project } from '../api';
import { isNeonApiError } from '../api';
import { addedIfNameClash } from '../accounts/identify';
import { errorSentence } from './failure';
import { notAdmin } from './membership';
import * as path from 'path';
import type { PickItem } from '../ui/prompt';
import { defaultFirst, isDefaultBranch } from '../util/defaultBranch';
import { connectableBranchIds } from '../util/compute';
import { planName } from '../util/plans';
import { shownProjects } from '../tree/projectFilter';
import {
  branchPlaceOf,
  branchRefOf,
  cannotLogIn,
  isAccountRef,
  isBranchRef,
  isOrgRef,
  isProjectRef,
  isRoleRef,
  type AccountRef,
  type BranchPlace,
  type BranchRef,
  type OrgRef,
  type OrgRole,
  type ProjectRef,
  type RoleRef,
} from '../tree/refs';
import * as l10n from '@vscode/l10n';

/** Thrown when the person dismisses a quick pick or input box; the seam shows nothing for it. */
export class PickCancelled extends Error {
  override readonly name = 'CancellationError';
  constructor(what = 'pick') {
    super(l10n.t('Cancelled: {0}', what));
  }
}

/** Returns the value or throws PickCancelled when it is undefined (a dismissed prompt). */
export function required<T>(value: T | undefined, what = 'input'): T {
  if (value === undefined) throw new PickCancelled(what);
  return value;
}

// ---------------------------------------------------------------- accounts

export function accountLabel(a: Account): string {
  return a.label || a.email || a.id;
}

/** Quick pick of the accounts; with a single account it is chosen without asking. */
export async function pickAccount(s: Services, opts: { title?: string; filter?: (a: Account) => boolean; noneLeft?: string } = {}): Promise<AccountRef & { account: Account }> {
  await s.accounts.ready;
  const accounts = s.accounts.list().filter(opts.filter ?? (() => true));
  if (accounts.length === 0) {
    if (s.accounts.list().length === 0) {
      // Nothing failed: the first step is missing (walk 29 saw a red error with only Show Log). Said with the way on.
      const add = l10n.t('Add Neon API Key…');
      void s.prompt.message('info', l10n.t('No Neon account is added yet. Add a Neon API key first.'), {}, add).then(
        (choice) => (choice === add ? vscode.commands.executeCommand(CommandIds.addAccount) : undefined),
        () => undefined,
      );
      throw new PickCancelled('account');
    }
    throw new Error(opts.noneLeft ?? l10n.t('None of your Neon accounts can do this'));
  }
  if (accounts.length === 1) return { accountId: accounts[0]!.id, account: accounts[0]! };
  const items: PickItem<Account>[] = accounts.map((a) => ({
    label: accountLabel(a),
    description: [a.kind === 'personal' ? l10n.t('personal key') : a.kind === 'organization' ? l10n.t('organization key') : l10n.t('project key'), addedIfNameClash(s.accounts.get(a.id) ?? a, accounts)].filter(Boolean).join(' · '),
    detail: a.rejected ? l10n.t('$(warning) key rejected: update it') : undefined,
    value: a,
  }));
  const picked = required(await s.prompt.pick(items, { title: opts.title ?? l10n.t('Neon account'), placeHolder: l10n.t('Choose an account') }), 'account');
  return { accountId: picked.value.id, account: picked.value };
}

export async function resolveAccount(s: Services, arg: unknown, title?: string): Promise<AccountRef & { account: Account }> {
  if (isAccountRef(arg)) {
    const account = s.accounts.get(arg.accountId);
    if (!account) throw new Error(l10n.t('That account was removed. Refresh the Neon view'));
    return { ...arg, account };
  }
  return pickAccount(s, { title });
}

// ---------------------------------------------------------------- organizations

/**
 * The organizations an account can see. Personal keys list theirs; an org key sees its own org
 * (`GET /users/me/organizations` answers with it, or 403 on older APIs: then the key's org id is
 * read directly); a project-scoped key sees the org that owns its project, if any.
 */
export async function listAccountOrgs(s: Services, account: Account, signal?: AbortSignal): Promise<Organization[]> {
  const client = await s.clients.get(account.id);
  if (account.kind === 'personal') return client.listMyOrganizations({ signal });
  try {
    const orgs = await client.listMyOrganizations({ signal });
    if (orgs.length > 0) return orgs;
  } catch (e) {
    if (!(isNeonApiError(e) && (e.status === 403 || e.status === 404))) throw e;
  }
  if (account.orgId) return [await client.getOrganization(account.orgId, { signal })];
  return [];
}

/** An organization is told by its plan, as the Console's switcher does; by its id too only when another has its name. */
function orgDescription(o: Organization, all: readonly Organization[]): string | undefined {
  const plan = o.plan ? String(planName(o.plan)) : undefined;
  const clash = all.some((x) => x !== o && x.name === o.name);
  return [plan, clash ? o.id : undefined].filter(Boolean).join(' · ') || undefined;
}

/**
 * `adminOnly`: what only an admin may do (e.g. "see and revoke its API keys"). Organizations where
 * the tree knows you are only a member are listed last, marked "member: needs an admin", and
 * picking one refuses at once saying why (walk 36: Revoke API Key offered them, then failed a step later).
 */
export async function pickOrg(
  s: Services,
  opts: { title?: string; account?: AccountRef; exclude?: (o: Organization) => boolean; offer?: (orgs: Organization[]) => Organization[]; placeHolder?: string; personalOnly?: boolean; adminOnly?: string } = {},
): Promise<OrgRef> {
  const acc = opts.account ? await resolveAccount(s, opts.account) : await pickAccount(s, { title: opts.title, ...(opts.personalOnly ? { filter: isPersonal, noneLeft: PERSONAL_ONLY } : {}) });
  // Only a person has a role; an organization key acts for its organization.
  const roleOf = (o: Organization): OrgRole | undefined => (acc.account.kind === 'personal' ? s.tree.knownRole?.({ accountId: acc.accountId, orgId: o.id }) : undefined);
  const items = listAccountOrgs(s, acc.account).then((all) => {
    // `offer` picks from the whole list (it may throw to say why none is offered).
    const orgs = opts.offer ? opts.offer(all) : all;
    const shown = orgs.filter((o) => !(opts.exclude?.(o) ?? false));
    if (shown.length === 0) throw new Error(orgs.length === 0 ? l10n.t('This account belongs to no organization') : l10n.t('There is no other organization to choose'));
    const needsAdmin = (o: Organization) => opts.adminOnly !== undefined && roleOf(o) === 'member';
    const ordered = [...shown.filter((o) => !needsAdmin(o)), ...shown.filter(needsAdmin)];
    return ordered.map<PickItem<Organization>>((o) => ({
      label: o.name,
      description: [orgDescription(o, shown), needsAdmin(o) ? l10n.t('member: needs an admin') : undefined].filter(Boolean).join(' · ') || undefined,
      value: o,
    }));
  });
  const picked = required(await s.prompt.pick(items, { title: opts.title ?? l10n.t('Organization'), placeHolder: opts.placeHolder ?? l10n.t('Choose an organization'), matchOnDescription: true }), 'organization');
  const role = roleOf(picked.value);
  if (opts.adminOnly !== undefined && role === 'member') throw notAdmin(picked.value.name, opts.adminOnly);
  return { accountId: acc.accountId, orgId: picked.value.id, orgName: picked.value.name, ...(role ? { myRole: role } : {}) };
}

/**
 * `personalOnly`: what organization and project keys cannot do (create invitations or API keys): their accounts are not offered.
 * `adminOnly`: what only an admin may do (see pickOrg).
 */
export async function resolveOrg(s: Services, arg: unknown, title?: string, opts: { personalOnly?: boolean; adminOnly?: string } = {}): Promise<OrgRef> {
  if (isOrgRef(arg)) return arg;
  return pickOrg(s, { title, account: isAccountRef(arg) ? arg : undefined, ...opts });
}

const isPersonal = (a: Account) => a.kind === 'personal';
const PERSONAL_ONLY = l10n.t('Organization and project API keys cannot create invitations or organization API keys, and all your accounts use one. Add a personal API key of an organization admin with "Neon: Add Neon API Key…"');

// ---------------------------------------------------------------- projects

/** Loads every project of an org (or the personal space when orgId is undefined), by name. */
export async function listOrgProjects(client: NeonClient, orgId: string | undefined, signal?: AbortSignal): Promise<Project[]> {
  // In the tree's order (by name), so a project is found in a pick where the tree shows it.
  return [...shownProjects(await client.listProjects({ orgId, signal }))];
}

function projectItems(projects: Project[]): PickItem<Project>[] {
  return projects.map((p) => ({ label: p.name, description: p.id, detail: `${p.region_id}${p.pg_version ? ` · Postgres ${p.pg_version}` : ''}`, value: p }));
}

export function projectRef(accountId: string, p: Project, orgId?: string): ProjectRef {
  const owner = orgId ?? p.org_id ?? undefined;
  return owner ? { accountId, orgId: owner, projectId: p.id, projectName: p.name } : { accountId, projectId: p.id, projectName: p.name };
}

/** `shared: false`: a command a guest cannot run (rename, share, transfer, delete): "Shared with me" is not offered. */
export async function pickProject(s: Services, opts: { title?: string; from?: AccountRef | OrgRef; linked?: boolean; link?: LinkRead; shared?: boolean } = {}): Promise<ProjectRef> {
  const from = opts.from;
  if (!from && opts.linked !== false) {
    const linked = await linkedWorkspace(s, opts.link);
    if (linked) {
      const project = await pickInLinkedOrg(s, linked, opts.title);
      if (project) return project;
    }
  }
  // The account and organization only locate the project: their questions are not the command's steps.
  const acc = await resolveAccount(s, from, locationTitle(opts.title));
  const client = await s.clients.get(acc.accountId);
  if (acc.account.kind === 'project' && acc.account.projectId) {
    const p = await client.getProject(acc.account.projectId);
    return projectRef(acc.accountId, p, acc.account.orgId);
  }
  const owner: ProjectOwner = isOrgRef(from) ? { orgId: from.orgId, name: from.orgName } : await pickProjectOwner(s, acc, locationTitle(opts.title), { shared: opts.shared !== false });
  const items = (owner.shared ? listSharedProjects(client) : listOrgProjects(client, owner.orgId)).then((ps) => {
    if (ps.length === 0) throw new Error(l10n.t('{0} has no projects', owner.name));
    return projectItems(ps);
  });
  const picked = required(await s.prompt.pick(items, { title: opts.title ?? l10n.t('Project in {0}', owner.name), placeHolder: l10n.t('Choose a project'), matchOnDescription: true }), 'project');
  // A shared project's organization is its owner's, not one of yours (the tree's row has none either).
  return owner.shared ? { accountId: acc.accountId, projectId: picked.value.id, projectName: picked.value.name } : projectRef(acc.accountId, picked.value, owner.orgId);
}

/** Every project shared with the account ("Shared with me"), page by page, by name as the tree shows them. */
async function listSharedProjects(client: NeonClient): Promise<Project[]> {
  const all: Project[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listSharedProjectsPage({ cursor });
    all.push(...page.projects);
    cursor = page.nextCursor;
  } while (cursor);
  return [...shownProjects(all)];
}

/** The workspace's link (src/git/workspaceLink.ts), read once per command and handed on to each picker that needs it. */
export type LinkRead = Promise<WorkspaceLink | undefined>;

export const readLink = (s: Services): LinkRead => s.workspaceLink?.().catch(() => undefined) ?? Promise.resolve(undefined);

/** The workspace's link, when its account is one of ours (a removed account's link leads nowhere). */
async function linkedWorkspace(s: Services, read?: LinkRead): Promise<{ link: WorkspaceLink; account: Account } | undefined> {
  const link = await (read ?? readLink(s));
  if (!link) return undefined;
  await s.accounts.ready;
  const account = s.accounts.get(link.accountId);
  return account ? { link, account } : undefined;
}

/**
 * From the palette in a linked workspace: the projects of the linked project's organization, that
 * project first; the last item leads to every account and organization (undefined).
 */
async function pickInLinkedOrg(s: Services, { link, account }: { link: WorkspaceLink; account: Account }, title?: string): Promise<ProjectRef | undefined> {
  const client = await s.clients.get(account.id);
  const orgId = link.orgId ? Promise.resolve(link.orgId) : client.getProject(link.projectId).then((p) => p.org_id ?? undefined);
  const items = orgId.then(async (org) => {
    const ps = account.kind === 'project' ? [await client.getProject(link.projectId)] : await listOrgProjects(client, org);
    const linkedFirst = [...ps.filter((p) => p.id === link.projectId), ...ps.filter((p) => p.id !== link.projectId)];
    return [
      ...projectItems(linkedFirst).map((i) => (i.value.id === link.projectId ? { ...i, description: l10n.t('linked to {0}', path.basename(link.folder)) } : i)),
      { icon: 'arrow-swap', label: l10n.t('Another Organization or Account…'), alwaysShow: true, value: undefined },
    ] as PickItem<Project | undefined>[];
  }).catch((e: unknown) => [wayOut<Project>(l10n.t('Another Organization or Account…'), l10n.t('The linked project\'s organization could not be listed: {0}', errorSentence(e)))]);
  const picked = required(await s.prompt.pick(items, { title: title ?? l10n.t('Project'), placeHolder: l10n.t('Choose a project'), matchOnDescription: true }), 'project');
  if (!picked.value) return undefined;
  return projectRef(account.id, picked.value, (await orgId) ?? undefined);
}

/** The last item of a linked pick, leading further out; `why` when it is the only way. */
function wayOut<T>(label: string, why?: string): PickItem<T | undefined> {
  return { icon: 'arrow-swap', label, alwaysShow: true, ...(why ? { detail: why } : {}), value: undefined };
}

export const PERSONAL_PROJECTS = l10n.t('Personal projects');
export const SHARED_PROJECTS = l10n.t('Shared with me');

/** Where a project is: an organization (orgId), the personal space (neither), or "Shared with me" (`shared`). */
export interface ProjectOwner {
  orgId?: string;
  name: string;
  shared?: boolean;
}

/**
 * Where a project lives: one of the account's organizations, or — for accounts created before
 * organizations that still have a personal space — "Personal projects" (orgId undefined), or, as
 * the tree lists them, "Shared with me" (walk 36: a guest's project could not be picked from the
 * palette). Each of the last two only when the account has such projects. `shared: false` for
 * what a guest cannot do.
 */
export async function pickProjectOwner(s: Services, acc: AccountRef & { account: Account }, title?: string, opts: { shared?: boolean } = {}): Promise<ProjectOwner> {
  const client = await s.clients.get(acc.accountId);
  const personalKey = acc.account.kind === 'personal';
  const hasPersonal = personalKey
    ? client.listProjectsPage({ limit: 1 }).then(
        (p) => p.projects.length > 0,
        () => false, // 400 "org_id is required": no personal space
      )
    : Promise.resolve(false);
  // Only people are guests: organization and project keys have no "Shared with me" (the tree shows none).
  const hasShared = personalKey && opts.shared !== false
    ? client.listSharedProjectsPage({ limit: 1 }).then(
        (p) => p.projects.length > 0,
        () => false, // an unread list leaves the organizations to choose from
      )
    : Promise.resolve(false);
  const items = Promise.all([listAccountOrgs(s, acc.account), hasPersonal, hasShared]).then(([orgs, personal, shared]) => {
    const list: PickItem<ProjectOwner>[] = orgs.map((o) => ({ label: o.name, description: orgDescription(o, orgs), value: { orgId: o.id, name: o.name } }));
    if (personal) list.push({ label: PERSONAL_PROJECTS, description: l10n.t('outside any organization'), value: { name: PERSONAL_PROJECTS } });
    if (shared) list.push({ label: SHARED_PROJECTS, description: l10n.t('projects other people shared with you'), value: { name: SHARED_PROJECTS, shared: true } });
    if (list.length === 0) throw new Error(l10n.t('This account has no organization and no personal projects'));
    return list;
  });
  return required(await s.prompt.pick(items, { title: title ?? l10n.t('Organization'), placeHolder: l10n.t('Choose where the project is'), matchOnDescription: true }), 'organization').value;
}

/** `linked: false` when the command is about another project than the linked one (linking a folder); `link`: the link already being read. */
export async function resolveProject(s: Services, arg: unknown, title?: string, opts: { linked?: boolean; link?: LinkRead; shared?: boolean } = {}): Promise<ProjectRef> {
  if (isProjectRef(arg)) return arg;
  return pickProject(s, { title, from: isOrgRef(arg) || isAccountRef(arg) ? arg : undefined, ...opts });
}

// ---------------------------------------------------------------- branches and roles

/** `offer`: only the branches the command can act on (the tree's menus hide it on the others); `noneLeft` when there is none. */
export interface BranchChoice {
  offer?: (b: Branch, all: readonly Branch[]) => boolean;
  noneLeft?: string;
  /** Only branches with a read-write compute (to connect to); the project's computes are read alongside. */
  connectable?: boolean;
  /** What the branch is for, and which ones `offer` leaves out (the pick says why they are missing). */
  placeHolder?: string;
}

/** The project's branches as the picker read them, by the branch picked there (seconds old). */
const listedWith = new WeakMap<BranchPlace, readonly Branch[]>();

/**
 * The project's branches: from the branch picker that gave `ref` (a command run from the palette
 * needs no second read for the parent, the children or the names), else read now (from a node,
 * the tree's list may be minutes old).
 */
export async function branchesAround(s: Services, ref: BranchPlace): Promise<readonly Branch[]> {
  return listedWith.get(ref) ?? (await s.clients.get(ref.accountId)).listBranches(ref.projectId);
}

export async function pickBranch(s: Services, project: ProjectRef, title?: string, choice: BranchChoice = {}, link?: LinkRead): Promise<BranchRef> {
  return required(await pickBranchOr(s, project, title, choice, false, link), 'branch');
}

/**
 * The branch pick; with `another`, a last item that leads to another project (undefined). A branch
 * of the linked project that the workspace's .env points at comes first, and says so.
 */
async function pickBranchOr(s: Services, project: ProjectRef, title?: string, choice: BranchChoice = {}, another = false, read?: LinkRead): Promise<BranchRef | undefined> {
  const client = await s.clients.get(project.accountId);
  // If the computes cannot be read, every branch is offered (the command then says what is missing).
  const computes = choice.connectable ? client.listProjectEndpoints(project.projectId).catch(() => undefined) : Promise.resolve(undefined);
  let listed: readonly Branch[] = [];
  const items = Promise.all([client.listBranches(project.projectId), computes, read ?? readLink(s)]).then(([bs, eps, ws]) => {
    listed = bs;
    const connectable = eps && connectableBranchIds(eps);
    const reachable = connectable ? bs.filter((b) => connectable.has(b.id)) : bs;
    if (connectable && bs.length > 0 && reachable.length === 0) throw new Error(l10n.t('No branch of {0} has a compute to connect to. Add one in the Neon Console first', project.projectName));
    const offered = choice.offer ? reachable.filter((b) => choice.offer!(b, bs)) : reachable;
    if (offered.length === 0 && choice.noneLeft && !another) throw new Error(choice.noneLeft);
    const inEnv = ws?.projectId === project.projectId ? ws.envBranchId : undefined;
    const ordered = defaultFirst(offered);
    const list: PickItem<Branch | undefined>[] = [...ordered.filter((b) => b.id === inEnv), ...ordered.filter((b) => b.id !== inEnv)].map((b) => ({
      label: b.name,
      description: [
        b.id === inEnv ? l10n.t('in {0}', ws!.envName) : '',
        b.id,
        isDefaultBranch(b) ? l10n.t('default') : '',
        b.protected ? l10n.t('protected') : '',
        b.expires_at ? l10n.t('expires {0}', b.expires_at.slice(0, 10)) : '',
      ].filter(Boolean).join(' · '),
      value: b,
    }));
    // When no branch here can do it, the way out says why (the list is otherwise empty).
    if (another) list.push(wayOut<Branch>(l10n.t('Another Project…'), list.length === 0 ? choice.noneLeft : undefined));
    return list;
  }).catch((e: unknown) => {
    // The linked project may be gone (deleted, transferred): the way out stays, saying why.
    if (!another) throw e;
    return [wayOut<Branch>(l10n.t('Another Project…'), l10n.t('The linked project {0} could not be read: {1}', project.projectName, errorSentence(e)))];
  });
  // The project is named: from the palette it was picked a step before, or chosen for the person (the linked one).
  const picked = await s.prompt.pick(items, { title: title ? l10n.t('{0}: branch of {1}', title, project.projectName) : l10n.t('Branch of {0}', project.projectName), placeHolder: choice.placeHolder ?? l10n.t('Choose a branch'), matchOnDescription: true });
  if (!picked) throw new PickCancelled('branch');
  if (!picked.value) return undefined;
  const ref = branchRefOf(project, picked.value);
  listedWith.set(ref, listed);
  return ref;
}

/**
 * From a node, its branch; from the palette in a linked workspace, the linked project's branches
 * (the .env's first) with a way out to another project; else account → org → project → branch.
 */
export async function resolveBranch(s: Services, arg: unknown, title?: string, choice?: BranchChoice, read?: LinkRead): Promise<BranchRef> {
  if (isBranchRef(arg)) return arg;
  const links = read ?? readLink(s);
  if (arg === undefined) {
    const linked = await linkedWorkspace(s, links);
    if (linked) {
      const { link, account } = linked;
      const project: ProjectRef = { accountId: account.id, ...(link.orgId ? { orgId: link.orgId } : {}), projectId: link.projectId, projectName: link.projectName };
      const branch = await pickBranchOr(s, project, title, choice, true, links);
      if (branch) return branch;
      return pickBranch(s, await pickProject(s, { title: locationTitle(title), link: links }), title, choice, links);
    }
  }
  // The account, organization and project only locate the branch: a step count starts at the branch.
  const project = await resolveProject(s, arg, locationTitle(title), { link: links });
  return pickBranch(s, project, title, choice, links);
}

export async function pickRole(s: Services, branch: BranchRef, title?: string, opts: { includeProtected?: boolean } = {}): Promise<RoleRef> {
  const client = await s.clients.get(branch.accountId);
  const items = client.listRoles(branch.projectId, branch.branchId).then((rs) => {
    const shown = rs.filter((r) => opts.includeProtected !== false || !r.protected);
    if (shown.length === 0) throw new Error(l10n.t('Branch {0} has no roles', branch.branchName));
    return shown.map((r) => ({ label: r.name, description: r.protected ? l10n.t('protected') : cannotLogIn(r) ? l10n.t('cannot log in') : undefined, value: r }));
  });
  const picked = required(await s.prompt.pick(items, { title: title ?? l10n.t('Role on {0}', branch.branchName), placeHolder: l10n.t('Choose a role') }), 'role');
  return { ...branchPlaceOf(branch), roleName: picked.value.name, isProtected: !!picked.value.protected, ...(cannotLogIn(picked.value) ? { noLogin: true } : {}) };
}

export async function resolveRole(s: Services, arg: unknown, title?: string, opts: { includeProtected?: boolean } = {}): Promise<RoleRef> {
  if (isRoleRef(arg)) return arg;
  const branch = await resolveBranch(s, arg, title);
  return pickRole(s, branch, title, opts);
}

// ---------------------------------------------------------------- small helpers

/** "Create Branch (2/4)": the title of step `n` of a multi-step command. */
export function stepTitle(title: string, n: number, total: number): string {
  return `${title} (${n}/${total})`;
}

/**
 * The title of a question asked before a command's first counted step (the account, organization
 * or project that holds the branch): without the count, which would otherwise repeat "(1/3)" on
 * each of them (walk 37).
 */
export function locationTitle(title: string | undefined): string | undefined {
  return title?.replace(/ \(\d+\/\d+\)$/, '');
}
