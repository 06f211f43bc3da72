// One generic TreeDataProvider: it delegates to the node classes, caches children per node id,
// turns a failing load into an error node (a 401 marks the account rejected instead of retrying),
// and refreshes only the subtree that changed. Every load carries an AbortSignal: "Stop Loading"
// (shown in the view's title while a load runs) aborts them all and leaves a "Load again" row
// (above the rows shown before, when it was a refresh); a refresh or a removed account aborts the loads it makes stale, whose answers land nowhere.
//
// A row never changes while VS Code may still be taking in children below it. VS Code notes which
// row it fetches children for before it asks, and files the answer under that row; if the row was
// replaced meanwhile (a change to it, e.g. a folder's count learnt by that very load), the children
// end up filed under a row that no longer exists, their ids stay taken, and the next load of that
// folder fails with "Element with id … is already registered" (issue 13). So changes to a row wait
// until every load at or below it has settled and VS Code has filed the answer.
import * as vscode from 'vscode';
import { type NeonClient, isCancellation, isNeonApiError } from '../api';
import { isKeyRejected, type AccountChange } from '../accounts/store';
import type { RefreshTarget, Services, TreeController } from '../services';
import type { ActivationTimings } from '../activationTiming';
import { AccountNode } from './AccountNode';
import { BranchNode } from './BranchNode';
import { ErrorNode, fullReason } from './ErrorNode';
import { PROJECT_PAGE_SIZE } from './levelRequests';
import { ProjectFilters } from './projectFilter';
import { forgetLevel, levelDir } from './rememberedLevel';
import { TreeNode, type TreeEnv } from './node';
import { OrgNode } from './OrgNode';
import { ExpandedRows } from './expandedRows';
import type { OrgRole } from './refs';
import { StoppedNode } from './StoppedNode';
import { rowNames } from './rowNames';
import { EmptyNode } from './EmptyNode';
import { LoadMoreNode } from './LoadMoreNode';

const ROOT = '';
/** Abort reasons: the person pressed Stop Loading, or a refresh/removal made the load pointless. */
const STOPPED = 'stopped';
const STALE = 'stale';
/** The context key behind the view's "Stop Loading" button. */
export const LOADING_CONTEXT = 'neonExplorer.loading';
/** The context key behind Clear Project Filter in the palette: some organization's projects are filtered. */
export const FILTER_CONTEXT = 'neonExplorer.projectFilterSet';
/** How long after a load settles its held-back rows wait: the window's own fetch must be done. */
const FILED_AFTER_MS = 150;
/** Loads shorter than this never flash the button. */
const SHOW_STOP_AFTER_MS = 250;
const VIEW_ID = 'neonExplorer.accounts';

