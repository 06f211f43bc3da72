import type * as vscode from 'vscode';
import { addedIfNameClash, describeKind } from '../accounts/identify';
import type { StoredAccount } from '../accounts/store';
import { CommandIds } from '../commands/ids';
import type { AccountRef } from './refs';
import { EmptyNode } from './EmptyNode';
import { loadAccountLevel } from './levelRequests';
import type { LoadedPage } from './pagedLoader';
import { levelDir, levelRecord, recallLevel, rememberLevel, sameLevel, type RememberedLevel } from './rememberedLevel';
import type { Organization, Project } from '../api';
import { Collapsed, Expanded, TreeNode, contextValue, day, icon, item, markdownTooltip, spoken, type TreeEnv } from './node';
import { OrgNode } from './OrgNode';
import { ProjectsFolderNode } from './ProjectsFolderNode';
import * as l10n from '@vscode/l10n';

/** One Neon API key: its organizations, "Shared with me" and any personal projects. */
export class AccountNode extends TreeNode implements AccountRef {
  readonly id: string;
  readonly parent = undefined;
  readonly accountId: string;
  override readonly childrenNoun = 'organizations';
  /** The level drawn from the last launch's record, and the one the API gave since. */
  private recalled?: RememberedLevel;
  private fresh?: { record?: RememberedLevel; personal?: LoadedPage<Project> };

  constructor(
    private readonly env: TreeEnv,
    readonly account: StoredAccount,
    readonly only: boolean,
  ) {
    super();
    this.accountId = account.id;
    this.id = `acct/${account.id}`;
  }

  /** Drawn expanded: as the person left it in this workspace, else when it is the only account. */
  get drawnExpanded(): boolean {
    return this.env.expanded.get(this.id) ?? this.only;
  }

  get rejected(): boolean {
    return !!this.account.rejected;
  }

  /** Why the key cannot be read from SecretStorage now (a locked keyring), if it cannot. */
  get keyProblem(): string | undefined {
    return this.env.s.accounts.keyProblem(this.accountId);
  }

  /** The key was stored in another window and this window reads it after a reload. */
  get keyElsewhere(): boolean {
    return this.env.s.accounts.keyInOtherWindow(this.accountId);
  }

  getTreeItem(): vscode.TreeItem {
    const a = this.account;
    const problem = this.keyProblem;
    const elsewhere = !problem && this.keyElsewhere;
    const offline = this.env.s.offline?.state(this.accountId);
    // Whose key first: the side bar cuts the description's end, and two accounts differ by it (walk 15).
    const who = a.kind === 'personal' ? a.email : a.kind === 'project' ? a.projectName ?? a.orgName : a.orgName;
    const kind = a.unverified ? l10n.t('API key (not checked yet)') : describeKind(a.kind);
    const parts = this.rejected ? [l10n.t('Key rejected')] : problem ? [l10n.t('Key unavailable: {0}', problem)] : elsewhere ? [l10n.t('Key set in another window — reload this window')] : offline ? [l10n.t('Offline — reloads when Neon answers')] : [who !== a.label ? who : undefined, kind, addedIfNameClash(a, this.env.s.accounts.list())];
    return item(a.label, this.drawnExpanded ? Expanded : Collapsed, {
      contextValue: contextValue('account', { rejected: this.rejected }),
      // Short: the side bar cut "Key rejected — Update key…" (walk 28); the row's one child is Update API Key….
      description: parts.filter(Boolean).join(' · '),
      accessibilityInformation: spoken(l10n.t('Account {0}', a.label), ...parts),
      iconPath: this.rejected || problem || elsewhere ? icon('warning', 'list.warningForeground') : offline ? icon('debug-disconnect', 'list.warningForeground') : icon(a.kind === 'personal' ? 'account' : a.kind === 'organization' ? 'organization' : 'project'),
    });
  }

  override tooltip(): vscode.MarkdownString {
    const a = this.account;
    const problem = this.keyProblem;
    const elsewhere = !problem && this.keyElsewhere;
    const offline = this.env.s.offline?.state(this.accountId);
    const kind = a.unverified ? l10n.t('API key (not checked yet)') : describeKind(a.kind);
    return markdownTooltip(
      a.label,
      [
        [l10n.t('Key'), kind],
        [l10n.t('Email'), a.email],
        [l10n.t('Organization'), a.orgName ? `${a.orgName} (${a.orgId})` : a.orgId],
        [l10n.t('Project'), a.projectName ? `${a.projectName} (${a.projectId})` : a.projectId],
        ['API', a.baseUrl],
        [l10n.t('Added'), day(a.addedAt)],
      ],
      this.rejected
        ? l10n.t('$(warning) Neon rejected this key (401). Use **Update API Key…** to replace it.')
        : problem
          ? l10n.t('$(warning) The key cannot be read from VS Code\'s secret storage ({0}). The OS keyring may be locked or not running: unlock it and the account comes back by itself (tried every 10 s and on Refresh). Nothing was deleted.', problem)
          : elsewhere
            ? l10n.t('$(warning) The key of this account was added or changed in another window, and this window cannot read it yet (VS Code in a browser reads its secret storage once per tab). Run **Developer: Reload Window**; if the key is still missing after that, use **Update API Key…**.')
            : offline
              ? l10n.t('$(debug-disconnect) Offline since {0}: the Neon API{1} could not be reached. The tree keeps what it showed and reloads by itself when the API answers again (asked every few seconds). Nothing is sent again by itself.', new Date(offline.since).toLocaleTimeString(), offline.host ? ` at ${offline.host}` : '')
            : undefined,
    );
  }

