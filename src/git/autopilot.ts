// Follows git checkouts in every repository VS Code's built-in git extension (`vscode.git`, API v1)
// opens (several per window, worktrees included: each is its own repository with its own root and
// HEAD). A checkout is seen in the repository's HEAD file the moment git rewrites it (./headFile);
// the git extension's `state.onDidChange`, which fires after each of its status runs, makes HEAD be
// read again too, and stands in where the git directory cannot be read or watched. A change of the
// branch is a checkout. The repository's root must hold the `.neon` link (as the neon CLI's git hook
// requires). Setting `neonExplorer.git.autoBranch`: off | ask (default) | always.
//
// Defined behaviour for the odd cases:
// - no `vscode.git` extension, or git disabled: nothing is followed; the status bar says so;
// - a repository whose root has no `.neon`: ignored (unlinked);
// - detached HEAD (checkout of a commit or tag, bisect): the .env is left alone; the status bar says so;
// - a rebase in progress (HEAD is detached meanwhile): ignored until it ends;
// - a merge in progress does not move HEAD, so nothing happens;
// - several checkouts in a row: the latest wins; intermediate ones are skipped.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { GIT_EXTENSION_ID, type GitAPI, type GitExtension, type GitRepository, type GitRepositoryState } from './gitApi';
import { gitDirOf, readHead, watchHead, type HeadState } from './headFile';
import type { LinkStore } from './links';
import { envDatabaseUrl, envDisplayName, envFileFor, envHolds, pointerServes } from './links';
import { candidateNames } from './branchName';
import { isDefaultGitBranch, stillWritten } from './mapping';
import type { NeonContext } from './neonFile';
import { readNeonFile } from './neonFile';
import type { ListedBranches, SwitchResult } from './switchEnv';
import { rarelyUsed, rarelyUsedLoaded } from '../rarelyUsedLoader';

/**
 * The switch itself (src/git/switchEnv.ts) is in dist/rarelyUsed.js, which activation does not
 * parse; a linked repository has it loaded this long after HEAD is first read, so no checkout
 * waits for it.
 */
const LOAD_SWITCH_AFTER_MS = 2000;

export type GitAvailability = 'starting' | 'missing' | 'disabled' | 'ready' | 'failed';
export type AutoBranchMode = 'off' | 'ask' | 'always';
/** What showed the last change of HEAD: its file in the git directory, or a git extension status run. */
export type HeadSource = 'HEAD file' | 'git extension';

interface Tracked {
  repo: GitRepository;
  seen: boolean;
  head?: string;
  via?: HeadSource;
  /** The repository's git directory, when HEAD can be read there. */
  gitDir?: string;
  watcher?: { dispose(): void };
  /** Reads of HEAD, one after another, so an older read never lands after a newer one. */
  reading: Promise<void>;
  /** The branch HEAD was on before it was detached (a rebase, a checkout of a commit). */
  lastBranch?: string;
  detached: boolean;
  wanted?: string;
  running?: Promise<void>;
  /**
   * The checkout whose "switch the .env?" question waits for an answer; a newer checkout voids it,
   * and so does the .env pointed at its Neon branch by another route (the status bar menu, Link).
   */
  asking?: { gitBranch: string; supersede(): void; served(): void };
  /** Switches asked for by a command (Link, Switch .env…) now under way. */
  syncing?: number;
  sub: vscode.Disposable;
}

const SUPERSEDED = Symbol('superseded');
const SERVED = Symbol('served');

export interface SwitchOutcome {
  folder: string;
  gitBranch: string;
  result?: SwitchResult;
  error?: string;
  /**
   * `superseded`: git moved to another branch before the question about this one was answered.
   * `served`: the .env already points at this git branch's Neon branch, which still exists: no question.
   */
  skipped?: 'off' | 'declined' | 'unlinked' | 'superseded' | 'served';
}