export class NeonTreeProvider implements vscode.TreeDataProvider<TreeNode>, TreeController, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** Children per node id ('' = the accounts). */
  private readonly children = new Map<string, Promise<TreeNode[]>>();
  /** Rows that showed "Load again" instead of loading because Stop Loading held (their stopped row, by id). */
  private readonly heldByStop = new Map<string, StoppedNode>();
  /** Rows the person opened after Stop Loading, before VS Code asked for their children. */
  private readonly openedAfterStop = new Set<string>();
  /** The latest node object per id (what VS Code holds). */
  private readonly nodes = new Map<string, TreeNode>();
  readonly env: TreeEnv;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Loads started, by node id (tests and the bench read it). */
  readonly loads = new Map<string, number>();
  /**
   * Every load in flight with its node id. Keyed by controller, not id: a node dropped without an
   * abort (a verified account keeps its load) and asked for again has two, and Stop reaches both.
   */
  private readonly runningLoads = new Map<AbortController, string>();
  private envPointed: ReadonlySet<string> = new Set();
  /**
   * Aborted by Stop Loading, renewed by the next refresh or Load again: the reads of counts, which
   * belong to no load, and while aborted every load asked for (see load()).
   */
  private background = new AbortController();
  /** Run at the next refresh or Load again after Stop Loading (see TreeEnv.afterStop). */
  private readonly afterStop: (() => void)[] = [];
  /** Nodes drawn again from what they hold (rerender: Load more landed): their next load sends nothing, so a stop does not hold it. */
  private readonly fromHeld = new Set<string>();
  private stopShown = false;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  /** Loads whose answer VS Code has not filed yet, by node id (stopped and stale ones included). */
  private readonly unsettled = new Map<string, number>();
  /** Rows whose change waits for the loads below them (node ids). */
  private readonly heldBack = new Set<string>();
  /** Whether the first list of accounts has been shown (its expanded account's level is asked for at once). */
  private accountsShown = false;
  /** Accounts whose level was asked for in this window: only the first ask may be drawn from memory. */
  private readonly levelAsked = new Set<string>();
  /**
   * Levels drawn from memory, each with its reading again: started once the window has the rows.
   * A request begun before the window's ask (the level is loaded ahead of it) held that ask back
   * ~90 ms in the bench: VS Code's fetch asks the window for the proxy and the machine's
   * certificates on its first call. A tree that only answers is asked ~10 ms after its accounts.
   */
  private readonly fromMemory = new WeakMap<TreeNode[], () => void>();
  /**
   * The last children each node showed: kept on screen while its account is offline, and under
   * "Couldn't refresh …" when reading them again fails.
   */
  private readonly lastGood = new Map<string, TreeNode[]>();

  /** What the person left expanded or collapsed (the TreeView reports it: createTree). */
  readonly expandedRows: ExpandedRows;
  /** The rows selected in the view (createTree connects it to the TreeView). */
  selection: () => readonly TreeNode[] = () => [];
  /** Shows a row expanded in the view (createTree connects it to the TreeView). */
  expandRow: (node: TreeNode) => Thenable<void> = () => Promise.resolve();
  /** The window has the account rows as they are since the last change (asked and answered). */
  private rootAsked = true;
  private rootWaiters: (() => void)[] = [];
  private rootFiled(): void {
    this.rootAsked = true;
    for (const w of this.rootWaiters.splice(0)) w();
  }
  /**
   * Resolves once the window has the account rows of the last change (at most `maxMs` later): the
   * view shows its welcome content only once it knows it has no rows, and a focus given before
   * goes to the list about to be hidden (walk 36: the focus fell to the page's body).
   */
  rowsFiled(maxMs = 3000): Promise<void> {
    if (this.rootAsked) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.rootWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  focusAccount?: (accountId: string) => Promise<void>;
  focusView?: () => Promise<void>;

  constructor(
    private readonly s: Services,
    private readonly timings?: ActivationTimings,
  ) {
    this.expandedRows = new ExpandedRows(s.context.workspaceState);
    this.env = {
      s,
      client: (accountId: string): Promise<NeonClient> => s.clients.get(accountId),
      rerender: (node) => this.rerender(node),
      changedItem: (node) => this.fire(node),
      filters: ProjectFilters.watched((any) => void vscode.commands.executeCommand('setContext', FILTER_CONTEXT, any).then(undefined, () => undefined)),
      counted: new Map<string, number>(),
      roles: new Map<string, OrgRole>(),
      noPersonalSpace: new Set<string>(),
      expanded: this.expandedRows,
      envBranches: () => this.envPointed,
      backgroundSignal: () => this.background.signal,
      afterStop: (fn) => this.afterStop.push(fn),
      loadAll: () => vscode.workspace.getConfiguration('neonExplorer').get<boolean>('projects.loadAll', false),
      projectPageSize: PROJECT_PAGE_SIZE,
    };
    this.subscriptions.push(s.accounts.onDidChangeAccount((c) => this.accountChanged(c)));
    if (s.offline) this.subscriptions.push(s.offline.onDidChange((c) => this.offlineChanged(c.id, c.offline)));
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('neonExplorer.projects.loadAll')) this.refresh();
      }),
    );
  }

  dispose(): void {
    for (const c of this.runningLoads.keys()) c.abort(STALE);
    this.runningLoads.clear();
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.timesVisible(false);
    this.subscriptions.forEach((d) => d.dispose());
    this.changeEmitter.dispose();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const t = node.getTreeItem();
    t.id = node.id;
    if (node instanceof BranchNode && (node.branch.expires_at || node.branch.last_reset_at)) this.timed.set(node.id, String(t.description ?? ''));
    else this.timed.delete(node.id);
    return t;
  }

  /**
   * Branch rows whose description says a relative time ("reset 8 minutes ago", "expires in 2
   * hours"), as last sent to the view: the words age while the data does not (walk 42 read "reset
   * 8 minutes ago" 14 minutes after), so they are checked while the view is visible.
   */
  private readonly timed = new Map<string, string>();
  private timesTimer: ReturnType<typeof setInterval> | undefined;
  /**
   * How often the shown relative times are checked: a quarter of their finest unit, a minute, so a
   * word is at most 15 s late (walk 43 read "reset just now" 77 s after a reset with a 60 s check).
   * Each check only compares the timed rows' words: no request, no redraw unless one changed.
   */
  timesEveryMs = 15_000;

  /** Redraws, from the data the rows hold (no request), the timed rows whose text would change; says which. */
  redrawTimes(): string[] {
    const redrawn: string[] = [];
    for (const [id, shown] of this.timed) {
      const node = this.nodes.get(id);
      if (!(node instanceof BranchNode)) {
        this.timed.delete(id);
        continue;
      }
      if (String(node.getTreeItem().description ?? '') === shown) continue;
      redrawn.push(id);
      this.fire(node);
    }
    return redrawn;
  }

  /** The view shown or hidden: times are checked only while someone can read them, and at once when shown again. */
  timesVisible(visible: boolean): void {
    if (this.timesTimer) clearInterval(this.timesTimer);
    this.timesTimer = undefined;
    if (!visible) return;
    this.redrawTimes();
    this.timesTimer = setInterval(() => this.redrawTimes(), this.timesEveryMs);
  }

  /**
   * Called by VS Code on hover: the row's Markdown tooltip, as the node describes it now. Rows go
   * out without one because VS Code's extension host lexes every MarkdownString tooltip (with
   * marked) as it sends a row: the first in a window blocked the host for 20–40 ms just when the
   * window asked for the first level (bench/activation.ts, CPU profile).
   */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip ??= node.tooltip();
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** `prefetch`: asked by the provider itself, ahead of the window (not timed as the window's ask). */
  getChildren(node?: TreeNode, prefetch = false): Promise<TreeNode[]> {
    const key = node?.id ?? ROOT;
    const p = this.children.get(key) ?? this.startLoad(node);
    if (node && !prefetch) void p.then((list) => this.readAgainOnceShown(key, p, list));
    if (!node && !prefetch) this.timings?.step('view asks for the accounts');
    if (!node && !prefetch) void p.then(() => setTimeout(() => this.rootFiled(), FILED_AFTER_MS), () => undefined);
    if (node instanceof AccountNode && !prefetch && this.timings && this.timings.firstLevelMs === undefined) {
      this.timings.step('view asks for the level');
      // Timed when the window has the level: the later of its ask and the level being there.
      void p.then((list) => {
        if (list.length === 0 || list[0] instanceof ErrorNode || list[0] instanceof StoppedNode) return;
        const remembered = this.timings!.freshLevelMs === undefined;
        const first = this.timings!.markFirstLevel();
        // With the view opened late (walk 38: 107,801 ms) the first figure reads like a slow start: the second says what the tree took.
        const asked = this.timings!.steps?.['view asks for the level'];
        const waited = first !== undefined && asked !== undefined ? `, ${Math.round(first - asked)} ms after the view asked for it` : '';
        if (first !== undefined) this.s.log.info(`First account level shown ${Math.round(first)} ms after activation began${waited}${remembered ? ' (as the last launch left it; read again now)' : ''}`);
      });
    }
    return p;
  }

  private startLoad(node: TreeNode | undefined): Promise<TreeNode[]> {
    const key = node?.id ?? ROOT;
    const controller = new AbortController();
    this.runningLoads.set(controller, key);
    this.unsettled.set(key, (this.unsettled.get(key) ?? 0) + 1);
    const p = this.load(node, controller.signal).finally(() => {
      this.runningLoads.delete(controller);
      this.loadingChanged();
      // The answer still has to reach the window and be drawn there. A row changed before that
      // is refreshed in the window as part of the fetch already under way (so not fetched again),
      // while the extension host forgets the children it just sent: expanding one of them then
      // shows nothing. Seen with `npm start` (the demo account added during the first load) at
      // one task's delay; held-back rows go out after FILED_AFTER_MS instead.
      setTimeout(() => this.settled(key), FILED_AFTER_MS);
    });
    this.children.set(key, p);
    this.loadingChanged();
    return p;
  }

  /** Node ids whose children are loading now. */
  get loading(): string[] {
    return [...new Set(this.runningLoads.values())];
  }

  /**
   * The branches linked folders' .env files point at: their rows say "in .env" (walk 31: the tree
   * never showed which branch the .env used). Only the rows whose mark changed are drawn again.
   */
  setEnvBranches(ids: ReadonlySet<string>): void {
    const changed = [...ids, ...this.envPointed].filter((id) => ids.has(id) !== this.envPointed.has(id));
    this.envPointed = new Set(ids);
    if (changed.length === 0) return;
    for (const node of this.nodes.values()) if (node instanceof BranchNode && changed.includes(node.branchId)) this.fire(node);
  }

  /** The view's progress bar while `work` runs (a page of "Load more…"). */
  showProgress(work: Promise<unknown>): void {
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => work.catch(() => undefined));
  }

  /**
   * "Stop Loading": aborts every load in flight; each such node shows "Load again" (loading
   * stopped). Until the next refresh or Load again nothing new loads either (see load()).
   */
  stopLoading(): number {
    const n = this.runningLoads.size;
    for (const c of this.runningLoads.keys()) c.abort(STOPPED);
    // A count waiting out Neon's pause kept "waiting" in the status bar after the stop (CI, twice).
    // Counts asked for after the stop (the kept rows drawn again) are not read either, until the
    // next refresh or Load again.
    this.background.abort(STOPPED);
    this.runningLoads.clear();
    this.loadingChanged();
    return n;
  }

  /** Aborts the loads of `id` (and, with `subtree`, below it): their answers would be thrown away. */
  private abortStale(id: string, subtree: boolean): void {
    for (const [c, key] of [...this.runningLoads]) {
      if (key === id || (subtree && (id === ROOT || key.startsWith(`${id}/`)))) {
        c.abort(STALE);
        this.runningLoads.delete(c);
      }
    }
    this.loadingChanged();
  }

  private loadingChanged(): void {
    const busy = this.runningLoads.size > 0;
    if (busy && !this.stopShown && !this.stopTimer) {
      this.stopTimer = setTimeout(() => {
        this.stopTimer = undefined;
        if (this.runningLoads.size > 0) this.setStopShown(true);
      }, SHOW_STOP_AFTER_MS);
    } else if (!busy) {
      if (this.stopTimer) clearTimeout(this.stopTimer);
      this.stopTimer = undefined;
      if (this.stopShown) this.setStopShown(false);
    }
  }

  private setStopShown(on: boolean): void {
    this.stopShown = on;
    void vscode.commands.executeCommand('setContext', LOADING_CONTEXT, on).then(undefined, () => undefined);
  }

  /** The node last handed to VS Code under this id. */
  node(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /**
   * The person opened a row. After Stop Loading, only the rows VS Code asks for by itself (those
   * drawn expanded) wait for Load again: a row opened by hand is a request to load it, whether VS
   * Code asks for its children before or after it reports the expansion.
   */
  expandedByPerson(node: TreeNode): void {
    if (!this.stopHolds) return;
    const row = this.heldByStop.get(node.id);
    if (row) this.loadAgainFrom(row);
    else this.openedAfterStop.add(node.id);
  }

  /** Stop Loading was pressed and no refresh or Load again came since. */
  private get stopHolds(): boolean {
    return this.background.signal.aborted;
  }

  private async load(node: TreeNode | undefined, signal: AbortSignal): Promise<TreeNode[]> {
    const key = node?.id ?? ROOT;
    const held = this.fromHeld.delete(key);
    // Walk 34: VS Code asks for the rows drawn expanded once it has drawn the level the stop ended
    // (the level answered just before the stop, or its kept rows): those loads began after the
    // stop and ran on. A row asked for after Stop shows where loading stopped, and sends nothing.
    // A rejected account's one row ("Update API Key…") needs no request.
    // A row the person opens after the stop is asked for, and loads (expandedByPerson).
    if (node && !held && this.stopHolds && !this.openedAfterStop.delete(key) && !(node instanceof AccountNode && node.rejected)) {
      this.s.log.info(`Not loading ${node.childrenNoun} of ${rowNames(node) ?? node.id}: loading was stopped (Load again or Refresh loads it)`);
      const list = this.stopped(node);
      for (const n of list) this.nodes.set(n.id, n);
      this.heldByStop.set(key, list[0] as StoppedNode);
      return list;
    }
    this.heldByStop.delete(key);
    this.loads.set(key, (this.loads.get(key) ?? 0) + 1);
    let list: TreeNode[];
    try {
      if (!node) {
        const accounts = this.s.accounts.list();
        list = accounts.map((a) => new AccountNode(this.env, a, accounts.length === 1));
      } else {
        const remembered = (node instanceof AccountNode || node instanceof OrgNode) && this.firstAskFor(node) ? await node.remembered() : undefined;
        // (A refresh while the record was read makes this load stale: it is not read again here.)
        if ((node instanceof AccountNode || node instanceof OrgNode) && remembered && !signal.aborted) {
          list = remembered;
          this.lastGood.set(key, list);
          const drawn = list;
          this.fromMemory.set(drawn, () => void this.loadAgain(node, drawn));
        } else {
          const pending = node.loadChildren(signal);
          list = pending ? await pending : [];
          if (node instanceof AccountNode) this.timings?.markFreshLevel();
        }
      }
    } catch (err) {
      if (node && signal.aborted && signal.reason === STOPPED) {
        this.s.log.info(`Loading ${node.childrenNoun} of ${rowNames(node) ?? node.id} was stopped`);
        list = this.stopped(node);
      } else if (signal.aborted) {
        list = [];
      } else {
        list = node ? await this.failed(node, err) : [];
      }
    }
    // A stale load (refreshed or removed meanwhile) must not replace the nodes VS Code now holds.
    if (signal.aborted && signal.reason === STALE) return [];
    for (const n of list) this.nodes.set(n.id, n);
    if (!node && !this.accountsShown) {
      // The only account is drawn expanded, so the window asks for its level next, after a round
      // trip to the window: start that load now (once, at launch; later the person may have
      // collapsed it).
      this.accountsShown = true;
      for (const n of list) if (n instanceof AccountNode && n.drawnExpanded && !n.rejected) void this.getChildren(n, true);
    }
    if (node && !(list[0] instanceof ErrorNode) && !(list[0] instanceof StoppedNode)) this.lastGood.set(key, list);
    return list;
  }

  /**
   * Once the window has rows drawn from memory, reads them again (after this task: the answer to
   * its ask goes out first), unless a refresh has replaced them meanwhile. A view the window
   * never shows never asks, so nothing is read for it until it does.
   */
  private readAgainOnceShown(key: string, p: Promise<TreeNode[]>, list: TreeNode[]): void {
    const again = this.fromMemory.get(list);
    if (!again) return;
    this.fromMemory.delete(list);
    setTimeout(() => {
      // Stopped meanwhile: what was drawn stays, and is read again by a refresh or Load again.
      if (this.children.get(key) === p && !this.stopHolds) again();
    }, 0);
  }

  /** Whether this is the window's first ask for the node's children (only that one may be drawn from memory). */
  private firstAskFor(node: AccountNode | OrgNode): boolean {
    if (this.levelAsked.has(node.id)) return false;
    this.levelAsked.add(node.id);
    return true;
  }

  /**
   * Reads again an account level (or an organization's projects) drawn from memory, with the
   * view's progress bar, and puts the answer in its place when it differs (an error or "Key
   * rejected" too). A refresh or Stop meanwhile wins; offline, what was drawn stays and the
   * account row says so.
   */
  private async loadAgain(node: AccountNode | OrgNode, shown: TreeNode[]): Promise<void> {
    const controller = new AbortController();
    this.runningLoads.set(controller, node.id);
    this.loadingChanged();
    const work = (async (): Promise<TreeNode[] | undefined> => {
      try {
        return (await node.loadChildren(controller.signal)) ?? [];
      } catch (err) {
        return controller.signal.aborted ? undefined : this.failed(node, err);
      }
    })();
    void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => work);
    let list: TreeNode[] | undefined;
    try {
      list = await work;
    } finally {
      this.runningLoads.delete(controller);
      this.loadingChanged();
    }
    // Aborted by a refresh or Stop, or dropped since (the key changed or was rejected): not ours to draw.
    if (!list || controller.signal.aborted || !this.children.has(node.id)) return;
    if (node instanceof AccountNode && list !== shown && !(list[0] instanceof ErrorNode)) this.timings?.markFreshLevel();
    // Offline, failed() hands back what was drawn; the same level keeps its rows (and their state).
    if (list === shown || node.confirms(shown)) return;
    for (const n of list) this.nodes.set(n.id, n);
    if (!(list[0] instanceof ErrorNode)) this.lastGood.set(node.id, list);
    this.children.set(node.id, Promise.resolve(list));
    this.s.log.info(`The ${node.childrenNoun} of ${rowNames(node) ?? node.id} changed since the last launch: redrawn`);
    this.fire(node);
  }

  private async failed(node: TreeNode, err: unknown): Promise<TreeNode[]> {
    if (node.accountId && this.s.offline?.report(node.accountId, err)) {
      // Offline: the account row says so once; every node keeps what it showed.
      this.s.log.info(`Offline: ${rowNames(node) ?? node.id} keeps the ${node.childrenNoun} it showed`);
      this.keepShownBelow(node.id);
      return this.lastGood.get(node.id) ?? [new EmptyNode(node, vscode.l10n.t('Not loaded: offline'), undefined, vscode.l10n.t('The Neon API could not be reached. This loads by itself when it answers again.'))];
    }
    const requestId = isNeonApiError(err) ? err.requestId : undefined;
    if (isCancellation(err)) this.s.log.info(`Loading ${node.childrenNoun} of ${rowNames(node) ?? node.id} was cancelled`);
    else this.s.log.warn(`Couldn't load ${node.childrenNoun} of ${rowNames(node) ?? node.id}: ${fullReason(err)}${requestId ? vscode.l10n.t(' (request id {0})', requestId) : ''}`);
    if (isKeyRejected(err) && node.accountId) {
      // The account node turns into "Key rejected" with one "Update API Key…" row; nothing retries on its own.
      void this.s.accounts.markRejected(node.accountId, true, requestId);
      // The account's own level shows that row at once, not first an error row whose Retry cannot help.
      if (node instanceof AccountNode) return node.rejectedRows();
      return [new ErrorNode(node, node.childrenNoun, err)];
    }
    // Reading again failed (a refresh, Retry, or a level drawn from memory): what was shown stays,
    // under a row that says so. Its "Load more…" goes: the pages behind it were dropped.
    const kept = this.shownBefore(node.id);
    if (kept.length) {
      this.keepShownBelow(node.id);
      return [new ErrorNode(node, node.childrenNoun, err, true), ...kept];
    }
    return [new ErrorNode(node, node.childrenNoun, err)];
  }

  /** The rows `id` showed before, to keep under a failed or stopped refresh; its "Load more…" goes (the pages behind it were dropped). */
  private shownBefore(id: string): TreeNode[] {
    return this.lastGood.get(id)?.filter((n) => !(n instanceof LoadMoreNode)) ?? [];
  }

  /**
   * A stopped load. Stopping a refresh keeps the rows shown before under "Load again" (refresh
   * stopped), as a failed refresh does: Stop is no reason to lose what was on screen (walk 25 lost
   * a whole expanded account). A first load has nothing to keep: "Load again" (loading stopped).
   */
  private stopped(node: TreeNode): TreeNode[] {
    const kept = this.shownBefore(node.id);
    if (!kept.length) {
      // A first load-all stopped after some pages: what it read stays (4,000 projects, stopped at 1,600, showed none).
      const partial = node.partialRows();
      if (partial) return [new StoppedNode(node, node.childrenNoun, false, partial.count), ...partial.rows];
      return [new StoppedNode(node, node.childrenNoun)];
    }
    this.keepShownBelow(node.id);
    return [new StoppedNode(node, node.childrenNoun, true), ...kept];
  }

  /**
   * After reading `id` again failed (or was stopped): the rows left expanded below it show what they showed, under
   * its one "Couldn't refresh" row, and read nothing (each would wait out the same failure and add
   * a row of its own). A Retry or Refresh of `id` reads them again.
   */
  private keepShownBelow(id: string): void {
    for (const [key, list] of this.lastGood) {
      if (key.startsWith(`${id}/`) && !this.children.has(key) && this.expandedRows.get(key) === true) this.children.set(key, Promise.resolve(list));
    }
  }

  /** Re-renders a row (its item; VS Code then asks for its children if they were dropped). */
  private fire(node: TreeNode): void {
    if (this.busyAtOrBelow(node.id)) {
      this.heldBack.add(node.id);
      return;
    }
    if (this.nodes.get(node.id) !== node) {
      // VS Code does not know this object (a stale one): re-render its current twin, if shown.
      const current = this.nodes.get(node.id);
      if (!current) return;
      node = current;
    }
    this.changeEmitter.fire(node);
  }

  /** Re-renders everything: VS Code forgets every row (and drops answers on the way), so nothing waits. */
  private fireAll(): void {
    this.rootAsked = false;
    this.heldBack.clear();
    this.changeEmitter.fire();
  }

  /** A load at `id` or below (or of the accounts) has not been filed by VS Code yet. */
  private busyAtOrBelow(id: string): boolean {
    for (const key of this.unsettled.keys()) if (key === ROOT || key === id || key.startsWith(`${id}/`)) return true;
    return false;
  }

  private settled(key: string): void {
    const n = (this.unsettled.get(key) ?? 1) - 1;
    if (n > 0) this.unsettled.set(key, n);
    else this.unsettled.delete(key);
    for (const id of [...this.heldBack]) {
      if (this.busyAtOrBelow(id)) continue;
      this.heldBack.delete(id);
      const current = this.nodes.get(id);
      if (current) this.fire(current);
    }
  }

  /** Drops cached children of `id` (and, with `subtree`, of everything below it). */
  private drop(id: string, subtree: boolean, reset: boolean): void {
    this.abortStale(id, subtree);
    for (const key of [...this.children.keys()]) {
      if (key === id || (subtree && key.startsWith(`${id}/`))) this.children.delete(key);
    }
    if (reset) {
      for (const [key, n] of this.nodes) if (key === id || key.startsWith(`${id}/`)) n.reset();
    }
  }

  /** Shows a node again from the data it holds ("Load more…" landed): no refetch. */
  rerender(node: TreeNode): void {
    const current = this.nodes.get(node.id) ?? node;
    this.children.delete(current.id);
    this.fromHeld.add(current.id);
    this.fire(current);
  }

  private renewBackground(): void {
    if (this.background.signal.aborted) this.background = new AbortController();
    // What Stop Loading left unread (a folder's count) is read again, with the new signal.
    for (const fn of this.afterStop.splice(0)) fn();
    this.heldByStop.clear();
    this.openedAfterStop.clear();
  }

  /**
   * "Load again" on a stopped row: the row reads "Loading…" without a click while its parent loads
   * again, and the parent's new rows go out once they are there. Redrawing the parent at once (as a
   * refresh does) would have VS Code drop the row's command while the row still shows, so a second
   * click raised VS Code's "Actual command not found" (walk 33).
   */
  loadAgainFrom(row: StoppedNode): void {
    if (row.loading) return;
    row.loading = true;
    this.fire(row);
    const parent = this.nodes.get(row.parent.id) ?? row.parent;
    if (row.partial === undefined) return this.refreshNode(parent, true);
    // Load the rest: the parent keeps its loader, whose next load goes on from the page it stopped before.
    this.renewBackground();
    this.drop(parent.id, false, false);
    this.showProgress(this.getChildren(parent, true));
    this.fire(parent);
  }

  /**
   * Re-reads a node and everything below it from the API. `loadNow`: the load starts here, with the
   * view's progress bar, and the node's row goes out when it is done (fire holds it back till then).
   */
  refreshNode(node: TreeNode, loadNow = false): void {
    this.renewBackground();
    const current = this.nodes.get(node.id) ?? node;
    current.reset();
    if (current instanceof OrgNode) current.markRoleStale();
    this.drop(current.id, true, true);
    if (current instanceof AccountNode && current.rejected) {
      // A manual refresh of a rejected account tries the key once more.
      void this.s.accounts.markRejected(current.accountId, false);
      return;
    }
    if (loadNow) this.showProgress(this.getChildren(current, true));
    this.fire(current);
  }

  /** TreeController: an account, an org (or one of its parts), a project or a branch; nothing = all. */
  refresh(target?: RefreshTarget): void {
    this.renewBackground();
    if (!target) {
      this.abortStale(ROOT, true);
      for (const n of this.nodes.values()) n.reset();
      this.children.clear();
      this.nodes.clear();
      this.fireAll();
      return;
    }
    const acct = `acct/${target.accountId}`;
    const { orgId, part, projectId, branchId } = target;
    if (orgId !== undefined && projectId === undefined) {
      const orgs = this.findAll((id) => id.startsWith(`${acct}/`) && id.endsWith(`/org/${orgId}`));
      for (const org of orgs) {
        if (part && part !== 'projects') {
          const folder = this.nodes.get(`${org.id}/${part}`);
          if (folder) this.refreshNode(folder);
        } else if (part === 'projects' && org instanceof OrgNode) {
          org.reset();
          this.abortStale(org.id, false);
          this.children.delete(org.id);
          this.drop(`${org.id}/project`, true, true);
          this.fire(org);
        } else {
          this.refreshNode(org);
        }
      }
      return;
    }
    if (projectId !== undefined) {
      const projects = this.findAll((id) => id.startsWith(`${acct}/`) && id.endsWith(`/project/${projectId}`));
      for (const project of projects) {
        const branch = branchId ? this.nodes.get(`${project.id}/branch/${branchId}`) : undefined;
        this.refreshNode(branch ?? project);
      }
      return;
    }
    const account = this.nodes.get(acct);
    if (account) this.refreshNode(account);
  }

  /** TreeController: the org rows of that account and org take the role (their menus and description follow it). */
  roleLearned(org: { accountId: string; orgId: string }, role: OrgRole): void {
    const acct = `acct/${org.accountId}`;
    for (const node of this.findAll((id) => id.startsWith(`${acct}/`) && id.endsWith(`/org/${org.orgId}`))) {
      if (!(node instanceof OrgNode) || node.myRole === role) continue;
      node.myRole = role;
      this.env.roles.set(node.id, role);
      this.fire(node);
    }
  }

  /** TreeController: the role the org's row holds (the palette's admin-only pickers follow the tree). */
  knownRole(org: { accountId: string; orgId: string }): OrgRole | undefined {
    const acct = `acct/${org.accountId}/`;
    for (const [id, role] of this.env.roles) if (id.startsWith(acct) && id.endsWith(`/org/${org.orgId}`)) return role;
    return undefined;
  }

  private findAll(match: (id: string) => boolean): TreeNode[] {
    return [...this.nodes.entries()].filter(([id]) => match(id)).map(([, n]) => n);
  }

  /** The account went offline (its row changes) or answers again (everything below reloads). */
  private offlineChanged(accountId: string, offline: boolean): void {
    const acct = this.nodes.get(`acct/${accountId}`);
    if (!acct) return;
    if (offline) this.fire(acct);
    else this.refreshNode(acct);
  }

  private accountChanged(c: AccountChange): void {
    const acct = `acct/${c.id}`;
    if (c.reason !== 'renamed' && c.reason !== 'verified') for (const key of [...this.lastGood.keys()]) if (key === acct || key.startsWith(`${acct}/`)) this.lastGood.delete(key);
    // A removed account, a new key or a rejected one: the next launch draws nothing from memory.
    if (c.reason === 'removed' || c.reason === 'key' || c.reason === 'rejected') void forgetLevel(levelDir(this.s.context.globalStorageUri), c.id).catch(() => undefined);
    // 'verified': the account's own load just identified the key, before anything below it was
    // shown; that load stays good and is shared with the rebuilt row (no second load of the level).
    if (c.reason !== 'renamed' && c.reason !== 'verified') {
      // The key (or what it is) changed, or it was rejected: everything below is stale.
      this.drop(acct, true, true);
      for (const key of [...this.nodes.keys()]) if (key.startsWith(`${acct}/`)) this.nodes.delete(key);
      for (const key of [...this.env.roles.keys()]) if (key.startsWith(`${acct}/`)) this.env.roles.delete(key);
      // A new key may belong to someone else: whether it has a personal space is asked again.
      this.env.noPersonalSpace.delete(c.id);
      if (c.reason === 'removed') {
        for (const key of [...this.env.filters.keys()]) if (key.startsWith(`${acct}/`)) this.env.filters.delete(key);
        this.expandedRows.forget(acct);
      }
    }
    // A key the person just gave loads, even after Stop Loading (as a refresh would).
    if (c.reason === 'added' || c.reason === 'key') this.renewBackground();
    // Account rows are rebuilt (same ids: VS Code keeps their place and expansion).
    this.children.delete(ROOT);
    this.nodes.delete(acct);
    this.fireAll();
  }
}

