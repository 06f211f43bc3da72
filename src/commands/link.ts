// Link a folder to a Neon project (the neon CLI's `.neon` file), unlink it, and the status bar's
// menu: switch the .env to another Neon branch, follow the git branch now, copy the URL, test the
// connection and open psql (as the .env connects), open the
// branch in the Console, unlink. What `.neon` has no place for (account, role, database, parent of
// new branches) goes to the workspace state (src/git/links.ts).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Branch } from '../api';
import { addToGitignore } from '../env/gitignore';
import { gitFeature } from '../git/feature';
import { decideMapping, isDefaultGitBranch } from '../git/mapping';
import { envDatabaseUrl, envDisplayName, envFileFor, envHolds, pointerServes, type EnvPointer } from '../git/links';
import { NEON_FILE, readNeonFile, writeNeonFile, type NeonContext } from '../git/neonFile';
import { accountFor, loadLink, saySwitched, switchEnv, SwitchError } from '../git/switchEnv';
import type { Services } from '../services';
import { linkedFolders } from '../statusBar/neonStatus';
import { branchRefOf, isBranchRef, isProjectRef, type BranchRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { resolveKeyNames } from '../env/connection';
import { configuredKeyNames, resolveConnectionTarget } from './connection';
import { confirmGitIgnores } from './envTarget';
import { readEnvBeforeLink, reviewEnvBeforeLink } from './linkEnvReview';
import { consoleUrl } from './consoleUrl';
import { verifyEnvConnection } from './envVerify';
import { consoleBase, openUrl } from './orgs';
import { pickBranch, required, resolveProject, stepTitle } from './pickers';
import { CommandIds } from './ids';
import { ActionableError, Refusal } from './failure';
import type { CommandSpec } from './registry';
import { requireTrust } from './trust';
import { isDefaultBranch } from '../util/defaultBranch';
import { registerSecret } from '../util/redact';

/** A folder argument: a path string, a Uri, a workspace folder, or asked for. */
export async function chooseFolder(s: Services, arg: unknown, opts: { linkedOnly: boolean; title: string }): Promise<string> {
  if (typeof arg === 'string') return path.resolve(arg);
  if (arg instanceof vscode.Uri) return path.resolve(arg.fsPath);
  if (arg && typeof arg === 'object' && 'uri' in arg && (arg as vscode.WorkspaceFolder).uri instanceof vscode.Uri) return path.resolve((arg as vscode.WorkspaceFolder).uri.fsPath);
  const folders = opts.linkedOnly
    ? await linkedFolders(gitFeature().autopilot)
    : (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.resolve(f.uri.fsPath));
  if (folders.length === 0) {
    throw opts.linkedOnly
      ? // Nothing to do yet, not a failure: a warning with the way on.
        new Refusal(vscode.l10n.t('No folder is linked to a Neon project. Link one first: its .env then follows the git branch.'), [
          { label: vscode.l10n.t('Link Folder to Neon Project…'), run: () => vscode.commands.executeCommand(CommandIds.linkFolder) },
        ])
      : new ActionableError(vscode.l10n.t('Open a folder first: the link is kept in a .neon file at its root.'), [
          { label: vscode.l10n.t('Open Folder…'), run: () => vscode.commands.executeCommand('workbench.action.files.openFolder') },
        ]);
  }
  if (folders.length === 1) return folders[0]!;
  const items: PickItem<string>[] = folders.map((f) => ({ label: path.basename(f), description: f, value: f }));
  return required(await s.prompt.pick(items, { title: opts.title, placeHolder: vscode.l10n.t('Choose the folder') }), 'folder').value;
}

export async function linkFolder(s: Services, arg?: unknown, folderArg?: unknown): Promise<{ folder: string; projectId: string; created: boolean } | undefined> {
  const title = vscode.l10n.t('Link Folder to Neon Project');
  // .neon and .gitignore are written into the folder: Restricted Mode asks for trust first.
  if ((await requireTrust(s, vscode.l10n.t('linking this folder to a Neon project'))) !== true) return undefined;
  // A step count, as the other multi-step commands show it ("Link Folder to Neon Project (1/3)"):
  // the project, the folder, then the role and database, each counted only when it can be asked.
  const asksProject = !isProjectRef(arg);
  const asksFolder = folderArg === undefined && (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').length > 1;
  const total = 1 + Number(asksProject) + Number(asksFolder);
  const step = (n: number, named = title) => (total > 1 ? stepTitle(named, n, total) : named);
  const project = await resolveProject(s, arg, step(1), { linked: false });
  // Once the project is known, every step names it (walk 38: "Link Folder to Neon Project: role"
  // never said which project the role was of).
  const titled = vscode.l10n.t('Link Folder to {0}', project.projectName);
  const folder = await chooseFolder(s, folderArg, { linkedOnly: false, title: step(asksProject ? 2 : 1, titled) });
  const existing = await readNeonFile(folder).catch(() => undefined);
  if (existing?.projectId && existing.projectId !== project.projectId) {
    const ok = await s.prompt.message('warning', vscode.l10n.t('{0} is linked to Neon project {1}. Link it to {2} instead?', path.basename(folder), existing.projectId, project.projectName), { modal: true, detail: vscode.l10n.t('The git branch map in .neon is for the other project and will be dropped.') }, vscode.l10n.t('Link to New Project'));
    if (ok !== vscode.l10n.t('Link to New Project')) return undefined;
  }
  const client = await s.clients.get(project.accountId);
  const branches = await client.listBranches(project.projectId);
  const def = branches.find(isDefaultBranch);
  if (!def) throw new Error(vscode.l10n.t('Project {0} has no default branch', project.projectName));
  const defRef = branchRefOf(project, def);
  const { links, autopilot } = gitFeature();
  const envFile = envFileFor(folder, links.settings(folder));
  const env = await readEnvBeforeLink(client, envFile, project.projectId);
  // Role and database: asked only when there is a real choice (the connection pickers' rules). The
  // ones the .env already connects into this project as are kept when the default branch has them
  // (walk 41: a role and database chosen with Save Connection to .env became neondb_owner@neondb).
  const prefer = env?.inProject[0];
  const target = await resolveConnectionTarget(s, defRef, step(total, titled), prefer ? { prefer: { roleName: prefer.user, databaseName: prefer.database } } : {});
  // The link writes a password into the .env now and on every checkout: a file git would commit is
  // asked about first, as Save Connection to .env does.
  const keys = resolveKeyNames(configuredKeyNames());
  const display = envDisplayName(folder, envFile);
  if (!(await confirmGitIgnores(s, { file: envFile, display }, `${keys.databaseUrl}, ${keys.databaseUrlUnpooled}`))) return undefined;
  // The link takes over the .env's connection variables: a value leading elsewhere, or into this
  // project as another role or database, is asked about first; so is another branch, for a folder
  // not linked before (a linked one already follows git).
  const same = existing?.projectId === project.projectId;
  const head = autopilot.headOf(folder);
  const linkBranch = same ? undefined : branchTheLinkUses(branches, def, head?.detached ? undefined : head?.branch, links.settings(folder).defaultGitBranch);
  const branchName = (id: string) => branches.find((b) => b.id === id)?.name ?? id;
  const next = {
    roleName: target.role.roleName,
    databaseName: target.databaseName,
    ...(linkBranch ? { branch: (from: string) => (linkBranch.id === from ? undefined : branchWording(linkBranch)) } : {}),
  };
  if (!(await reviewEnvBeforeLink(s, env, { folder, envFile, projectName: project.projectName, next, branchName }))) return undefined;

  const ctx: NeonContext = {
    ...(same ? existing : {}),
    ...(project.orgId ? { orgId: project.orgId } : {}),
    projectId: project.projectId,
    branch: same && existing?.branch ? existing.branch : def.name,
  };
  if (!same) delete ctx.git;
  const created = await writeNeonFile(folder, ctx);
  // The neon CLI git-ignores .neon when it creates it; so do we (it changes on every checkout).
  if (created) await addToGitignore(folder, NEON_FILE).catch((e) => s.log.warn(`could not add .neon to .gitignore: ${String(e)}`));
  // No parent is kept for new branches: each is made from the project's default branch at the
  // time, which Set as Default may move (walk 31: a parent kept here stayed the old default).
  const { parentBranchId: _oldParent, parentBranchName: _oldParentName, ...kept } = links.settings(folder);
  await links.setSettings(folder, {
    ...kept,
    accountId: project.accountId,
    projectName: project.projectName,
    roleName: target.role.roleName,
    databaseName: target.databaseName,
  });
  await links.setFailure(folder, undefined);
  s.log.info(`linked ${folder} to project ${project.projectId} (role ${target.role.roleName}, database ${target.databaseName})`);
  if (head?.branch) {
    // Linking is the person's explicit request: point the .env at the current git branch's Neon branch now.
    const out = await autopilot.syncNow(folder, true);
    // A new Neon branch is announced by the autopilot; otherwise the link itself is said here (with what a relink left behind).
    if (out?.result && !out.result.created) {
      saySwitched(s, links, folder, display, vscode.l10n.t('Linked {0} to {1}: {2} points at branch {3}.', path.basename(folder), project.projectName, display, out.result.branch.name), out.result);
    }
  } else {
    void s.prompt.message('info', vscode.l10n.t('Linked {0} to Neon project {1}. New branches will be created from {2}.', path.basename(folder), project.projectName, def.name), {});
  }
  return { folder, projectId: project.projectId, created };
}

/**
 * The Neon branch a first link points the .env at, decided as a checkout decides it
 * (decideMapping: the sanitised names a git branch maps to, taken names skipped), on the branches
 * just listed; with no git branch, the default (nothing is written then; it is what follows).
 * `id` empty: a branch still to be made, named in words.
 */
function branchTheLinkUses(branches: readonly Branch[], def: Branch, gitBranch: string | undefined, defaultGitBranch: string | undefined): { id: string; name: string } {
  if (!gitBranch) return def;
  const infos = branches.map((b) => ({ id: b.id, name: b.name, isDefault: isDefaultBranch(b), isProtected: !!b.protected }));
  // A first link has no git map yet (another project's is dropped).
  const m = decideMapping({ gitBranch, isDefaultGitBranch: isDefaultGitBranch(gitBranch, [], defaultGitBranch), map: {}, branches: infos });
  return m.kind === 'use' ? m.branch : { id: '', name: vscode.l10n.t('a new branch for git branch {0}', gitBranch) };
}

/** "branch main", or "a new branch for git branch feat" as it stands (the question's wording). */
function branchWording(b: { id: string; name: string }): string {
  return b.id ? vscode.l10n.t('branch {0}', b.name) : b.name;
}

export async function unlinkFolder(s: Services, arg?: unknown): Promise<boolean> {
  // Nothing to undo is not a failure: said as information.
  if (arg === undefined && (await linkedFolders(gitFeature().autopilot)).length === 0) {
    void s.prompt.message('info', vscode.l10n.t('No folder of this workspace is linked to a Neon project: there is nothing to unlink.'), {});
    return false;
  }
  const folder = await chooseFolder(s, arg, { linkedOnly: true, title: vscode.l10n.t('Unlink Folder') });
  const ctx = await readNeonFile(folder).catch(() => undefined);
  // The project as the status bar names it; its id when the name was never recorded.
  const projectName = gitFeature().links.settings(folder).projectName ?? ctx?.projectId ?? '';
  const choice = await s.prompt.message(
    'warning',
    vscode.l10n.t('Unlink {0} from Neon project {1}?', path.basename(folder), projectName),
    { modal: true, detail: vscode.l10n.t('The .neon file (and its git branch map) is deleted. The .env file and the Neon branches stay as they are.') },
    vscode.l10n.t('Unlink'),
  );
  if (choice !== vscode.l10n.t('Unlink')) return false;
  await fsp.unlink(path.join(folder, NEON_FILE)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw new Error(vscode.l10n.t('{0} could not be deleted ({1})', path.join(folder, NEON_FILE), e.code ?? 'error'));
  });
  await gitFeature().links.forget(folder);
  void gitFeature().statusBar.update();
  void s.prompt.message('info', vscode.l10n.t('Unlinked {0} from Neon project {1}. Its .env and the Neon branches are as they were.', path.basename(folder), projectName), {});
  return true;
}

/** Points the .env of a linked folder at a Neon branch chosen from a list (or the clicked branch node). */
export async function switchEnvBranch(s: Services, arg?: unknown, folderArg?: unknown): Promise<string | undefined> {
  const folder = await chooseFolder(s, folderArg, { linkedOnly: true, title: vscode.l10n.t('Switch .env to Another Neon Branch') });
  const { links } = gitFeature();
  const link = await loadLink(s, links, folder);
  if (!link) throw new Error(vscode.l10n.t('{0} is not linked to a Neon project', folder));
  const projectName = links.settings(folder).projectName ?? link.projectId;
  const branch = isBranchRef(arg) && arg.projectId === link.projectId ? arg : await pickBranch(s, { accountId: link.accountId, projectId: link.projectId, projectName, ...(link.ctx.orgId ? { orgId: link.ctx.orgId } : {}) }, vscode.l10n.t('Switch .env to Another Neon Branch'), { connectable: true });
  if (branch.isProtected) {
    // A protected branch usually holds data that matters (production, staging): asked, not just done.
    const envName = envDisplayName(folder, envFileFor(folder, links.settings(folder)));
    const go = vscode.l10n.t('Point {0} at {1}', envName, branch.branchName);
    const detail = vscode.l10n.t('What runs from this workspace with {0} (your app, migrations, tests) would read and write its data.', envName);
    if ((await s.prompt.message('warning', vscode.l10n.t('{0} is a protected branch.', branch.branchName), { modal: true, detail }, go)) !== go) return undefined;
  }
  try {
    const r = await switchEnv(s, links, { folder, branchId: branch.branchId });
    const envName = envDisplayName(folder, r.envFile);
    saySwitched(s, links, folder, envName, vscode.l10n.t('{0} now points at Neon branch {1}.', envName, r.branch.name), r);
    return r.branch.id;
  } catch (e) {
    // The seam adds "Couldn't switch …:" and the request id (kept on the error).
    if (e instanceof SwitchError) throw Object.assign(new Error(vscode.l10n.t('{0}; the .env was not changed', e.message.replace(/[.]$/, ''))), { requestId: e.requestId });
    throw e;
  }
}

export async function followGitBranch(s: Services, arg?: unknown): Promise<string | undefined> {
  const folder = await chooseFolder(s, arg, { linkedOnly: true, title: vscode.l10n.t('Switch .env to the Git Branch') });
  const { autopilot } = gitFeature();
  const head = autopilot.headOf(folder);
  // Nothing to follow is not a failure: say so, change nothing.
  if (!head) {
    void s.prompt.message('warning', vscode.l10n.t('{0} is not the root of a git repository VS Code has open, so there is no git branch to follow. The .env was not changed.', path.basename(folder)), {});
    return undefined;
  }
  if (head.detached || !head.branch) {
    void s.prompt.message('warning', vscode.l10n.t('Git is on a detached HEAD, so there is no git branch to follow. Check out a branch first; the .env was not changed.'), {});
    return undefined;
  }
  const o = await autopilot.syncNow(folder, true);
  // The file by its name, as Switch to Another Branch says it (walk 27 read ".env" beside "The .env").
  const envName = envDisplayName(folder, envFileFor(folder, gitFeature().links.settings(folder)));
  // Asked for by the person: an .env that already pointed there is said, not silent.
  if (o?.result && !o.result.changed) {
    void s.prompt.message('info', vscode.l10n.t('{0} already points at Neon branch {1}, the branch of git branch {2}; nothing changed.', envName, o.result.branch.name, o.gitBranch), {});
  } else if (o?.result && !o.result.created) {
    // A created branch is announced by the autopilot; a switch asked for is said too, as Switch to Another Branch does.
    saySwitched(s, gitFeature().links, folder, envName, vscode.l10n.t('{0} now points at Neon branch {1}, the branch of git branch {2}.', envName, o.result.branch.name, o.gitBranch), o.result);
  }
  return o?.result?.branch.id;
}

/** Copies the DATABASE_URL the linked .env holds (what the app really uses). */
export async function copyEnvUrl(s: Services, arg?: unknown): Promise<void> {
  const folder = await chooseFolder(s, arg, { linkedOnly: true, title: vscode.l10n.t('Copy the Connection String') });
  const { key, file, url } = await envDatabaseUrl(folder, gitFeature().links.settings(folder));
  if (!url) throw new Error(vscode.l10n.t('{0} has no {1}', path.relative(folder, file) || file, key));
  registerSecret(url);
  await vscode.env.clipboard.writeText(url);
  void s.prompt.message('info', vscode.l10n.t('Copied {0} from {1}.', key, path.relative(folder, file)), {});
}

export async function statusMenu(s: Services, arg?: unknown): Promise<unknown> {
  const { statusBar, links, autopilot } = gitFeature();
  const folder = typeof arg === 'string' ? arg : await statusBar.activeFolder();
  if (!folder) throw new Error(vscode.l10n.t('No folder is linked to a Neon project. Run "Link Folder to Neon Project…" first'));
  const pointer = links.pointer(folder);
  type Act = 'addAccount' | 'updateKey' | 'follow' | 'switch' | 'reset' | 'schema' | 'copy' | 'test' | 'testEdited' | 'psql' | 'console' | 'unlink';
  // The linked account, while it is still added (it may have been removed since the link).
  const linked = links.settings(folder).accountId;
  const linkedAccount = linked ? s.accounts.get(linked) : undefined;
  // What asks Neon cannot work with no account, or when Neon rejected the key(s) it would use:
  // the key is offered instead.
  const candidates = linkedAccount ? [linkedAccount] : s.accounts.list();
  const noAccount = candidates.length === 0;
  const rejected = !noAccount && candidates.every((a) => a.rejected) ? candidates : undefined;
  // The linked account, or (removed since the link, say to add its key again) one found when an
  // action needs it: every added account is tried on the project then, and the link keeps the one
  // that can read it. Offering less for a removed account hid Test, psql and Reset for no reason.
  const canAsk = !noAccount && !rejected;
  const account = async (): Promise<string> => (linkedAccount ? linkedAccount.id : accountFor(s, links, folder, links.settings(folder), pointer!.projectId));
  // A .env edited since it was written connects to a branch nobody knows: nothing may claim to act
  // on the one written then. Nor on a branch Neon Explorer deleted. Switching, copying and unlinking still work.
  const known = !!pointer && (await envHolds(folder, links.settings(folder), pointer));
  const live = pointer && !pointer.deletedAt && known ? pointer : undefined;
  // A branch without a parent (the project's first one, still so after Set as Default moved the
  // flag) has nothing to reset from or compare with (walk 31): not offered, as in the tree.
  const hasParent = !!live && !live.isDefault && !live.isRoot;
  const resettable = live && canAsk && hasParent && !live.isProtected;
  // What following git would do: nothing when the .env already serves git's branch, so it is not
  // offered then (an action with nothing to do; the placeholder says the .env serves it), else which branch.
  const head = autopilot.headOf(folder);
  const serves = !!live && !!head?.branch && !head.detached && pointerServes(live, head.branch, links.settings(folder));
  const following = head?.branch && !head.detached && !serves ? vscode.l10n.t('git is on {0}', head.branch) : undefined;
  const follow: PickItem<Act> = { icon: 'git-branch', label: vscode.l10n.t('Switch .env to the Git Branch’s Neon Branch'), ...(following ? { description: following } : {}), value: 'follow' };
  const another: PickItem<Act> = { icon: 'arrow-swap', label: vscode.l10n.t('Switch .env to Another Neon Branch…'), value: 'switch' };
  const keyItem: PickItem<Act> | undefined = rejected
    ? {
        icon: 'key',
        label: vscode.l10n.t('Update API Key…'),
        description: rejected.length === 1 ? vscode.l10n.t('Neon rejected the key of {0}', rejected[0].label) : vscode.l10n.t('Neon rejected the keys'),
        value: 'updateKey',
      }
    : noAccount
      ? { icon: 'key', label: vscode.l10n.t('Add Neon API Key…'), description: vscode.l10n.t('switching the .env asks Neon: it needs an account'), value: 'addAccount' }
      : undefined;
  const items: PickItem<Act>[] = [
    ...(keyItem
      ? [keyItem]
      : serves
        ? [another]
        : // A branch chosen by hand, or a .env edited by hand, is not undone by one Enter on the first item (walks 24, 27).
          (live && !live.gitBranch && !live.isDefault) || (pointer && !known)
          ? [another, follow]
          : [follow, another]),
    ...(resettable ? [{ icon: 'discard', label: vscode.l10n.t('Reset from Parent…'), description: vscode.l10n.t('{0} gets its parent\'s data', live.branchName), value: 'reset' as const }] : []),
    ...(live && canAsk && hasParent ? [{ icon: 'diff', label: vscode.l10n.t('Compare Schema with Parent'), description: vscode.l10n.t('what changed on {0}', live.branchName), value: 'schema' as const }] : []),
    { icon: 'copy', label: vscode.l10n.t('Copy the Connection String'), description: vscode.l10n.t('DATABASE_URL from the .env'), value: 'copy' },
    // An edited .env is still tested as it connects, naming no branch: what one wants to know then.
    ...(pointer && !known ? [{ icon: 'plug', label: vscode.l10n.t('Test Connection'), description: vscode.l10n.t('as the .env connects'), value: 'testEdited' as const }] : []),
    ...(live ? [{ icon: 'link-external', label: vscode.l10n.t('Open in Neon Console'), description: live.branchName, value: 'console' as const }] : []),
    ...(live && canAsk
      ? [
          { icon: 'plug', label: vscode.l10n.t('Test Connection'), description: vscode.l10n.t('{0}, as the .env connects', live.branchName), value: 'test' as const },
          { icon: 'terminal', label: vscode.l10n.t('Open psql'), description: live.branchName, value: 'psql' as const },
        ]
      : []),
    { icon: 'debug-disconnect', label: vscode.l10n.t('Unlink Folder…'), value: 'unlink' },
  ];
  const choice = required(await s.prompt.pick(items, { title: vscode.l10n.t('Neon: {0}', path.basename(folder)), placeHolder: pointer && !known ? vscode.l10n.t('.env was edited since {0} was written: its Neon branch is unknown', pointer.branchName) : pointer?.deletedAt ? vscode.l10n.t('.env points at {0}, which was deleted', pointer.branchName) : serves ? vscode.l10n.t('.env points at {0}, the Neon branch of git branch {1}', pointer!.branchName, head!.branch!) : pointer ? vscode.l10n.t('.env points at {0}', pointer.branchName) : vscode.l10n.t('Neon branch actions') }), 'action').value;
  switch (choice) {
    case 'addAccount':
      return vscode.commands.executeCommand(CommandIds.addAccount);
    case 'updateKey':
      // One account: its key; several rejected: the command asks which.
      return vscode.commands.executeCommand(CommandIds.updateAccountKey, rejected?.length === 1 ? { accountId: rejected[0].id } : undefined);
    case 'follow':
      return followGitBranch(s, folder);
    case 'switch':
      return switchEnvBranch(s, undefined, folder);
    case 'reset':
      // Through the command, so its failures are said by the seam as Reset's own (not as the menu's).
      return vscode.commands.executeCommand(CommandIds.resetBranchFromParent, {
        accountId: await account(), projectId: pointer!.projectId, projectName: links.settings(folder).projectName ?? pointer!.projectId,
        branchId: pointer!.branchId, branchName: pointer!.branchName, isDefault: false, isProtected: false,
      });
    case 'schema': {
      // The database the .env connects to (a DatabaseRef); without one known, the command asks.
      const { roleName: _role, ownerName: _owner, ...place } = await envConnectionRef(folder, await account(), pointer!);
      return vscode.commands.executeCommand(CommandIds.compareSchemaWithParent, { ...place, projectName: links.settings(folder).projectName ?? pointer!.projectId });
    }
    case 'copy':
      return copyEnvUrl(s, folder);
    case 'test': {
      // "As the .env connects": the URL the file holds, read with dotenv as the application reads
      // it, not the API's connection string for the branch (walk 22: a password edited by hand
      // still said "Connected"). Without a known role and database, Test Connection asks.
      const ref = await envConnectionRef(folder, await account(), pointer!);
      if (!ref.roleName || !ref.databaseName) return vscode.commands.executeCommand(CommandIds.testConnection, ref);
      const { key, file } = await envDatabaseUrl(folder, links.settings(folder));
      const { ownerName: _owner, databaseName, ...role } = ref;
      return { ...(await verifyEnvConnection(s, file, key, { role: { ...role, roleName: ref.roleName }, databaseName }, true)), branchName: pointer!.branchName };
    }
    case 'testEdited': {
      const { key, file } = await envDatabaseUrl(folder, links.settings(folder));
      return verifyEnvConnection(s, file, key, undefined, true);
    }
    case 'psql':
      return vscode.commands.executeCommand(CommandIds.openPsql, await envConnectionRef(folder, await account(), pointer!));
    case 'console': {
      const url = consoleUrl(consoleBase(), { projectId: pointer!.projectId, branchId: pointer!.branchId });
      await openUrl(s, url);
      return url;
    }
    case 'unlink':
      return unlinkFolder(s, folder);
  }
}

/**
 * The branch the .env points at, with the role and database it connects as: the link's, else the
 * user and database of the .env's DATABASE_URL; what neither knows is asked by the command.
 */
async function envConnectionRef(folder: string, accountId: string, pointer: EnvPointer): Promise<BranchRef & { roleName?: string; databaseName?: string; ownerName?: string }> {
  const settings = gitFeature().links.settings(folder);
  let fromUrl: { user?: string; db?: string } = {};
  try {
    const { url } = await envDatabaseUrl(folder, settings);
    if (url) {
      const u = new URL(url);
      fromUrl = { user: decodeURIComponent(u.username) || undefined, db: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined };
    }
  } catch {
    // An unreadable URL: the command asks for the role and database instead.
  }
  const roleName = settings.roleName ?? fromUrl.user;
  const databaseName = settings.databaseName ?? fromUrl.db;
  return {
    accountId, projectId: pointer.projectId, projectName: settings.projectName ?? pointer.projectId, branchId: pointer.branchId, branchName: pointer.branchName,
    isDefault: pointer.isDefault,
    // With a role name this is a RoleRef, where isProtected speaks of the role: the linked role is one that connects.
    isProtected: roleName ? false : pointer.isProtected,
    ...(roleName ? { roleName } : {}),
    ...(databaseName ? { databaseName, ownerName: '' } : {}),
  };
}

export function linkCommands(): CommandSpec[] {
  return [
    { id: CommandIds.linkFolder, action: vscode.l10n.t('link the folder to the Neon project'), run: linkFolder },
    // From the view's "…" menu: the focused row VS Code passes is ignored, the project is asked (src/commands/ids.ts).
    { id: CommandIds.viewLinkFolder, action: vscode.l10n.t('link the folder to the Neon project'), run: (s) => linkFolder(s) },
    { id: CommandIds.unlinkFolder, action: vscode.l10n.t('unlink the folder'), run: unlinkFolder },
    { id: CommandIds.gitStatusMenu, action: vscode.l10n.t('show the Neon branch actions'), run: statusMenu },
    { id: CommandIds.switchEnvBranch, action: vscode.l10n.t('switch the .env to another Neon branch'), run: switchEnvBranch },
    { id: CommandIds.followGitBranch, action: vscode.l10n.t('switch the .env to the git branch’s Neon branch'), run: followGitBranch },
    { id: CommandIds.copyEnvUrl, action: vscode.l10n.t('copy the connection string'), run: copyEnvUrl },
  ];
}
