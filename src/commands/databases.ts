// Databases of a branch: create (a name checked as it is typed, an owner chosen from the branch's
// roles) and delete (type the name). Neon's own refusals come back as its sentence with the
// request id.
import type { Role } from '../api';
import { databaseNameProblem } from '../db/names';
import type { Services } from '../services';
import { branchPlaceOf, branchTarget, isDatabaseRef, type DatabaseRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { runSteps } from '../ui/steps';
import { confirmDestructive } from './confirm';
import { offerForDeadEnv } from './deadEnv';
import { describeUses, envUsesOfDatabase } from './envUses';
import { saveConnectionInto } from './saveConnection';
import { CommandIds } from './ids';
import { required, resolveBranch, stepTitle } from './pickers';
import { changeAndWait } from './progress';
import { createOrFind, findMadeDatabase } from './lostAnswer';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

export async function createDatabase(s: Services, arg?: unknown): Promise<{ databaseName: string; ownerName: string } | undefined> {
  const title = l10n.t('Create Database');
  const branch = await resolveBranch(s, arg, title);
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
          title: l10n.t('{0}: name of the new database on branch {1} ({2})', stepTitle(title, 1, 2), branch.branchName, branch.projectName),
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
      owner = required(await s.prompt.pick(items, { title: l10n.t('{0}: owner of {1}', stepTitle(title, 2, 2), name), placeHolder: l10n.t('The role that owns the new database'), back }), 'owner').value;
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

async function resolveDatabase(s: Services, arg: unknown, title: string): Promise<DatabaseRef> {
  if (isDatabaseRef(arg)) return arg;
  const branch = await resolveBranch(s, arg, title);
  const client = await s.clients.get(branch.accountId);
  const items = client.listDatabases(branch.projectId, branch.branchId).then((ds) => {
    if (ds.length === 0) throw new Error(l10n.t('Branch {0} has no database', branch.branchName));
    return ds.map((d) => ({ label: d.name, description: l10n.t('owner {0}', d.owner_name), value: d }));
  });
  const d = required(await s.prompt.pick(items, { title, placeHolder: l10n.t('Database on {0}', branch.branchName) }), 'database').value;
  return { ...branchPlaceOf(branch), databaseName: d.name, ownerName: d.owner_name };
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
    { id: CommandIds.deleteDatabase, action: l10n.t('delete the database'), run: deleteDatabase },
  ];
}