export class GitAutopilot implements vscode.Disposable {
  availability: GitAvailability = 'starting';
  private api?: GitAPI;
  private readonly tracked = new Map<string, Tracked>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly switched = new vscode.EventEmitter<SwitchOutcome>();
  /** Fires when a repository, its HEAD or the availability changed (the status bar listens). */
  readonly onDidChange = this.changed.event;
  /** Fires when a checkout was handled (switched, failed or skipped). */
  readonly onDidSwitch = this.switched.event;
  readonly outcomes: SwitchOutcome[] = [];
  /** How long a create answered 423 Locked is tried again (switchEnv's default: a minute). */
  lockedWaitMs?: number;

  constructor(
    private readonly s: Services,
    private readonly links: LinkStore,
  ) {
    this.subs.push(links.onDidChange((folder) => void this.settleIfServed(folder).catch(() => undefined)));
  }

  async start(): Promise<void> {
    const ext = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
    if (!ext) {
      this.setAvailability('missing', 'the built-in git extension (vscode.git) is not installed; checkouts are not followed');
      return;
    }
    try {
      const git = ext.isActive ? ext.exports : await ext.activate();
      if (!git.enabled) {
        this.setAvailability('disabled', 'git is disabled (setting git.enabled); checkouts are not followed until it is enabled');
        this.subs.push(git.onDidChangeEnablement((on) => (on ? this.attach(git) : this.setAvailability('disabled', vscode.l10n.t('git was disabled')))));
        return;
      }
      this.attach(git);
    } catch (e) {
      this.setAvailability('failed', vscode.l10n.t('the git extension could not be used: {0}', e instanceof Error ? e.message : String(e)));
    }
  }

  private setAvailability(a: GitAvailability, why?: string): void {
    this.availability = a;
    if (why) this.s.log.info(`git: ${why}`);
    this.changed.fire();
  }

  private attach(git: GitExtension): void {
    if (this.api) return;
    this.api = git.getAPI(1);
    this.subs.push(
      this.api.onDidOpenRepository((r) => this.track(r)),
      this.api.onDidCloseRepository((r) => this.untrack(r.rootUri.fsPath)),
    );
    for (const r of this.api.repositories) this.track(r);
    this.setAvailability('ready', this.api.repositories.length === 1 ? vscode.l10n.t('following checkouts in 1 open repository') : vscode.l10n.t('following checkouts in {0} open repositories', this.api.repositories.length));
  }

  /** The git API (tests open repositories through it). */
  get gitApi(): GitAPI | undefined {
    return this.api;
  }

  /** The repository rooted at `root`, when git follows it. */
  repoOf(root: string): GitRepository | undefined {
    return this.tracked.get(path.resolve(root))?.repo;
  }

  /** Roots of the repositories followed. */
  roots(): string[] {
    return [...this.tracked.keys()];
  }

  /** The git branch HEAD is on in the repository rooted at `root` (undefined: detached or unknown). */
  headOf(root: string): { branch?: string; detached: boolean; via?: HeadSource } | undefined {
    const t = this.tracked.get(path.resolve(root));
    return t && t.seen ? { branch: t.head, detached: t.detached, ...(t.via ? { via: t.via } : {}) } : undefined;
  }

  private track(repo: GitRepository): void {
    const root = path.resolve(repo.rootUri.fsPath);
    if (this.tracked.has(root)) return;
    // Each event hands out a new wrapper object: repositories are told apart by their root.
    const t: Tracked = { repo, seen: false, detached: false, reading: Promise.resolve(), sub: repo.state.onDidChange(() => this.readHead(root, 'git extension')) };
    this.tracked.set(root, t);
    this.s.log.info(`git: repository ${root}`);
    t.reading = gitDirOf(root).then(
      (dir) => {
        if (!dir || this.tracked.get(root) !== t) return;
        t.gitDir = dir;
        t.watcher = watchHead(dir, () => this.readHead(root, 'HEAD file'));
        if (!t.watcher) this.s.log.info(`git: ${dir} cannot be watched; checkouts in ${root} are seen when the git extension reports them`);
      },
      () => undefined,
    );
    this.readHead(root, 'git extension');
  }

