// The status bar item of a linked folder: which Neon branch its .env points at
// (`$(database) neon: feature-login`), in the warning colour with the reason in the tooltip when
// the .env points at the default or a protected branch while git is on another branch, at the Neon
// branch of another git branch than git's, or when the last switch failed. Selected (click or Enter) → the Neon branch menu (src/commands/link.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GitAutopilot } from '../git/autopilot';
import { envDisplayName, envFileFor, envHolds, type LinkStore } from '../git/links';
import { isDefaultGitBranch } from '../git/mapping';
import { readNeonFile } from '../git/neonFile';
import type { NeonAccountStore } from '../accounts/store';

export const STATUS_MENU_COMMAND = 'neonExplorer.git.statusMenu';
const LINKED_CONTEXT = 'neonExplorer.hasLinkedFolder';

export interface StatusSnapshot {
  folder?: string;
  text: string;
  tooltip: string;
  /** What a screen reader says for the item: the branch, the .env and the folder, and what is wrong. */
  aria: string;
  warning: boolean;
  visible: boolean;
}

/** The folders that hold a `.neon`: workspace folders and the roots of the repositories git follows. */
export async function linkedFolders(autopilot: GitAutopilot): Promise<string[]> {
  const candidates = new Set<string>([...(vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.resolve(f.uri.fsPath)), ...autopilot.roots()]);
  const out: string[] = [];
  for (const c of candidates) if (await readNeonFile(c).then((x) => x !== undefined, () => true)) out.push(c);
  return out;
}

