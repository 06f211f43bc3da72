// Compare Schema with Parent (or with a branch you choose): a database's schema on a branch beside
// the other's, in VS Code's diff editor (the base left, the branch right), as Neon's Console
// "Schema diff" and `neon branches schema-diff` show it: what the branch's migrations changed
// before it is merged. Both schemas are read at their head (GET …/schema, pg_dump --schema-only)
// at once: one round trip.
import * as vscode from 'vscode';
import { isNeonApiError, type Branch, type NeonClient } from '../api';
import { comparableSchema, sameSchema } from '../schemaDiff/text';
import { schemaDocument } from '../schemaDiff/documents';
import type { Services } from '../services';
import { isDatabaseRef, type BranchPlace } from '../tree/refs';
import { isDefaultBranch } from '../util/defaultBranch';
import type { PickItem } from '../ui/prompt';
import { CommandIds } from './ids';
import { pickDatabase } from './connection';
import { branchesAround, readLink, required, resolveBranch } from './pickers';
import { withProgress } from './progress';
import type { CommandSpec } from './registry';

export interface SchemaComparison {
  /** The project's name: the tab's title starts with it (two projects may both have neondb on main and dev). */
  project: string;
  branch: string;
  /** The branch on the left: the parent, or the one chosen. */
  base: string;
  database: string;
  same: boolean;
  left: vscode.Uri;
  right: vscode.Uri;
}

export const compareSchemaWithParent = (s: Services, arg?: unknown) => compareSchema(s, arg, 'parent');
export const compareSchemaWithBranch = (s: Services, arg?: unknown) => compareSchema(s, arg, 'chosen');

async function compareSchema(s: Services, arg: unknown, against: 'parent' | 'chosen'): Promise<SchemaComparison | undefined> {
  const title = against === 'parent' ? vscode.l10n.t('Compare Schema with Parent') : vscode.l10n.t('Compare Schema with Branch');
  // From a database node nothing of the link is needed; else it orders the branches, then the databases.
  const link = isDatabaseRef(arg) ? Promise.resolve(undefined) : readLink(s);
  const ref: BranchPlace = isDatabaseRef(arg)
    ? arg
    : await resolveBranch(
        s,
        arg,
        title,
        against === 'parent'
          ? { offer: (b) => !!b.parent_id, noneLeft: vscode.l10n.t('This project has no branch with a parent to compare with: the default branch has none'), placeHolder: vscode.l10n.t('The branch to compare with its parent (the default branch has none)') }
          : { placeHolder: vscode.l10n.t('This branch goes on the right; the next step picks the left one') },
        link,
      );
  const client = await s.clients.get(ref.accountId);
  const [branches, databases, ws] = await Promise.all([branchesAround(s, ref), isDatabaseRef(arg) ? undefined : client.listDatabases(ref.projectId, ref.branchId), link]);
  const branch = branches.find((b) => b.id === ref.branchId);
  if (!branch) throw Object.assign(new Error(vscode.l10n.t('Branch {0} no longer exists', ref.branchName)), { status: 404 });
  const base = against === 'parent' ? branches.find((b) => b.id === branch.parent_id) : await pickBase(s, title, branch, branches);
  if (!base) throw new Error(branch.parent_id ? vscode.l10n.t('The parent of {0} no longer exists, so there is nothing to compare with', branch.name) : vscode.l10n.t('{0} has no parent branch to compare with', branch.name));

  let database: string;
  if (isDatabaseRef(arg)) database = arg.databaseName;
  else {
    if (!databases || databases.length === 0) throw new Error(vscode.l10n.t('Branch {0} has no database', branch.name));
    // The database the workspace's .env connects to first, as the connection commands ask it.
    database = (await pickDatabase(s, ref, databases, undefined, title, ws?.projectId === ref.projectId ? ws.databaseName : undefined)).name;
  }

  const [mine, theirs] = await withProgress(vscode.l10n.t('Reading the schema of {0} on {1} and {2}…', database, branch.name, base.name), true, (_p, signal) =>
    Promise.all([client.getBranchSchema(ref.projectId, branch.id, database, { signal }), baseSchema(client, ref.projectId, base, database, signal)]),
    { rateLimits: client },
  );
  const right = comparableSchema(mine);
  const left = comparableSchema(theirs);
  const same = sameSchema(left, right);
  // One pair of documents per comparison: a repeat redraws its tab (see schemaDocument).
  // The account too: a tab restored after a reload reads its side again (readSchemaSide).
  const pair = new URLSearchParams({ account: ref.accountId, project: ref.projectId, base: base.id, branch: branch.id, database }).toString();
  const leftUri = schemaDocument(`${base.name}/${database}.sql`, left, `${pair}&side=left`);
  const rightUri = schemaDocument(`${branch.name}/${database}.sql`, right, `${pair}&side=right`);
  const result: SchemaComparison = { project: ref.projectName, branch: branch.name, base: base.name, database, same, left: leftUri, right: rightUri };
  s.log.info(`compared the schema of ${database} on ${branch.name} (${branch.id}) with ${base.name} (${base.id}): ${same ? 'the same' : 'they differ'}`);
  if (same) {
    // An empty diff editor says little; the sentence says it all, and the button still shows both.
    const open = vscode.l10n.t('Open Diff');
    const said = against === 'parent' ? vscode.l10n.t('{0} has the same schema on {1} as on its parent {2}.', database, branch.name, base.name) : vscode.l10n.t('{0} has the same schema on {1} as on {2}.', database, branch.name, base.name);
    void s.prompt.message('info', said, {}, open).then((c) => (c === open ? showDiff(result) : undefined));
    return result;
  }
  await showDiff(result);
  return result;
}

