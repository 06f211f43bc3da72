// Organization details, "Copy ID" for any node with an id, and "Open in Neon Console".
import * as vscode from 'vscode';
import { isNeonApiError, type Organization } from '../api';
import type { Services } from '../services';
import { managedByName, planName } from '../util/plans';
import { isBranchPlace, isInvitationRef, isMemberRef, isOrgApiKeyRef, isOrgRef, isProjectRef, isRoleRef, isDatabaseRef } from '../tree/refs';
import { CommandIds } from './ids';
import { myMembership } from './membership';
import { consoleUrl, type ConsoleTarget } from './consoleUrl';
import { resolveOrg, resolveProject } from './pickers';
import type { CommandSpec } from './registry';

function formatDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** Shows name, handle, id, plan, created, managed by and the account's role in a modal. */
export async function showOrgDetails(s: Services, arg?: unknown): Promise<string> {
  const ref = await resolveOrg(s, arg, vscode.l10n.t('Show Organization Details'));
  const client = await s.clients.get(ref.accountId);
  const account = s.accounts.get(ref.accountId);
  // Neon unreachable: the row's own record of the organization (what its tooltip shows) is shown,
  // said to be as last read, rather than a failure (walk 32); Copy ID and the Console work without the API.
  const held = heldOrganization(arg, ref.orgId);
  let asLastRead = false;
  const [org, mine] = await Promise.all([
    client.getOrganization(ref.orgId).catch((e: unknown) => {
      if (!held || !isNeonApiError(e) || (e.kind !== 'network' && e.kind !== 'timeout')) throw e;
      s.log.info(`Show Organization Details: Neon could not be reached (${e.message}); showing ${ref.orgId} as last read`);
      asLastRead = true;
      return held;
    }),
    ref.myRole ? Promise.resolve({ role: ref.myRole }) : myMembership(s, ref).catch(() => undefined),
  ]);
  const role = mine?.role ?? (account?.kind === 'organization' ? vscode.l10n.t('organization API key (admin rights)') : account?.kind === 'project' ? vscode.l10n.t('project-scoped API key') : undefined);
  const rows: Array<[string, string | undefined]> = [
    [vscode.l10n.t('Name'), org.name],
    [vscode.l10n.t('Handle'), org.handle ?? undefined],
    ['ID', org.id],
    [vscode.l10n.t('Plan'), planName(org.plan)],
    [vscode.l10n.t('Created'), formatDate(org.created_at)],
    [vscode.l10n.t('Updated'), formatDate(org.updated_at)],
    [vscode.l10n.t('Managed by'), managedByName(org.managed_by)],
    [vscode.l10n.t('Your role'), role],
  ];
  const detail =
    rows
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + (asLastRead ? `\n\n${vscode.l10n.t('Neon could not be reached: this is the organization as last read.')}` : '');
  const choice = await s.prompt.message('info', org.name, { modal: true, detail, close: vscode.l10n.t('Close') }, vscode.l10n.t('Copy ID'), vscode.l10n.t('Open in Neon Console'));
  if (choice === vscode.l10n.t('Copy ID')) await copyText(s, org.id, copiedId(vscode.l10n.t('organization {0}', org.name), org.id));
  if (choice === vscode.l10n.t('Open in Neon Console')) await openUrl(s, consoleUrl(consoleBase(), { orgId: org.id }));
  return detail;
}

/** The organization record an organization row holds (told by its shape: the rarely used bundle has its own classes). */
function heldOrganization(arg: unknown, orgId: string): Organization | undefined {
  const org = (arg as { org?: Partial<Organization> } | undefined)?.org;
  return org && typeof org === 'object' && org.id === orgId && typeof org.name === 'string' ? (org as Organization) : undefined;
}

/** One sentence wherever an ID is copied from (the details dialog, the menu): `what` names the kind, as idOf does. */
function copiedId(what: string, id: string): string {
  return vscode.l10n.t('Copied the ID of {0}: {1}', what, id);
}

export async function copyText(s: Services, text: string, confirmation: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void s.prompt.message('info', confirmation, {});
}

/**
 * The id a node stands for: member, API key, role, database, branch, project or org (most
 * specific first). A role or a database has no id of its own in the API: its name is what
 * every request names it by, so that is what Copy ID copies (`byName`, so it is said so).
 */
