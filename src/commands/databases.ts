// Databases of a branch: create (a name checked as it is typed, an owner chosen from the branch's
// roles), rename (the same check; the workspace .env variables that named it can follow), give
// another owner (what a role must do before Delete Role) and delete (type the name). Neon's own
// refusals come back as its sentence with the request id.
import * as vscode from 'vscode';
import type { Role } from '../api';
import { databaseNameProblem } from '../db/names';
import type { Services } from '../services';
import { branchPlaceOf, branchTarget, isBranchPlace, isBranchRef, isDatabaseRef, isRoleRef, type BranchPlace, type DatabaseRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { runSteps } from '../ui/steps';
import { confirmDestructive } from './confirm';
import { offerForDeadEnv } from './deadEnv';
import { describeUses, envUsesOfDatabase, type EnvUse } from './envUses';
import { renameDatabaseInEnv } from './databaseEnv';
import { ActionableError } from './failure';
import { saveConnectionInto } from './saveConnection';
import { CommandIds } from './ids';
import { required, resolveBranch, stepTitle } from './pickers';
import { changeAndWait } from './progress';
import { createOrFind, findMadeDatabase } from './lostAnswer';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

export async function createDatabase(s: Services, arg?: unknown): Promise<{ databaseName: string; ownerName: string } | undefined> {
  const title = l10n.t('Create Database');
  // The branch pick is a step too when it is asked (Copy Connection String counts it the same way).
  const asksBranch = !isBranchRef(arg);
  const step = (n: number) => stepTitle(title, n + Number(asksBranch), 2 + Number(asksBranch));
  const branch = await resolveBranch(s, arg, asksBranch ? step(0) : title);
  const client = await s.clients.get(branch.accountId);
  const [databases, roles] = await Promise.all([client.listDatabases(branch.projectId, branch.branchId), client.listRoles(branch.projectId, branch.branchId)]);
  const existing = databases.map((d) => d.name);
  const owners = roles.filter((r) => !r.protected).sort((a, b) => a.name.localeCompare(b.name));
  if (owners.length === 0) throw new Error(l10n.t('Branch {0} has no role that can own a database. Create a role first', branch.branchName));
  const owned = (r: Role) => databases.filter((d) => d.owner_name === r.name).map((d) => d.name);
  let name = '';
  let owner: Role | undefined;
  await runSteps([
    async (back) => {
      name = required(
        await s.prompt.input({
          title: l10n.t('{0}: name of the new database on branch {1} ({2})', step(1), branch.branchName, branch.projectName),
          prompt: l10n.t('Database name, at most 63 bytes (UTF-8)'),
          placeHolder: 'app',
          value: name,
          back,
          validateInput: (v) => databaseNameProblem(v, existing),
        }),
        l10n.t('database name'),
      );
      // Checked again for callers that bypass the input box's validation.
      const problem = databaseNameProblem(name, existing);
      if (problem) throw new Error(problem);
    },
    async (back) => {
      const items: PickItem<Role>[] = owners.map((r) => ({ label: r.name, description: owned(r).length ? l10n.t('owns {0}', owned(r).join(', ')) : undefined, value: r, picked: r.name === owner?.name }));
      owner = required(await s.prompt.pick(items, { title: l10n.t('{0}: owner of {1}', step(2), name), placeHolder: l10n.t('The role that owns the new database'), back }), 'owner').value;
    },
  ]);
  const chosen = owner!;
  let lostAnswer = false;
  await changeAndWait(s, client, {
    title: l10n.t('Creating database {0} on {1}…', name, branch.branchName),
    target: branchTarget(branch),
    projectId: branch.projectId,
    // A database Neon made although its answer was lost is found by its name.
    change: (signal) =>
      createOrFind(
        () => client.createDatabase(branch.projectId, branch.branchId, { name, ownerName: chosen.name }, { signal }),
        () => findMadeDatabase(client, branch.projectId, branch.branchId, name, signal),
        (_made, lost) => {
          s.log.warn(`The answer to creating database ${name} was lost (${lost.message}); Neon made it`);
          lostAnswer = true;
        },
      ),
  });
  const found = lostAnswer ? ` ${l10n.t('Neon\'s answer was lost on the way, so the database was found by its name.')}` : '';
  void s.prompt.message('info', l10n.t('Created database {0} (owner {1}) on branch {2}.', name, chosen.name, branch.branchName) + found, {});
  return { databaseName: name, ownerName: chosen.name };
}

/**
 * The database `arg` names; else one picked on its branch. A row of the branch (or the branch
 * itself) picks there without asking for the branch; a role picks among the databases it owns
 * (Change Database Owner… from a role that cannot be deleted while it owns them).
 */
async function resolveDatabase(s: Services, arg: unknown, title: string): Promise<DatabaseRef> {
  if (isDatabaseRef(arg)) return arg;
  const ownedBy = isRoleRef(arg) ? arg.roleName : undefined;
  const branch: BranchPlace = isBranchPlace(arg) ? branchPlaceOf(arg) : await resolveBranch(s, arg, title);
  const client = await s.clients.get(branch.accountId);
  const items = client.listDatabases(branch.projectId, branch.branchId).then((all) => {
    const ds = ownedBy === undefined ? all : all.filter((d) => d.owner_name === ownedBy);
    if (ds.length === 0) throw new Error(ownedBy === undefined ? l10n.t('Branch {0} has no database', branch.branchName) : l10n.t('Role {0} owns no database on branch {1} any more. Refresh the view to see the branch as it is now.', ownedBy, branch.branchName));
    return ds.map((d) => ({ label: d.name, description: l10n.t('owner {0}', d.owner_name), value: d }));
  });
  // A role that owns one database names it: nothing to ask.
  const only = ownedBy === undefined ? undefined : await items.then((ds) => (ds.length === 1 ? ds[0] : undefined));
  const d = (only ?? required(await s.prompt.pick(items, { title, placeHolder: l10n.t('Database on {0}', branch.branchName) }), 'database')).value;
  return { ...branchPlaceOf(branch), databaseName: d.name, ownerName: d.owner_name };
}

/** The database as Neon lists it now (the row may be older), with the other databases and the roles of its branch. */
async function readBranchOf(s: Services, db: DatabaseRef) {
  const client = await s.clients.get(db.accountId);
  const [databases, roles] = await Promise.all([client.listDatabases(db.projectId, db.branchId), client.listRoles(db.projectId, db.branchId)]);
  const current = databases.find((d) => d.name === db.databaseName);
  if (!current) {
    s.tree.refresh(branchTarget(db));
    throw new Error(l10n.t('Database {0} is no longer on branch {1}: it was renamed or deleted elsewhere. The view now shows the branch as it is.', db.databaseName, db.branchName));
  }
  return { client, databases, roles, current };
}

export async function changeDatabaseOwner(s: Services, arg?: unknown): Promise<{ databaseName: string; ownerName: string } | undefined> {
  const title = l10n.t('Change Database Owner');
  const db = await resolveDatabase(s, arg, title);
  const { client, databases, roles, current } = await readBranchOf(s, db);
  const was = current.owner_name;
  // Neon's own roles cannot own a database, and the owner now is no change.
  const candidates = roles.filter((r) => !r.protected && r.name !== was).sort((a, b) => a.name.localeCompare(b.name));
  if (candidates.length === 0) {
    throw new ActionableError(l10n.t('Branch {0} has no other role that can own database {1}. Create a role, then give it the database.', db.branchName, db.databaseName), [
      { label: l10n.t('Create Role…'), run: () => vscode.commands.executeCommand(CommandIds.createRole, { ...branchPlaceOf(db), isDefault: false, isProtected: false }) },
      // Create Role reads only the branch's place (its flags do not matter to it), so it asks for no branch.
    ]);
  }
  const owned = (r: Role) => databases.filter((d) => d.owner_name === r.name).map((d) => d.name);
  const items: PickItem<Role>[] = candidates.map((r) => ({ label: r.name, description: owned(r).length ? l10n.t('owns {0}', owned(r).join(', ')) : undefined, value: r }));
  const owner = required(
    await s.prompt.pick(items, {
      title: l10n.t('{0}: new owner of {1} on branch {2} (owner now: {3})', title, db.databaseName, db.branchName, was),
      placeHolder: l10n.t('The role that will own {0}', db.databaseName),
    }),
    'owner',
  ).value;
  await changeAndWait(s, client, {
    title: l10n.t('Giving database {0} to {1}…', db.databaseName, owner.name),
    target: branchTarget(db),
    projectId: db.projectId,
    change: (signal) => client.updateDatabase(db.projectId, db.branchId, db.databaseName, { ownerName: owner.name }, { signal }),
  });
  void s.prompt.message('info', l10n.t('Database {0} on branch {1} is now owned by {2} (was {3}).', db.databaseName, db.branchName, owner.name, was), {});
  return { databaseName: db.databaseName, ownerName: owner.name };
}

export async function renameDatabase(s: Services, arg?: unknown): Promise<{ databaseName: string } | undefined> {
  const title = l10n.t('Rename Database');
  const db = await resolveDatabase(s, arg, title);
  // The workspace .env variables that name it are read alongside (a failed read only loses the offer to rewrite them).
  const uses = envUsesOfDatabase(await s.clients.get(db.accountId), db).catch((): EnvUse[] => []);
  const { client, databases } = await readBranchOf(s, db);
  const others = databases.map((d) => d.name).filter((n) => n !== db.databaseName);
  // The box opens with the current name: it is no mistake while untouched (no red at once), only when sent.
  const unchanged = (v: string) => (v === db.databaseName ? l10n.t('The database is already called {0}: type a new name, or press Escape to keep it.', db.databaseName) : undefined);
  const problem = (v: string) => (v === db.databaseName ? undefined : databaseNameProblem(v, others));
  const inEnv = await uses;
  const name = required(
    await s.prompt.input({
      title: l10n.t('{0}: new name of {1} on branch {2} ({3})', title, db.databaseName, db.branchName, db.projectName),
      prompt:
        l10n.t('A new name for {0}, at most 63 bytes (UTF-8). Connections to {0} end, and connection strings that name it stop working.', db.databaseName) +
        (inEnv.length ? ` ${l10n.t('This workspace connects to {0} in {1}.', db.databaseName, describeUses(inEnv))}` : ''),
      value: db.databaseName,
      validateInput: problem,
      validateOnAccept: unchanged,
    }),
    l10n.t('database name'),
  );
  // Checked again for callers that bypass the input box's validation.
  const bad = problem(name) ?? unchanged(name);
  if (bad) throw new Error(bad);
  await changeAndWait(s, client, {
    title: l10n.t('Renaming database {0} to {1}…', db.databaseName, name),
    target: branchTarget(db),
    projectId: db.projectId,
    change: (signal) => client.updateDatabase(db.projectId, db.branchId, db.databaseName, { name }, { signal }),
  });
  const done = l10n.t('Renamed database {0} to {1} on branch {2}.', db.databaseName, name, db.branchName);
  if (inEnv.length === 0) {
    void s.prompt.message('info', done, {});
    return { databaseName: name };
  }
  const rewrite = l10n.t('Rewrite Them');
  void s.prompt
    .message('warning', `${done} ${l10n.t('{0} still names database {1} and no longer connects: rewrite the variables to name {2}?', describeUses(inEnv), db.databaseName, name)}`, {}, rewrite)
    .then(async (choice) => {
      if (choice === rewrite) for (const use of inEnv) await renameDatabaseInEnv(s, use, db.databaseName, name);
    })
    .then(undefined, (e: unknown) => s.log.warn(`Rewriting .env after renaming database ${db.databaseName} failed: ${(e as Error).message}`));
  return { databaseName: name };
}

export async function deleteDatabase(s: Services, arg?: unknown): Promise<boolean> {
  const db = await resolveDatabase(s, arg, l10n.t('Delete Database'));
  const client = await s.clients.get(db.accountId);
  // The workspace .env variables that connect to it are named, as Delete Role names them (a failed read only loses that).
  const inEnv = await envUsesOfDatabase(client, db).catch(() => []);
  const ok = await confirmDestructive(s, {
    verb: l10n.t('Delete'),
    question: l10n.t('Delete database "{0}"?', db.databaseName),
    name: db.databaseName,
    detail:
      l10n.t('Branch {0} of {1}: its tables and data are deleted, and connections to it fail.', db.branchName, db.projectName) +
      (inEnv.length ? ` ${l10n.t('This workspace connects to {0} in {1}.', db.databaseName, describeUses(inEnv))}` : ''),
  });
  if (!ok) return false;
  await changeAndWait(s, client, {
    title: l10n.t('Deleting database {0}…', db.databaseName),
    target: branchTarget(db),
    projectId: db.projectId,
    change: (signal) => client.deleteDatabase(db.projectId, db.branchId, db.databaseName, { signal }),
  });
  if (inEnv.length === 0) {
    void s.prompt.message('info', l10n.t('Deleted database {0} from branch {1}.', db.databaseName, db.branchName), {});
    return true;
  }
  offerForDeadEnv(s, {
    text: l10n.t('Deleted database {0} from branch {1}. {2} no longer connects: save the connection of another database there.', db.databaseName, db.branchName, describeUses(inEnv)),
    save: l10n.t('Save Another Database to .env…'),
    uses: inEnv,
    saveInto: () => saveConnectionInto(s, branchPlaceOf(db), inEnv),
  });
  return true;
}

export function databaseCommands(): CommandSpec[] {
  return [
    { id: CommandIds.createDatabase, action: l10n.t('create the database'), run: createDatabase },
    { id: CommandIds.renameDatabase, action: l10n.t('rename the database'), run: renameDatabase },
    { id: CommandIds.changeDatabaseOwner, action: l10n.t('change the owner of the database'), run: changeDatabaseOwner },
    { id: CommandIds.deleteDatabase, action: l10n.t('delete the database'), run: deleteDatabase },
  ];
}