/** The branch to compare with: its parent first, then the default branch, then the others by name. */
async function pickBase(s: Services, title: string, branch: Branch, branches: readonly Branch[]): Promise<Branch> {
  const others = branches.filter((b) => b.id !== branch.id);
  if (others.length === 0) throw new Error(vscode.l10n.t('{0} is the only branch of its project: there is nothing to compare with', branch.name));
  const rank = (b: Branch) => (b.id === branch.parent_id ? 2 : isDefaultBranch(b) ? 1 : 0);
  const items = [...others]
    .sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name))
    .map<PickItem<Branch>>((b) => ({ label: b.name, description: [b.id === branch.parent_id ? vscode.l10n.t('parent') : '', isDefaultBranch(b) ? vscode.l10n.t('default') : '', b.id].filter(Boolean).join(' · '), value: b }));
  return required(await s.prompt.pick(items, { title: vscode.l10n.t('{0}: compare {1} with', title, branch.name), placeHolder: vscode.l10n.t('The branch whose schema goes on the left'), matchOnDescription: true }), 'branch').value;
}

/**
 * One side of a comparison read again, for a tab restored after a reload (src/schemaDiff/documents.ts):
 * the schema as it is now. `label` is "<branch name>/<database>.sql".
 */
export async function readSchemaSide(s: Services, q: URLSearchParams, label: string): Promise<string> {
  const [account, project, base, branch, database] = ['account', 'project', 'base', 'branch', 'database'].map((k) => q.get(k) ?? '');
  const client = await s.clients.get(account);
  const signal = new AbortController().signal;
  if (q.get('side') === 'left') return comparableSchema(await baseSchema(client, project, { id: base, name: label.slice(0, -`/${database}.sql`.length) }, database, signal));
  return comparableSchema(await client.getBranchSchema(project, branch, database, { signal }));
}

/** The base's schema; a database the base does not have (made on the branch) compares with nothing. */
async function baseSchema(client: NeonClient, projectId: string, base: Pick<Branch, 'id' | 'name'>, database: string, signal: AbortSignal): Promise<string> {
  try {
    return await client.getBranchSchema(projectId, base.id, database, { signal });
  } catch (e) {
    if (isNeonApiError(e) && e.status === 404 && !signal.aborted) {
      const dbs = await client.listDatabases(projectId, base.id, { signal });
      if (!dbs.some((d) => d.name === database)) return vscode.l10n.t('-- Database {0} does not exist on {1}.\n', database, base.name);
    }
    throw e;
  }
}

function showDiff(c: SchemaComparison): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.diff', c.left, c.right, vscode.l10n.t('{0}/{1}: {2} ↔ {3} (schema)', c.project, c.database, c.base, c.branch), { preview: false });
}

export const schemaDiffCommands = (): CommandSpec[] => [
  { id: CommandIds.compareSchemaWithParent, action: vscode.l10n.t('compare the schema with the parent branch'), run: compareSchemaWithParent },
  { id: CommandIds.compareSchemaWithBranch, action: vscode.l10n.t('compare the schema with another branch'), run: compareSchemaWithBranch },
];