export function idOf(arg: unknown): { id: string; what: string; byName?: boolean } | undefined {
  if (isMemberRef(arg)) return { id: arg.memberId, what: vscode.l10n.t('member {0}', arg.email) };
  if (isOrgApiKeyRef(arg)) return { id: String(arg.keyId), what: vscode.l10n.t('API key {0}', arg.keyName) };
  if (isRoleRef(arg)) return { id: arg.roleName, what: vscode.l10n.t('role {0}', arg.roleName), byName: true };
  if (isDatabaseRef(arg)) return { id: arg.databaseName, what: vscode.l10n.t('database {0}', arg.databaseName), byName: true };
  if (isBranchPlace(arg)) return { id: arg.branchId, what: vscode.l10n.t('branch {0}', arg.branchName) };
  if (isProjectRef(arg)) return { id: arg.projectId, what: vscode.l10n.t('project {0}', arg.projectName) };
  if (isOrgRef(arg)) return { id: arg.orgId, what: vscode.l10n.t('organization {0}', arg.orgName) };
  return undefined;
}

export async function copyId(s: Services, arg?: unknown): Promise<string> {
  const found = idOf(arg) ?? idOf(await resolveProject(s, arg, vscode.l10n.t('Copy ID')));
  if (!found) throw new Error(vscode.l10n.t('Nothing with an id was selected'));
  await copyText(s, found.id, found.byName ? vscode.l10n.t('Copied the name of {0}: Neon\'s API knows it by its name, not by an ID.', found.what) : copiedId(found.what, found.id));
  return found.id;
}

/** "Copy Name" of a role or a database: Neon's API names them by name (they have no ID to copy). */
export async function copyName(s: Services, arg?: unknown): Promise<string> {
  const name = isRoleRef(arg) ? arg.roleName : isDatabaseRef(arg) ? arg.databaseName : undefined;
  if (name === undefined) throw new Error(vscode.l10n.t('Nothing with a name was selected: right-click a role or a database in the Neon view'));
  await copyText(s, name, vscode.l10n.t('Copied {0}', name));
  return name;
}

/** "Copy Email" of a member or a pending invitation. */
export async function copyEmail(s: Services, arg?: unknown): Promise<string> {
  if (!isInvitationRef(arg) && !isMemberRef(arg)) throw new Error(vscode.l10n.t('Nothing with an email was selected: right-click a member or an invitation in the Neon view'));
  await copyText(s, arg.email, vscode.l10n.t('Copied {0}', arg.email));
  return arg.email;
}

export function consoleBase(): string {
  return vscode.workspace.getConfiguration('neonExplorer').get<string>('consoleUrl') || 'https://console.neon.tech';
}

/**
 * Opens a URL in the browser. False when the person said no to VS Code's "open external
 * website?" question: that is a choice, not a failure, so nothing is shown (logged at info).
 */
export async function openUrl(s: Services, url: string): Promise<boolean> {
  const ok = await s.prompt.openExternal(vscode.Uri.parse(url, true));
  if (!ok) s.log.info(`not opened (declined, or no browser): ${url}`);
  return ok;
}

export async function openInConsole(s: Services, arg?: unknown): Promise<string | undefined> {
  let target: ConsoleTarget;
  // A role or a database opens its branch's page, which lists the branch's roles and databases.
  if (isBranchPlace(arg)) target = { projectId: arg.projectId, branchId: arg.branchId };
  else if (isInvitationRef(arg) || isMemberRef(arg)) target = { orgId: arg.orgId, page: 'people' };
  else if (isProjectRef(arg)) target = { projectId: arg.projectId };
  else if (isOrgRef(arg)) target = { orgId: arg.orgId };
  else target = { projectId: (await resolveProject(s, arg, vscode.l10n.t('Open in Neon Console'))).projectId };
  const url = consoleUrl(consoleBase(), target);
  return (await openUrl(s, url)) ? url : undefined;
}

export const orgCommands: CommandSpec[] = [
  { id: CommandIds.showOrgDetails, action: vscode.l10n.t('show the organization'), run: showOrgDetails },
  { id: CommandIds.copyId, action: vscode.l10n.t('copy the ID'), run: copyId },
  { id: CommandIds.openInConsole, action: vscode.l10n.t('open the Neon Console'), run: openInConsole },
  { id: CommandIds.copyEmail, action: vscode.l10n.t('copy the email'), run: copyEmail },
  { id: CommandIds.copyName, action: vscode.l10n.t('copy the name'), run: copyName },
  // Neon's API can neither resend nor revoke an invitation: the row's own action names where it is done.
  { id: CommandIds.manageInvitation, action: vscode.l10n.t('open the Neon Console'), run: openInConsole },
];
