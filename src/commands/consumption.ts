// "Show Consumption": from an organization node (the whole org), a project node (that project),
// or the palette (account → organization → all projects or one). Opens the consumption engineer's
// webview panel; src/commands/consumptionPanels.ts restores such panels after a window reload
// through `restoreConsumptionPanel` (this file is in dist/rarelyUsed.js, loaded on first use).
import type * as vscode from 'vscode';
import type { Project } from '../api';
import { consumptionClientFrom, type ConsumptionClient, orgsWithConsumption } from '../consumption/load';
import type { Services } from '../services';
import { isOrgRef, isProjectRef } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { closeConsumptionPanelsOfGoneAccounts, openConsumptionPanel, restoreConsumptionPanel as restorePanel, type ConsumptionPanelContext, type ConsumptionScope } from '../webviews/consumption/panel';
import { CommandIds } from './ids';
import { listOrgProjects, pickOrg, required, resolveAccount } from './pickers';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

function panelContext(s: Services): ConsumptionPanelContext {
  return { extensionUri: s.context.extensionUri, log: s.log, prompt: s.prompt, hasAccount: (id) => !!s.accounts.get(id), markCharts: s.markCharts === true };
}

/** The panel's way to an account's API client; undefined once the account is removed. */
function clientGetter(s: Services): (accountId: string) => Promise<ConsumptionClient | undefined> {
  return async (accountId) => {
    if (!s.accounts.get(accountId)) return undefined;
    return consumptionClientFrom(await s.clients.get(accountId));
  };
}

/** What the panel shows: from a node, or asked for step by step. */
export async function consumptionScope(s: Services, arg: unknown): Promise<ConsumptionScope> {
  if (isProjectRef(arg)) {
    return { accountId: arg.accountId, ...(arg.orgId ? { orgId: arg.orgId } : {}), projectId: arg.projectId, title: arg.projectName };
  }
  if (isOrgRef(arg)) return { accountId: arg.accountId, orgId: arg.orgId, title: arg.orgName };
  const acc = await resolveAccount(s, arg, l10n.t('Show Consumption'));
  const client = await s.clients.get(acc.accountId);
  if (acc.account.kind === 'project' && acc.account.projectId) {
    const p = await client.getProject(acc.account.projectId);
    return { accountId: acc.accountId, ...(p.org_id ? { orgId: p.org_id } : {}), projectId: p.id, title: p.name };
  }
  const org = await pickOrg(s, { title: l10n.t('Show Consumption'), account: acc, offer: orgsWithConsumption });
  const items = listOrgProjects(client, org.orgId).then((ps) => [
    { icon: 'organization', label: l10n.t('All projects of {0}', org.orgName), description: ps.length === 1 ? l10n.t('1 project') : l10n.t('{0} projects', ps.length), value: undefined },
    ...ps.map<PickItem<Project | undefined>>((p) => ({ label: p.name, description: p.id, value: p })),
  ]);
  const chosen = required(await s.prompt.pick<Project | undefined>(items, { title: l10n.t('Consumption of {0}', org.orgName), placeHolder: l10n.t('The whole organization, or one project'), matchOnDescription: true }), 'project').value;
  return chosen
    ? { accountId: acc.accountId, orgId: org.orgId, projectId: chosen.id, title: chosen.name }
    : { accountId: acc.accountId, orgId: org.orgId, title: org.orgName };
}

export async function showConsumption(s: Services, arg?: unknown): Promise<ConsumptionScope> {
  const scope = await consumptionScope(s, arg);
  openConsumptionPanel(panelContext(s), scope, clientGetter(s));
  return scope;
}

/** A panel VS Code brings back after a window reload. */
export function restoreConsumptionPanel(s: Services, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  return restorePanel(panelContext(s), clientGetter(s), panel, state);
}

/** Closes the panels of removed accounts. */
export function closeConsumptionPanelsOfGone(s: Services): void {
  const closed = closeConsumptionPanelsOfGoneAccounts((id) => !s.accounts.get(id));
  if (closed > 0) s.log.info(`consumption: closed ${closed} panel${closed === 1 ? '' : 's'} of a removed account`);
}

export function consumptionCommands(): CommandSpec[] {
  return [
    { id: CommandIds.showConsumption, action: l10n.t('show the consumption'), run: showConsumption },
    // From the view's "…" menu: the focused row VS Code passes is ignored (src/commands/ids.ts).
    { id: CommandIds.viewShowConsumption, action: l10n.t('show the consumption'), run: (s) => showConsumption(s) },
  ];
}