  private untrack(root: string): void {
    const key = path.resolve(root);
    const t = this.tracked.get(key);
    t?.sub.dispose();
    t?.watcher?.dispose();
    this.tracked.delete(key);
    this.changed.fire();
  }

  /** Reads HEAD (from its file, else as the git extension last saw it) and acts on a change. */
  private readHead(root: string, via: HeadSource): void {
    const t = this.tracked.get(root);
    if (!t) return;
    t.reading = t.reading.then(async () => {
      const fromFile = t.gitDir ? await readHead(t.gitDir) : undefined;
      // A HEAD file that cannot be read now is no reason to take the git extension's last status
      // run, which may be older than the checkout the file just showed; its own report is fresh.
      const head = fromFile ?? (t.gitDir && via === 'HEAD file' ? undefined : fromGitExtension(t.repo.state));
      if (head && this.tracked.get(root) === t) this.onHead(root, t, head, fromFile ? via : 'git extension');
    }).catch((e) => this.s.log.warn(`git: reading HEAD of ${root} failed: ${String(e)}`));
  }

  private onHead(root: string, t: Tracked, head: HeadState, via: HeadSource): void {
    const name = head.branch;
    const detached = head.detached;
    if (!t.seen) {
      // What HEAD was when we started watching is not a checkout.
      Object.assign(t, { seen: true, head: name, detached, lastBranch: name });
      this.changed.fire();
      this.loadSwitchIfLinked(root);
      return;
    }
    if (name === t.head && detached === t.detached) return;
    const back = !detached && t.detached && name === t.lastBranch;
    Object.assign(t, { head: name, detached, via, lastBranch: detached ? t.lastBranch : name });
    this.changed.fire();
    if (back) {
      // A rebase ended, or HEAD was detached and came back: the .env already belongs to this branch.
      this.s.log.info(`git: ${root} is back on ${name}; nothing to switch`);
      return;
    }
    if (name === undefined) {
      this.s.log.info(`git: ${root} is on a detached HEAD${head.rebasing ? ' (rebase in progress)' : ''}; the .env is left as it is`);
      return;
    }
    if (head.rebasing) {
      this.s.log.info(`git: ${root}: rebase in progress; waiting for it to end`);
      return;
    }
    this.s.log.info(`git: ${root} is now on ${name} (seen ${via === 'HEAD file' ? 'in its HEAD file' : 'by the git extension'})`);
    void this.enqueue(root, name);
  }

  private loadSwitchIfLinked(root: string): void {
    const timer = setTimeout(() => {
      void readNeonFile(root).then(
        (ctx) => ctx !== undefined && this.tracked.has(root) && rarelyUsed(),
        () => undefined,
      );
    }, LOAD_SWITCH_AFTER_MS);
    this.subs.push({ dispose: () => clearTimeout(timer) });
  }

  /** Follow the current git branch of `root` now (commands; Link). `explicit` skips the "ask". */
  async syncNow(root: string, explicit = true): Promise<SwitchOutcome | undefined> {
    const key = path.resolve(root);
    const t = this.tracked.get(key);
    await t?.reading;
    const name = t?.seen ? t.head : t?.repo.state.HEAD?.name;
    if (!t || !name) return undefined;
    t.syncing = (t.syncing ?? 0) + 1;
    this.changed.fire();
    try {
      return await this.handle(key, name, explicit);
    } finally {
      t.syncing--;
      this.changed.fire();
    }
  }