  /** The one row of an account whose key Neon rejected: updating the key is the way on (a Retry cannot help). */
  rejectedRows(): TreeNode[] {
    return [
      // The account row already says "Key rejected": its one child is the way on, not a repeat.
      new EmptyNode(
        this,
        l10n.t('Update API Key…'),
        { command: CommandIds.updateAccountKey, title: l10n.t('Update API Key'), arguments: [{ accountId: this.accountId }] },
        l10n.t('Neon answered 401 for this key: it is wrong, expired or revoked. Nothing is loaded until the key is updated.') + requestIdText(this.env.s.accounts.rejectedRequestId?.(this.accountId)),
        'key',
        l10n.t('Neon answered 401'),
      ),
    ];
  }

  override async loadChildren(signal?: AbortSignal): Promise<TreeNode[]> {
    if (this.rejected) return this.rejectedRows();
    const account = await this.env.s.accounts.ensureVerified(this.accountId);
    const client = await this.env.client(this.accountId);
    const known = this.env.noPersonalSpace.has(this.accountId) ? { personalSpace: false } : {};
    const level = await loadAccountLevel(client, { kind: account.kind, orgId: account.orgId, ...known }, signal);
    if (level.personalSpace === false) this.env.noPersonalSpace.add(this.accountId);
    const record = levelRecord(account, level.orgs, !!level.personal);
    this.fresh = { record, ...(level.personal ? { personal: level.personal } : {}) };
    // A load made stale (a refresh, Stop) is not kept: the newer one will be.
    if (!signal?.aborted) void rememberLevel(levelDir(this.env.s.context.globalStorageUri), account, record).catch((e: unknown) => this.env.s.log.warn(`Could not keep the level of ${this.id} for the next launch: ${String(e)}`));
    return this.nodesOf(account, level.orgs, level.personal ?? false);
  }

  /**
   * The level as the last launch showed it (no request), for the provider to draw while it loads
   * the level again; undefined when there is none or the account needs attention first.
   */
  async remembered(): Promise<TreeNode[] | undefined> {
    const a = this.account;
    if (this.rejected || a.unverified || this.keyProblem || this.keyElsewhere) return undefined;
    const r = await recallLevel(levelDir(this.env.s.context.globalStorageUri), a);
    if (!r) return undefined;
    this.recalled = r;
    return this.nodesOf(a, r.orgs, r.personal);
  }

  /**
   * After the level was loaded again: whether it is what was drawn from memory. Then the drawn
   * nodes stay (no redraw) and the personal folder gets the page the load brought.
   */
  confirms(shown: readonly TreeNode[]): boolean {
    if (!this.recalled || !this.fresh?.record || !sameLevel(this.recalled, this.fresh.record)) return false;
    const personal = this.fresh.personal;
    if (personal) for (const n of shown) if (n instanceof ProjectsFolderNode && n.kind === 'personal') n.offerFirstPage(personal);
    return true;
  }

  /** `personal`: the first page of personal projects, or only whether there are any (from memory). */
  private nodesOf(account: StoredAccount, orgs: readonly Organization[], personal: LoadedPage<Project> | boolean): TreeNode[] {
    const nodes: TreeNode[] = orgs.map((o) => new OrgNode(this.env, this, o, account, orgs.length === 1 && account.kind !== 'personal'));
    if (account.kind === 'personal') {
      if (personal) nodes.push(new ProjectsFolderNode(this.env, this, 'personal', personal === true ? undefined : personal));
      nodes.push(new ProjectsFolderNode(this.env, this, 'shared'));
      if (orgs.length === 0 && !personal) {
        nodes.unshift(new EmptyNode(this, l10n.t('No organizations — Refresh'), { command: CommandIds.refreshNode, title: l10n.t('Refresh'), arguments: [this] }, l10n.t('This account belongs to no organization yet. Create one in the Neon Console, then refresh.'), 'refresh'));
      }
    }
    return nodes;
  }
}

/** " (request id …)" after a sentence, when the answer that said it is known (walk 25: the 401 row had none). */
function requestIdText(requestId: string | undefined): string {
  return requestId ? l10n.t(' (request id {0})', requestId) : '';
}