export interface NeonTree extends vscode.Disposable {
  readonly controller: TreeController;
  readonly provider: NeonTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

export function createTree(s: Services, timings?: ActivationTimings): NeonTree {
  const provider = new NeonTreeProvider(s, timings);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  provider.selection = () => view.selection;
  provider.expandRow = (node) => view.reveal(node, { expand: true, focus: false, select: false });
  // A person who added or removed an account by keyboard keeps a place to be: the row just added,
  // or the view (its welcome content's button once the last account is gone); else the focus
  // fell to the page's body (walk 36).
  provider.focusAccount = async (accountId) => {
    const row = (await provider.getChildren(undefined, true)).find((n) => n instanceof AccountNode && n.accountId === accountId);
    if (row) await view.reveal(row, { select: true, focus: true, expand: false });
  };
  provider.focusView = async () => {
    await provider.rowsFiled();
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  };
  // Every row the person opens or closes (only rows with children report it), by id.
  const rows = [
    view.onDidExpandElement((e) => {
      provider.expandedRows.set(e.element.id, true);
      provider.expandedByPerson(e.element);
    }),
    view.onDidCollapseElement((e) => provider.expandedRows.set(e.element.id, false)),
    view.onDidChangeVisibility((e) => provider.timesVisible(e.visible)),
  ];
  provider.timesVisible(view.visible);
  return {
    controller: provider,
    provider,
    view,
    dispose: () => {
      rows.forEach((d) => d.dispose());
      view.dispose();
      provider.dispose();
    },
  };
}

export { TreeNode };