  private enqueue(root: string, gitBranch: string): Promise<void> {
    const t = this.tracked.get(root)!;
    t.wanted = gitBranch;
    // A question about an older checkout would switch the .env to a branch git has left.
    t.asking?.supersede();
    if (!t.running) {
      t.running = (async () => {
        try {
          while (t.wanted !== undefined) {
            const g = t.wanted;
            t.wanted = undefined;
            await this.handle(root, g, false).catch((e) => this.s.log.error(`git: ${String(e)}`));
          }
        } finally {
          t.running = undefined;
        }
      })();
    }
    return t.running;
  }

  /** The .env of `root` is being switched for a checkout (not while the question about it waits). */
  isSwitching(root: string): boolean {
    const t = this.tracked.get(path.resolve(root));
    return (t?.running !== undefined && t.asking === undefined) || (t?.syncing ?? 0) > 0;
  }

  /** The git branch whose "switch the .env?" question waits for the person's answer. */
  askingAbout(root: string): string | undefined {
    return this.tracked.get(path.resolve(root))?.asking?.gitBranch;
  }

  /** Waits until every queued checkout has been handled (tests, commands). */
  async idle(): Promise<void> {
    for (const t of this.tracked.values()) await t.running;
  }

  private emit(o: SwitchOutcome): SwitchOutcome {
    this.outcomes.push(o);
    this.switched.fire(o);
    this.changed.fire();
    return o;
  }