export class NeonStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('neonExplorer.git.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[] = [];
  private pending?: ReturnType<typeof setTimeout>;
  private watching = false;
  /** Whether any folder is linked (the `neonExplorer.hasLinkedFolder` context key). */
  anyLinked = false;
  snapshot: StatusSnapshot = { text: '', tooltip: '', aria: '', warning: false, visible: false };
  private readonly updated = new vscode.EventEmitter<StatusSnapshot>();
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly links: LinkStore,
    private readonly autopilot: GitAutopilot,
    private readonly accounts: Pick<NeonAccountStore, 'get' | 'onDidChangeAccount'>,
  ) {
    this.item.name = vscode.l10n.t('Neon branch');
    this.item.command = STATUS_MENU_COMMAND;
    this.subs.push(
      links.onDidChange(() => this.schedule()),
      autopilot.onDidChange(() => this.schedule()),
      // A key rejected or updated: the item says so (checkouts cannot switch the .env meanwhile).
      accounts.onDidChangeAccount((c) => (c.reason === 'rejected' || c.reason === 'key' || c.reason === 'removed') && this.schedule()),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
    );
  }

  /** Watches the .neon and .env files and shows the item: once the window has started (src/git/feature.ts). */
  start(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.neon,.env*}');
    this.subs.push(
      watcher,
      watcher.onDidChange(() => this.schedule()),
      watcher.onDidCreate(() => this.schedule()),
      watcher.onDidDelete(() => this.schedule()),
    );
    this.schedule();
  }

  /** Re-reads soon (events come in bursts). */
  schedule(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.update().catch(() => undefined), 50);
  }

  /** The linked folder the status bar is about: the one of the active editor's file, else the first. */
  async activeFolder(): Promise<string | undefined> {
    const linked = await linkedFolders(this.autopilot);
    // The palette offers the linked folder's commands (Switch .env…, Copy, Unlink, Clean Up) only when one is linked.
    if (linked.length > 0 !== this.anyLinked) {
      this.anyLinked = linked.length > 0;
      void vscode.commands.executeCommand('setContext', LINKED_CONTEXT, this.anyLinked).then(undefined, () => undefined);
    }
    const file = vscode.window.activeTextEditor?.document.uri;
    if (file?.scheme === 'file') {
      const inside = linked.filter((f) => !path.relative(f, file.fsPath).startsWith('..')).sort((a, b) => b.length - a.length);
      if (inside[0]) return inside[0];
    }
    return linked[0];
  }

  async update(): Promise<StatusSnapshot> {
    const folder = await this.activeFolder();
    const snap = folder ? await this.describe(folder) : { text: '', tooltip: '', aria: '', warning: false, visible: false };
    this.snapshot = snap;
    if (!snap.visible) this.item.hide();
    else {
      this.item.text = snap.text;
      this.item.tooltip = snap.tooltip;
      // A screen reader read the icon's name ("database  neon: main"), then only "neon: main" (walk 36): it says which .env of which folder, and what is wrong.
      this.item.accessibilityInformation = { label: snap.aria };
      this.item.backgroundColor = snap.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.show();
    }
    this.updated.fire(snap);
    return snap;
  }

  private async describe(folder: string): Promise<StatusSnapshot> {
    const settings = this.links.settings(folder);
    const pointer = this.links.pointer(folder);
    const failure = this.links.failure(folder);
    const envFile = envFileFor(folder, settings);
    const envName = envDisplayName(folder, envFile);
    const head = this.autopilot.headOf(folder);
    const lines: string[] = [];
    let warning = false;
    // The warnings, for the screen reader's label (the tooltip's other lines describe).
    const problems: string[] = [];

    // Is the .env still what we wrote? Someone may have edited DATABASE_URL since.
    let current = pointer?.branchName;
    if (pointer && !(await envHolds(folder, settings, pointer))) {
      current = undefined;
      // Which branch the app reaches is unknown: not a state to show calmly (walk 22).
      warning = true;
      lines.push(vscode.l10n.t('{0} no longer holds the connection Neon Explorer wrote for {1} (edited, or removed).', envName, pointer.branchName));
      problems.push(lines[lines.length - 1]!);
    }
    const deleted = !!current && !!pointer?.deletedAt;
    // Linking switches the .env for the first time: said as under way, not as "not switched".
    const first = !pointer && this.autopilot.isSwitching(folder);
    const text = first
      ? `$(sync~spin) neon: ${vscode.l10n.t('switching…')}`
      : `$(database) neon: ${deleted ? vscode.l10n.t('{0} (deleted)', current!) : current ?? (pointer ? '?' : vscode.l10n.t('not switched'))}`;
    if (deleted) {
      // The .env still names it, but every connection through it fails: not a state to show calmly.
      warning = true;
      lines.unshift(vscode.l10n.t('{0} points at Neon branch {1}, which was deleted: its connection fails. Select this item to point {0} at the git branch’s Neon branch or at another one.', envName, current!));
      problems.push(lines[0]!);
    } else if (current) lines.unshift(vscode.l10n.t('{0} points at Neon branch {1}{2}.', envName, current, pointer?.isDefault ? vscode.l10n.t(' (the default branch)') : pointer?.isProtected ? vscode.l10n.t(' (protected)') : ''));
    else if (!pointer) lines.unshift(vscode.l10n.t('{0} has not been switched by Neon Explorer yet.', envName));

    if (failure) {
      warning = true;
      lines.push(failure.message);
      problems.push(failure.message);
    }
    const account = settings.accountId ? this.accounts.get(settings.accountId) : undefined;
    if (account?.rejected) {
      warning = true;
      lines.push(vscode.l10n.t('Neon rejected the API key of {0}: {1} is not switched until the key is updated. Select this item to update it.', account.label, envName));
      problems.push(lines[lines.length - 1]!);
    }
    const asking = this.autopilot.askingAbout(folder);
    // The question about git's branch says it all: not also the mismatch it is about.
    const asked = !!asking && asking === head?.branch && !head.detached;
    if (head?.detached) lines.push(vscode.l10n.t('Git is on a detached HEAD: the .env is left as it is.'));
    else if (asked) {
      // Said below, with the question.
    } else if (head?.branch && pointer && current && !deleted && (pointer.isDefault || pointer.isProtected) && pointer.gitBranch !== head.branch && !isDefaultGitBranch(head.branch, [], settings.defaultGitBranch)) {
      warning = true;
      lines.push(
        pointer.isDefault
          ? vscode.l10n.t('Git is on {0}, but {1} points at the default Neon branch {2}: migrations and test data would land there.', head.branch, envName, pointer.branchName)
          : vscode.l10n.t('Git is on {0}, but {1} points at the protected Neon branch {2}: migrations and test data would land there.', head.branch, envName, pointer.branchName),
      );
      problems.push(lines[lines.length - 1]!);
    } else if (head?.branch && pointer?.gitBranch && current && !deleted && pointer.gitBranch !== head.branch && !pointer.isDefault && !pointer.isProtected && !this.autopilot.isSwitching(folder)) {
      // Switched for another git branch, and this checkout was not followed (declined, or autoBranch off).
      warning = true;
      // The line above already names the branch: this one says why it is not git's (walk 27 read it twice).
      lines.push(vscode.l10n.t('Git is on {0}, but {1} was switched to {2} for git branch {3}.', head.branch, envName, pointer.branchName, pointer.gitBranch));
      problems.push(lines[lines.length - 1]!);
    }
    // The autopilot asks only when the .env does not already serve that git branch.
    if (asked) {
      // The toast goes into the notification centre after a few seconds; the question still waits.
      warning = true;
      lines.push(vscode.l10n.t('Git is on {0}: {1} is left as it is until you answer the question about it (Switch, Always or Not Now; in the notifications once the toast has gone).', asking!, envName));
      problems.push(lines[lines.length - 1]!);
    }
    if (this.autopilot.availability === 'missing') lines.push(vscode.l10n.t('The built-in git extension is not available: checkouts are not followed.'));
    else if (this.autopilot.availability === 'disabled') lines.push(vscode.l10n.t('Git is disabled (git.enabled): checkouts are not followed.'));
    else if (!head) lines.push(vscode.l10n.t('This folder is not the root of a git repository VS Code has open: checkouts are not followed.'));
    // Once: a line above may already say what selecting it does (walk 24 read "Click" twice).
    // "Select", not "Click": the item is reached by keyboard too (walk 36).
    if (!deleted && !account?.rejected) lines.push(vscode.l10n.t('Select for Neon branch actions.'));
    const ctx = await readNeonFile(folder).catch(() => undefined);
    // By name when the link knows it (and it is the same project .neon names), else by id.
    if (ctx?.projectId) lines.unshift(vscode.l10n.t('Linked to Neon project {0}', settings.projectName && pointer?.projectId === ctx.projectId ? settings.projectName : ctx.projectId));
    const folderName = path.basename(folder);
    const said = first
      ? vscode.l10n.t('Neon: switching {0} of {1}…', envName, folderName)
      : current
        ? vscode.l10n.t('Neon branch {0} for {1} of {2}', deleted ? vscode.l10n.t('{0} (deleted)', current) : pointer?.isDefault ? vscode.l10n.t('{0} (default)', current) : pointer?.isProtected ? vscode.l10n.t('{0} (protected)', current) : current, envName, folderName)
        : pointer
          ? vscode.l10n.t('Neon branch unknown for {0} of {1}', envName, folderName)
          : vscode.l10n.t('Neon: {0} of {1} not switched yet', envName, folderName);
    const aria = [said, ...problems].join('. ');
    return { folder, text, tooltip: lines.join('\n'), aria, warning, visible: true };
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    for (const d of this.subs) d.dispose();
    this.item.dispose();
    this.updated.dispose();
  }
}
