// Test Connection (node-postgres: a select of version, user and database, timed) and Open psql (a
// terminal whose environment alone holds the password), on a branch, role or database, or from
// the palette (account → org → project → branch → database → role, asking only what is unknown).
import * as vscode from 'vscode';
import { findPsql, psqlInstallHint, psqlLaunch, PSQL_DOCS_URL } from '../db/psql';
import type { Services } from '../services';
import { resolveConnectionTarget } from './connection';
import { assertComputeEnabled, computeState, directSpec, ms, probeOrExplain } from './dbProbe';
import { ActionableError } from './failure';
import { CommandIds } from './ids';
import { withProgress } from './progress';
import type { CommandSpec } from './registry';

const OPEN_PSQL = vscode.l10n.t('Open psql');

export interface TestConnectionResult {
  serverVersion: string;
  version: string;
  user: string;
  database: string;
  branchName: string;
  connectMs: number;
  queryMs: number;
  /** The API said the compute was suspended (idle) before connecting. */
  wasSuspended: boolean;
  message: string;
}

export async function testConnection(s: Services, arg?: unknown): Promise<TestConnectionResult> {
  const t = await resolveConnectionTarget(s, arg, vscode.l10n.t('Test Connection'));
  assertComputeEnabled(t);
  const wasSuspended = computeState(t) === 'idle';
  const client = await s.clients.get(t.role.accountId);
  const { r, host } = await withProgress(vscode.l10n.t('Connecting to {0} on {1} as {2}…', t.databaseName, t.role.branchName, t.role.roleName), true, async (progress, signal) => {
    const spec = await directSpec(s, t, signal);
    if (wasSuspended) progress.report({ message: vscode.l10n.t('the compute is suspended: Neon starts it for this connection…') });
    return { r: await probeOrExplain(spec, t, { signal, retry: () => vscode.commands.executeCommand(CommandIds.testConnection, arg) }), host: spec.host };
  }, { rateLimits: client });
  const woke = wasSuspended ? vscode.l10n.t('; the compute was suspended and started for this connection') : '';
  const message = vscode.l10n.t('Connected as {0} to {1} on branch {2}: {3}, round trip {4} (connecting took {5}{6}).', r.user, r.database, t.role.branchName, r.serverVersion, ms(r.queryMs), ms(r.connectMs), woke);
  s.log.info(`Test connection: ${r.user} → ${r.database} on ${t.role.branchName} (${t.role.branchId}) at ${host}: ${r.serverVersion}, connect ${ms(r.connectMs)}, query ${ms(r.queryMs)}`);
  // A button keeps the whole sentence visible (VS Code cuts a toast without one to a line) and
  // offers the natural next step.
  // psql as the role, on the database, just tested: nothing is asked again.
  void s.prompt.message('info', message, {}, OPEN_PSQL).then((choice) => {
    if (choice === OPEN_PSQL) void vscode.commands.executeCommand(CommandIds.openPsql, { ...t.role, databaseName: t.databaseName });
  });
  return { serverVersion: r.serverVersion, version: r.version, user: r.user, database: r.database, branchName: t.role.branchName, connectMs: r.connectMs, queryMs: r.queryMs, wasSuspended, message };
}

export interface OpenPsqlResult {
  terminalName: string;
  psqlPath: string;
}

export async function openPsql(s: Services, arg?: unknown): Promise<OpenPsqlResult> {
  // Before any question: without psql there is nothing to open.
  const configured = vscode.workspace.getConfiguration('neonExplorer').get<string>('psql.path', '');
  const psqlPath = findPsql({ configured });
  if (!psqlPath) {
    throw new ActionableError(psqlInstallHint(process.platform, configured), [{ label: vscode.l10n.t('Open Download Page'), run: () => vscode.env.openExternal(vscode.Uri.parse(PSQL_DOCS_URL)) }]);
  }
  const t = await resolveConnectionTarget(s, arg, vscode.l10n.t('Open psql'));
  assertComputeEnabled(t);
  // A short check first: a refused password or a compute that does not start becomes a sentence
  // with a button, not a terminal that closes at once; it also wakes a suspended compute.
  const client = await s.clients.get(t.role.accountId);
  const spec = await withProgress(vscode.l10n.t('Opening psql on {0} ({1}) as {2}…', t.databaseName, t.role.branchName, t.role.roleName), true, async (_p, signal) => {
    const sp = await directSpec(s, t, signal);
    await probeOrExplain(sp, t, { signal, retry: () => vscode.commands.executeCommand(CommandIds.openPsql, arg) });
    return sp;
  }, { rateLimits: client });
  const launch = psqlLaunch(spec);
  const name = `psql ${t.role.roleName}@${t.databaseName} (${t.role.branchName})`;
  const terminal = vscode.window.createTerminal({
    name,
    shellPath: psqlPath,
    shellArgs: launch.args,
    env: launch.env,
    iconPath: new vscode.ThemeIcon('database'),
    // Not revived after a reload: its environment holds the password.
    isTransient: true,
  });
  terminal.show();
  s.log.info(`Opened psql (${psqlPath}) as ${t.role.roleName} on ${t.databaseName}, branch ${t.role.branchName} (${t.role.branchId}), host ${spec.host}; the password is in the terminal's environment only`);
  return { terminalName: name, psqlPath };
}

export function connectCommands(): CommandSpec[] {
  return [
    { id: CommandIds.testConnection, action: vscode.l10n.t('test the connection'), run: testConnection },
    { id: CommandIds.openPsql, action: vscode.l10n.t('open psql'), run: openPsql },
  ];
}