  /**
   * "Always": saved where VS Code's own git extension saves such answers, in the user settings, so
   * no file of the repository (.vscode/settings.json) is written or shows in git status. A value the
   * workspace (or its folder) sets overrides the user's: that one is changed, or the answer would do nothing.
   */
  private async switchAlways(root: string, envName: string): Promise<void> {
    // Read now, not when the question was asked: a late answer meets the settings as they are.
    const cfg = vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(root));
    const set = cfg.inspect<AutoBranchMode>('git.autoBranch');
    const target = set?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder : set?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('git.autoBranch', 'always', target);
    const user = target === vscode.ConfigurationTarget.Global;
    const open = vscode.l10n.t('Open Setting');
    void this.s.prompt
      .message(
        'info',
        user
          ? vscode.l10n.t('From now on, every checkout switches {0} without asking, in this workspace and in others (saved in your user settings as Neon Explorer: Git Auto Branch).', envName)
          : vscode.l10n.t('From now on, every checkout in this workspace switches {0} without asking (saved in the workspace settings as Neon Explorer: Git Auto Branch).', envName),
        {},
        open,
      )
      .then((c) => (c === open ? vscode.commands.executeCommand(user ? 'workbench.action.openSettings' : 'workbench.action.openWorkspaceSettings', { query: 'neonExplorer.git.autoBranch' }) : undefined));
  }

  private async handle(root: string, gitBranch: string, explicit: boolean): Promise<SwitchOutcome> {
    // A broken .neon is still a link: switchEnv says what is wrong with it.
    const ctx = await readNeonFile(root).catch(() => 'unreadable' as const);
    if (ctx === undefined) return this.emit({ folder: root, gitBranch, skipped: 'unlinked' });
    const cfg = vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(root));
    const mode = cfg.get<AutoBranchMode>('git.autoBranch', 'ask');
    const settings = this.links.settings(root);
    const envName = envDisplayName(root, envFileFor(root, settings));
    if (!explicit && mode === 'off') return this.emit({ folder: root, gitBranch, skipped: 'off' });
    // The branch list the question was asked from, which the switch after a prompt answer reuses.
    let listed: ListedBranches | undefined;
    const t = this.tracked.get(root);
    // Read while switchEnv lists the Neon branches (a git process: tens of ms).
    const isDefault = Promise.resolve(t?.repo.getBranches?.({ remote: false }))
      .catch(() => [])
      .then((bs) => isDefaultGitBranch(gitBranch, (bs ?? []).map((b) => b.name ?? '').filter(Boolean), settings.defaultGitBranch));
    if (!explicit && mode === 'ask' && (await this.envServes(root, gitBranch, isDefault))) {
      this.s.log.info(`git: ${gitBranch}: ${envName} already points at its Neon branch; not asked`);
      return this.emit({ folder: root, gitBranch, skipped: 'served' });
    }
    if (!explicit && mode === 'ask') {
      // The default git branch maps to the project's default Neon branch, which is never created.
      const onDefault = await isDefault;
      const defaultName = onDefault ? this.defaultBranchName(root, ctx) : undefined;
      // The question says what Switch will do: point at a branch that exists, or make one first.
      const plan = onDefault || ctx === 'unreadable' ? undefined : await rarelyUsed().plannedCheckout(this.s, this.links, root, ctx, gitBranch).catch(() => undefined);
      listed = plan?.listed;
      // Git moved on while the branches were read: the newer checkout is asked about instead.
      if (t?.wanted !== undefined) {
        this.s.log.info(`git: ${root} moved on from ${gitBranch} before the question about it was asked; it is asked for the new branch instead`);
        return this.emit({ folder: root, gitBranch, skipped: 'superseded' });
      }
      const question = onDefault
        ? defaultName
          ? vscode.l10n.t('Git is now on {0} in {1}. Point {2} at {3}, the project\'s default Neon branch?', gitBranch, path.basename(root), envName, defaultName)
          : vscode.l10n.t('Git is now on {0} in {1}. Point {2} at the project\'s default Neon branch?', gitBranch, path.basename(root), envName)
        : plan && 'use' in plan
          ? vscode.l10n.t('Git is now on {0} in {1}. Point {2} at Neon branch {3}?', gitBranch, path.basename(root), envName, plan.use)
          : plan
            ? vscode.l10n.t('Git is now on {0} in {1}. Create Neon branch {3} from {4} and point {2} at it?', gitBranch, path.basename(root), envName, plan.create, plan.from)
            : vscode.l10n.t('Git is now on {0} in {1}. Point {2} at Neon branch {3} (created if needed)?', gitBranch, path.basename(root), envName, expectedNeonBranch(ctx, gitBranch));
      const answer = this.s.prompt.message('info', question, {}, vscode.l10n.t('Switch'), vscode.l10n.t('Always'), vscode.l10n.t('Not Now'));
      let settle: (why: typeof SUPERSEDED | typeof SERVED) => void = () => undefined;
      const settled = new Promise<typeof SUPERSEDED | typeof SERVED>((resolve) => (settle = resolve));
      if (t) t.asking = { gitBranch, supersede: () => settle(SUPERSEDED), served: () => settle(SERVED) };
      this.changed.fire();
      let choice: string | undefined | typeof SUPERSEDED | typeof SERVED;
      try {
        choice = await Promise.race([answer, settled]);
      } finally {
        if (t) t.asking = undefined;
        this.changed.fire();
      }
      if (choice === SUPERSEDED) {
        // VS Code cannot take the toast back: an answer to it later changes nothing.
        this.s.log.info(`git: ${root} moved on from ${gitBranch} before the question about it was answered; it is asked for the new branch instead`);
        void answer.then((c) => {
          if (!c) return;
          this.s.log.info(`git: "${c}" to the question about ${gitBranch} came after git had moved on; the .env was not switched for it`);
          if (c === vscode.l10n.t('Always')) void this.switchAlways(root, envName);
          if (c !== vscode.l10n.t('Not Now')) rarelyUsed().sayLateAnswer(this.s, { root, gitBranch, envName, now: this.headOf(root), serves: this.links.pointer(root)?.gitBranch, asking: !!this.askingAbout(root) });
        }, () => undefined);
        return this.emit({ folder: root, gitBranch, skipped: 'superseded' });
      }
      if (choice === SERVED) {
        this.answerServed(root, gitBranch, envName, answer);
        return this.emit({ folder: root, gitBranch, skipped: 'served' });
      }
      if (choice === vscode.l10n.t('Always')) await this.switchAlways(root, envName);
      else if (choice !== vscode.l10n.t('Switch')) return this.emit({ folder: root, gitBranch, skipped: 'declined' });
    }
    const { switchEnv, SwitchError } = rarelyUsed();
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Neon: switching {0} for {1}…', envName, gitBranch) }, () =>
        switchEnv(this.s, this.links, { folder: root, gitBranch, isDefaultGitBranch: isDefault, ...(ctx !== 'unreadable' ? { neonFile: ctx } : {}), ...(listed ? { listed } : {}), ...(this.lockedWaitMs !== undefined ? { lockedWaitMs: this.lockedWaitMs } : {}) }),
      );
      const what = vscode.l10n.t('{0} now points at Neon branch {1}', envName, result.branch.name);
      this.s.log.info(result.changed ? `git: ${gitBranch} → ${what}${result.created ? ' (created)' : ''}` : `git: ${gitBranch}: ${envName} already points at Neon branch ${result.branch.name}; nothing changed`);
      // A created branch is said here, whoever asked. A switch to a branch that exists is said
      // here only when a checkout did it: the commands that ask (Follow Git Branch, Link) say it themselves.
      if (result.created || (!explicit && result.changed && result.stayed?.length)) {
        // The date as the branch pickers show it (ISO, so its first 10 characters).
        const expires = result.branch.expiresAt?.slice(0, 10);
        const done = !result.created
          ? vscode.l10n.t('{0} now points at Neon branch {1}.', envName, result.branch.name)
          : vscode.l10n.t('Created Neon branch {0}{1} for git branch {2}{3}; {4}.', result.branch.name,
              // Its data is the parent's, not the earlier git branch's (walk 41: the message did not say).
              result.parentName ? vscode.l10n.t(' from {0}', result.parentName) : '', gitBranch,
              expires ? vscode.l10n.t(' (Neon deletes it on {0})', expires) : '', what);
        rarelyUsed().saySwitched(this.s, this.links, root, envName, done, result);
      }
      return this.emit({ folder: root, gitBranch, result });
    } catch (e) {
      if (!(e instanceof SwitchError)) throw e;
      const message = e.withRequestId(vscode.l10n.t('Couldn\'t switch {0} to a Neon branch for git branch {1}: {2}; {3} was not changed.', envName, gitBranch, e.message.replace(/[.]$/, ''), envName));
      await this.links.setFailure(root, { gitBranch, message, at: new Date().toISOString() });
      this.s.log.error(`git: ${message}`);
      void this.s.prompt.message('error', message, {}, vscode.l10n.t('Retry'), vscode.l10n.t('Show Log')).then((c) => {
        if (c === vscode.l10n.t('Retry')) void this.enqueue(root, gitBranch);
        if (c === vscode.l10n.t('Show Log')) this.s.log.show();
      });
      return this.emit({ folder: root, gitBranch, error: message });
    }
  }

  /**
   * The name of the project's default Neon branch when it is at hand without asking Neon (the
   * question is not delayed for it): the list the last switch read, else the .env's branch when
   * that is the default one.
   */
  private defaultBranchName(root: string, ctx: NeonContext | 'unreadable'): string | undefined {
    if (ctx === 'unreadable' || !ctx.projectId) return undefined;
    const accountId = this.links.settings(root).accountId;
    const listed = accountId && rarelyUsedLoaded() ? rarelyUsed().listedDefaultBranchName(accountId, ctx.projectId) : undefined;
    const pointer = this.links.pointer(root);
    return listed ?? (pointer?.isDefault && !pointer.deletedAt && pointer.projectId === ctx.projectId ? pointer.branchName : undefined);
  }

  /**
   * The question about `gitBranch` is void once the .env of `folder` was pointed at its Neon branch
   * by another route (the status bar menu's Switch, Link): nothing is left to answer.
   */
  private async settleIfServed(folder: string): Promise<void> {
    const asking = this.tracked.get(folder)?.asking;
    const pointer = this.links.pointer(folder);
    const settings = this.links.settings(folder);
    if (!asking || !pointer || pointer.deletedAt || !pointerServes(pointer, asking.gitBranch, settings)) return;
    if ((await envHolds(folder, settings, pointer)) && this.tracked.get(folder)?.asking === asking) asking.served();
  }

  /** VS Code cannot take the toast of a void question back: a later click on it switches nothing, and says so. */
  private answerServed(root: string, gitBranch: string, envName: string, answer: Promise<string | undefined>): void {
    const branchName = this.links.pointer(root)?.branchName ?? gitBranch;
    this.s.log.info(`git: ${envName} of ${root} was pointed at ${gitBranch}'s Neon branch ${branchName} while the question about it waited; it is no longer asked`);
    void answer.then((c) => {
      if (!c || c === vscode.l10n.t('Not Now')) return;
      this.s.log.info(`git: "${c}" to the question about ${gitBranch} came after ${envName} was pointed at its Neon branch; nothing was switched for it`);
      // Always is also a setting for the checkouts to come: kept, as for a late answer to a superseded question.
      if (c === vscode.l10n.t('Always')) void this.switchAlways(root, envName);
      void this.s.prompt.message('info', vscode.l10n.t('{0} was already pointed at Neon branch {1} for git branch {2} before you answered, so it was not switched again.', envName, branchName, gitBranch), {});
    }, () => undefined);
  }

  /**
   * Whether the .env of `root` still holds what was written for `gitBranch` (its own Neon branch, or
   * the default one for the default git branch) and that branch still exists: then asking to
   * switch would ask to change nothing. A branch that expired or was deleted is asked about, so
   * that a new one can be made; so is one that cannot be read now (the switch says why).
   */
  private async envServes(root: string, gitBranch: string, isDefault: Promise<boolean>): Promise<boolean> {
    const pointer = this.links.pointer(root);
    if (!pointer || !(pointer.gitBranch === gitBranch || (pointer.isDefault && (await isDefault)))) return false;
    const settings = this.links.settings(root);
    if (!settings.accountId || !this.s.accounts.get(settings.accountId)) return false;
    const { url } = await envDatabaseUrl(root, settings);
    if (!url || !stillWritten(pointer, url)) return false;
    try {
      const client = await this.s.clients.get(settings.accountId);
      await client.getBranch(pointer.projectId, pointer.branchId);
      return true;
    } catch (e) {
      this.s.log.info(`git: ${gitBranch}: Neon branch ${pointer.branchName} could not be read (${e instanceof Error ? e.message : String(e)}); asked as usual`);
      return false;
    }
  }

  dispose(): void {
    for (const t of this.tracked.values()) {
      t.sub.dispose();
      t.watcher?.dispose();
    }
    this.tracked.clear();
    for (const d of this.subs) d.dispose();
    this.changed.dispose();
    this.switched.dispose();
  }
}

/** HEAD as the git extension's last status run saw it. */
function fromGitExtension(state: GitRepositoryState): HeadState | undefined {
  const h = state.HEAD;
  return h ? { ...(h.name !== undefined ? { branch: h.name } : {}), detached: h.name === undefined, rebasing: !!state.rebaseCommit } : undefined;
}

/**
 * The Neon branch a checkout of `gitBranch` is switched to, as .neon maps it or as it would be
 * named, for the question (walk 24: it named none). Without the branch list: a name taken by
 * another git branch's branch is found only by the switch, which then says the name it chose.
 */
function expectedNeonBranch(ctx: NeonContext | 'unreadable', gitBranch: string): string {
  return (ctx !== 'unreadable' ? ctx.git?.map?.[gitBranch] : undefined) ?? candidateNames(gitBranch)[0] ?? gitBranch;
}
