// Databases of a branch: create (a name checked as it is typed, an owner chosen from the branch's
// roles) and delete (type the name). Neon's own refusals come back as its sentence with the
// request id.
import type { Role } from '../api';
import { databaseNameProblem } from '../db/names';
import type { Services } from '../services';
import { branchPlaceOf, branchTarget, isDatabaseRef, type DatabaseRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { confirmDestructive } from './confirm';
import { CommandIds } from './ids';
import { required, resolveBranch } from './pickers';
import { changeAndWait } from './progress';
import type { CommandSpec } from './registry';

export async function createDatabase(s: Services, arg?: unknown): Promise<{ databaseName: string; ownerName: string } | undefined> {
  const title = 'Create database';
  const branch = await resolveBranch(s, arg, title);
  const client = await s.clients.get(branch.accountId);
  const [databases, roles] = await Promise.all([client.listDatabases(branch.projectId, branch.branchId), client.listRoles(branch.projectId, branch.branchId)]);
  const existing = databases.map((d) => d.name);
  const name = required(
    await s.prompt.input({
      title: `New database on branch ${branch.branchName} (${branch.projectName})`,
      prompt: 'Database name, at most 63 bytes (UTF-8)',
      placeHolder: 'app',
      validateInput: (v) => databaseNameProblem(v, existing),
    }),
    'database name',
  );
  // Checked again for callers that bypass the input box's validation.
  const problem = databaseNameProblem(name, existing);
  if (problem) throw new Error(problem);
  const owners = roles.filter((r) => !r.protected).sort((a, b) => a.name.localeCompare(b.name));
  if (owners.length === 0) throw new Error(`Branch ${branch.branchName} has no role that can own a database. Create a role first`);
  const owned = (r: Role) => databases.filter((d) => d.owner_name === r.name).map((d) => d.name);
  const items: PickItem<Role>[] = owners.map((r) => ({ label: r.name, description: owned(r).length ? `owns ${owned(r).join(', ')}` : undefined, value: r }));
  const owner = required(await s.prompt.pick(items, { title: `${title}: owner of ${name}`, placeHolder: 'The role that owns the new database' }), 'owner').value;
  await changeAndWait(s, client, {
    title: `Creating database ${name} on ${branch.branchName}…`,
    target: branchTarget(branch),
    projectId: branch.projectId,
    change: (signal) => client.createDatabase(branch.projectId, branch.branchId, { name, ownerName: owner.name }, { signal }),
  });
  void s.prompt.message('info', `Created database ${name} (owner ${owner.name}) on branch ${branch.branchName}.`, {});
  return { databaseName: name, ownerName: owner.name };
}

async function resolveDatabase(s: Services, arg: unknown, title: string): Promise<DatabaseRef> {
  if (isDatabaseRef(arg)) return arg;
  const branch = await resolveBranch(s, arg, title);
  const client = await s.clients.get(branch.accountId);
  const items = client.listDatabases(branch.projectId, branch.branchId).then((ds) => {
    if (ds.length === 0) throw new Error(`Branch ${branch.branchName} has no database`);
    return ds.map((d) => ({ label: d.name, description: `owner ${d.owner_name}`, value: d }));
  });
  const d = required(await s.prompt.pick(items, { title, placeHolder: `Database on ${branch.branchName}` }), 'database').value;
  return { ...branchPlaceOf(branch), databaseName: d.name, ownerName: d.owner_name };
}

export async function deleteDatabase(s: Services, arg?: unknown): Promise<boolean> {
  const db = await resolveDatabase(s, arg, 'Delete database');
  const ok = await confirmDestructive(s, {
    verb: 'Delete',
    what: 'database',
    name: db.databaseName,
    detail: `Branch ${db.branchName} of ${db.projectName}: its tables and data are deleted, and connections to it fail.`,
  });
  if (!ok) return false;
  const client = await s.clients.get(db.accountId);
  await changeAndWait(s, client, {
    title: `Deleting database ${db.databaseName}…`,
    target: branchTarget(db),
    projectId: db.projectId,
    change: (signal) => client.deleteDatabase(db.projectId, db.branchId, db.databaseName, { signal }),
  });
  void s.prompt.message('info', `Deleted database ${db.databaseName} from branch ${db.branchName}.`, {});
  return true;
}

export function databaseCommands(): CommandSpec[] {
  return [
    { id: CommandIds.createDatabase, action: 'create the database', run: createDatabase },
    { id: CommandIds.deleteDatabase, action: 'delete the database', run: deleteDatabase },
  ];
}
