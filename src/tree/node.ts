// The base of every tree node, and what nodes are given to do their work.
import * as vscode from 'vscode';
import type { NeonClient } from '../api';
import type { Services } from '../services';
import type { BranchPlace, OrgRef, OrgRole } from './refs';

/** What the provider gives every node. */
export interface TreeEnv {
  readonly s: Services;
  client(accountId: string): Promise<NeonClient>;
  /** Re-renders a node (its item and its children) from data it already holds: no request. */
  rerender(node: TreeNode): void;
  /** Re-renders only a node's own row (label, description, context value); children stay cached. */
  changedItem(node: TreeNode): void;
  /** The project filter of an org node (by node id). */
  readonly filters: Map<string, string>;
  /**
   * Folders whose count was shown in this window, with the last count read (by node id): after a
   * refresh they count again even when collapsed, and show that count until the new one is read.
   */
  readonly counted: Map<string, number>;
  /** The user's own role in an org (by org node id), learnt when the org is first expanded. */
  readonly roles: Map<string, OrgRole>;
  /** Rows the person left expanded (true) or collapsed (false) in this workspace, by node id. */
  readonly expanded: { get(id: string): boolean | undefined };
  /**
   * Personal accounts whose unscoped project list answered 400 (no personal space), by account
   * id: their level is read without it until the key changes.
   */
  readonly noPersonalSpace: Set<string>;
  /** A signal for reads no tree load owns (a folder's count): Stop Loading aborts it. */
  backgroundSignal(): AbortSignal;
  /** Runs `fn` once at the next refresh or Load again after Stop Loading (a stopped count is read again then). */
  afterStop(fn: () => void): void;
  /** Branch ids a linked workspace folder's .env points at (the git feature's pointers). */
  envBranches(): ReadonlySet<string>;
  /** `neonExplorer.projects.loadAll` */
  loadAll(): boolean;
  /** Projects per page (400, the API's maximum). */
  readonly projectPageSize: number;
}

export abstract class TreeNode {
  /** Stable and hierarchical: `acct/<id>/org/<id>/project/<id>/branch/<id>/role/<name>`. */
  abstract readonly id: string;
  abstract readonly parent: TreeNode | undefined;
  /** Completes "Couldn't load …" when loading the children fails, e.g. "projects". */
  readonly childrenNoun: string = 'items';

  /** The row without its Markdown tooltip: VS Code lexes those as it sends a row, so they come on hover. */
  abstract getTreeItem(): vscode.TreeItem;

  /** Asked only when the row is hovered (the provider's resolveTreeItem), from the node as it is then. */
  tooltip(): vscode.MarkdownString | undefined {
    return undefined;
  }

  /**
   * Leaves return undefined. Throwing is fine: the provider turns it into an error node. `signal`
   * aborts when the person stops loading, or a refresh or removal makes the load stale.
   */
  loadChildren(_signal?: AbortSignal): Promise<TreeNode[]> | undefined {
    return undefined;
  }

  /**
   * After a stopped load: rows for what it had already read (the first pages of a load-all), or
   * none. The count is of the paged items among them, for the stopped row to say.
   */
  partialRows(): { rows: TreeNode[]; count: number } | undefined {
    return undefined;
  }

  /** Forget data held by the node (loaders, prefetched lists): the next load asks the API. */
  reset(): void {
    // nothing by default
  }

  /** The account this node belongs to. */
  abstract readonly accountId: string;
}

/** A node below an org (its folders and the rows they list): it carries the org's ids and name. */
export abstract class OrgPartNode extends TreeNode implements OrgRef {
  abstract override readonly parent: TreeNode & OrgRef;
  readonly accountId: string;
  readonly orgId: string;
  readonly orgName: string;

  constructor(org: OrgRef) {
    super();
    this.accountId = org.accountId;
    this.orgId = org.orgId;
    this.orgName = org.orgName;
  }

  /** The account's own role in the org, as the org node learnt it. */
  get myRole(): OrgRole | undefined {
    return this.parent.myRole;
  }
}

/** A node below a branch (its Databases folder, a database, a role): it carries the branch's place. */
export abstract class BranchPartNode extends TreeNode implements BranchPlace {
  readonly accountId: string;
  readonly orgId: string | undefined;
  readonly projectId: string;
  readonly projectName: string;
  readonly branchId: string;
  readonly branchName: string;

  constructor(branch: BranchPlace) {
    super();
    this.accountId = branch.accountId;
    this.orgId = branch.orgId;
    this.projectId = branch.projectId;
    this.projectName = branch.projectName;
    this.branchId = branch.branchId;
    this.branchName = branch.branchName;
  }
}

export function item(label: string, collapsible: vscode.TreeItemCollapsibleState, init: Partial<vscode.TreeItem> = {}): vscode.TreeItem {
  const t = new vscode.TreeItem(label, collapsible);
  Object.assign(t, init);
  // What a screen reader says: VS Code's own label is "<label> <description>", which ends in a
  // space when there is no description ("app_user ") and runs the two together when there is.
  if (t.description === '') t.description = undefined;
  t.accessibilityInformation ??= { label: typeof t.description === 'string' ? `${label}, ${t.description}` : label };
  return t;
}

/**
 * What a screen reader says for a row: what it is first ("Branch dev"), then the parts of its
 * description, comma-separated (the side bar's " · " is read out as nothing, or as "middle dot").
 */
export function spoken(what: string, ...parts: (string | undefined | null | false)[]): vscode.AccessibilityInformation {
  return { label: [what, ...parts.filter((p): p is string => !!p)].join(', ') };
}

export const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
export const Expanded = vscode.TreeItemCollapsibleState.Expanded;
export const Leaf = vscode.TreeItemCollapsibleState.None;

/** A row below an organization: drawn expanded when the person left it so in this workspace (expandedRows.ts). */
export function leftOpen(env: Pick<TreeEnv, 'expanded'>, id: string): vscode.TreeItemCollapsibleState {
  return env.expanded.get(id) ? Expanded : Collapsed;
}

export function icon(id: string, color?: string): vscode.ThemeIcon {
  return color ? new vscode.ThemeIcon(id, new vscode.ThemeColor(color)) : new vscode.ThemeIcon(id);
}

/** `2024-05-01` from an ISO timestamp (undefined stays undefined). */
export function day(iso: string | undefined | null): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(iso);
  return m ? m[1] : iso;
}

/** A markdown tooltip: a bold title, then `key: value` rows (empty values skipped). */
export function markdownTooltip(title: string, rows: [string, string | number | undefined | null | false][], footer?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(title)}**\n\n`);
  for (const [k, v] of rows) {
    if (v === undefined || v === null || v === false || v === '') continue;
    md.appendMarkdown(`${escapeMd(k)}: \`${String(v).replace(/`/g, "'")}\`  \n`);
  }
  if (footer) md.appendMarkdown(`\n${footer}`);
  return md;
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** `kind;flag;flag` */
export function contextValue(kind: string, flags: Record<string, boolean | undefined>): string {
  return [kind, ...Object.entries(flags).filter(([, on]) => on).map(([f]) => f)].join(';');
}
