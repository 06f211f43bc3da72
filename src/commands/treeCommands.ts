// Commands of the tree itself: refresh, stop loading, retry, "Load more…", project filters, the log.
import type { Services } from '../services';
import { isLoadMoreOwner, LoadMoreNode } from '../tree/LoadMoreNode';
import { Leaf, TreeNode } from '../tree/node';
import { NeonTreeProvider } from '../tree/provider';
import { ErrorNode } from '../tree/ErrorNode';
import { StoppedNode } from '../tree/StoppedNode';
import { OrgNode } from '../tree/OrgNode';
import { isAccountRef, isOrgRef, type OrgRef } from '../tree/refs';
import { CommandIds } from './ids';
import * as pickers from './pickers';
import { DatabasesFolderNode } from '../tree/DatabasesFolderNode';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

function provider(s: Services): NeonTreeProvider | undefined {
  return s.tree instanceof NeonTreeProvider ? s.tree : undefined;
}

async function refreshNode(s: Services, arg: unknown): Promise<void> {
  const p = provider(s);
  // "Load again": the row turns into "Loading…" while its parent loads.
  if (p && arg instanceof StoppedNode) return p.loadAgainFrom(arg);
  // A row with nothing below it (a role, a database, a member…) is read with the list it is in.
  if (p && arg instanceof TreeNode && arg.parent && arg.getTreeItem().collapsibleState === Leaf) return p.refreshNode(arg.parent);
  // The branch reads its databases with its roles (their "owns …", the folder's count): read both again.
  if (p && arg instanceof DatabasesFolderNode) return p.refreshNode(arg.parent);
  if (p && arg instanceof TreeNode) return p.refreshNode(arg);
  s.tree.refresh();
}

async function retryNode(s: Services, arg: unknown): Promise<void> {
  const p = provider(s);
  if (p && arg instanceof ErrorNode) return p.refreshNode(arg.parent);
  if (p && arg instanceof TreeNode && arg.parent) return p.refreshNode(arg.parent);
  s.tree.refresh();
}

async function loadMore(s: Services, arg: unknown): Promise<void> {
  if (arg instanceof LoadMoreNode) {
    if (arg.loading) return;
    const p = provider(s);
    arg.loading = true;
    p?.env.changedItem(arg);
    const work = arg.parent.loadMore(arg.cursor);
    p?.showProgress(work);
    try {
      return await work;
    } catch (e) {
      // Nothing was added: the row offers the page again.
      arg.loading = false;
      p?.env.changedItem(arg);
      throw e;
    }
  }
  if (isLoadMoreOwner(arg)) {
    // Called with the folder or org itself: the next page after what is shown.
    const cursor = (arg as { projectsLoader?: { cursor?: string } }).projectsLoader?.cursor;
    if (cursor) return arg.loadMore(cursor);
  }
}

const orgNodeId = (ref: OrgRef) => `acct/${ref.accountId}/org/${ref.orgId}`;

async function filterProjects(s: Services, arg: unknown): Promise<void> {
  const org = isOrgRef(arg) ? arg : await pickers.resolveOrg(s, arg, l10n.t('Filter the projects of which organization?'));
  const p = provider(s);
  if (!p) return;
  const id = orgNodeId(org);
  const current = p.env.filters.get(id);
  const text = await s.prompt.input({
    title: l10n.t('Filter projects of {0}', org.orgName),
    prompt: l10n.t('Show only projects whose name or id contains this text. Leave empty to show all.'),
    value: current ?? '',
    placeHolder: l10n.t('name or id'),
  });
  if (text === undefined) return;
  setFilter(p, org, text.trim());
}

/**
 * On an organization's row: its filter. From the palette (offered while a filter is set): the one
 * filter there is, or, with several, the organization chosen, "all of them" first.
 */
async function clearProjectFilter(s: Services, arg: unknown): Promise<void> {
  const p = provider(s);
  if (!p) return;
  if (isOrgRef(arg)) return setFilter(p, arg, '');
  const filtered = [...p.env.filters].flatMap(([id, text]): Array<{ org: OrgRef; text: string }> => {
    const m = /^acct\/(.+)\/org\/([^/]+)$/.exec(id);
    if (!m || (isAccountRef(arg) && arg.accountId !== m[1])) return [];
    const shown = p.node(id);
    return [{ org: { accountId: m[1]!, orgId: m[2]!, orgName: shown instanceof OrgNode ? shown.orgName : m[2]! }, text }];
  });
  if (filtered.length === 0) {
    void s.prompt.message('info', l10n.t('No organization\'s projects are filtered: the Neon view shows them all.'), {});
    return;
  }
  type Choice = { org: OrgRef; text: string } | 'all';
  const chosen: Choice =
    filtered.length === 1
      ? filtered[0]!
      : pickers.required(
          await s.prompt.pick<Choice>(
            [
              { label: l10n.t('All {0} filters', filtered.length), description: filtered.map((f) => f.org.orgName).join(', '), value: 'all' },
              ...filtered.map((f) => ({ label: f.org.orgName, description: l10n.t('filtered by "{0}"', f.text), value: f }),
              ),
            ],
            { title: l10n.t('Clear Project Filter'), placeHolder: l10n.t('Clear the project filter of which organization?') },
          ),
          'organization',
        ).value;
  for (const f of chosen === 'all' ? filtered : [chosen]) setFilter(p, f.org, '');
}

function setFilter(p: NeonTreeProvider, org: OrgRef, text: string): void {
  const id = orgNodeId(org);
  if ((p.env.filters.get(id) ?? '') === text) return;
  if (text) p.env.filters.set(id, text);
  else p.env.filters.delete(id);
  const shown = p.node(id);
  // The whole list is in the host: filtered there, without a request. Otherwise Neon searches.
  if (shown instanceof OrgNode && shown.canFilterLocally) p.rerender(shown);
  else p.refresh({ accountId: org.accountId, orgId: org.orgId, part: 'projects' });
  // A filter set on a collapsed organization shows what it found (walk 33: only the description changed).
  if (text && shown && p.expandedRows.get(id) !== true) void Promise.resolve(p.expandRow(p.node(id) ?? shown)).catch(() => undefined);
}

export const treeCommands: CommandSpec[] = [
  { id: CommandIds.refresh, action: l10n.t('refresh the Neon view'), run: (s) => s.tree.refresh() },
  { id: CommandIds.refreshNode, action: 'refresh', run: (s, arg) => refreshNode(s, arg) },
  { id: CommandIds.stopLoading, action: l10n.t('stop loading'), run: (s) => provider(s)?.stopLoading() ?? 0 },
  { id: CommandIds.retryNode, action: 'retry', run: (s, arg) => retryNode(s, arg) },
  { id: CommandIds.showLog, action: l10n.t('show the log'), run: (s) => s.log.show() },
  { id: CommandIds.loadMore, action: l10n.t('load more projects'), run: (s, arg) => loadMore(s, arg) },
  { id: CommandIds.filterProjects, action: l10n.t('filter the projects'), run: (s, arg) => filterProjects(s, arg) },
  { id: CommandIds.clearProjectFilter, action: l10n.t('clear the project filter'), run: (s, arg) => clearProjectFilter(s, arg) },
];
