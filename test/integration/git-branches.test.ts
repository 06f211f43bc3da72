// A Neon branch per git branch, in the real VS Code host with its built-in git extension
// (vscode.git): a real repository in the test workspace driven with the git CLI; the extension
// notices checkouts through the git extension's API (never reading .git/HEAD) and rewrites only
// the Neon variables of the linked .env, against the in-process emulator.
//
// The launcher's user settings turn git off (`git.enabled: false`) to keep other suites quiet;
// this suite turns it on for its run (the git extension starts on that change) and opens its
// repositories explicitly (`git.autoRepositoryDetection` is off too).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GitRepository } from '../../src/git/gitApi';
import { shortHash } from '../../src/git/branchName';
import { ANNOTATION_GIT_BRANCH } from '../../src/git/mapping';
import { startOps } from '../../emulator/operations';
import { ACME_API, refs, setSetting, useSecretScan } from './commands-role.support';
import { losingTheNextPostsAnswer, useEmulator } from './helpers/emulator';
import { eventually, sleep, waitFor } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { userChose } from './helpers/secrets';
import { addAccount, children, control, current, removeAllAccounts, rows, walk, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';
import { WALKTHROUGH_DONE_STATE, WALKTHROUGH_ENV_SAVED } from '../../src/walkthroughProgress';


const ENV_BEFORE = [
  '# app settings — keep this comment',
  'export APP_NAME="my app"  # inline comment',
  '',
  'DATABASE_URL=postgres://placeholder@localhost/db',
  "SECRET_TOKEN='abc=def'",
  'DATABASE_URL_UNPOOLED=postgres://placeholder@localhost/db',
  'EMPTY=',
  'LAST=ünïcødé',
].join('\n');

/** The .env without the two managed lines' values: what must stay byte for byte. */
const unmanaged = (text: string) => text.replace(/^(DATABASE_URL(?:_UNPOOLED)?)=.*$/gm, '$1=<managed>');

describe('git-branches: a Neon branch per git branch', function () {
  this.timeout(180_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  let repoDir = '';
  let n = 0;

  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const project = () => emulator().state.projects.get(ACME_API)!;
  const branches = () => [...emulator().state.detail(project()).branches.values()];
  const byName = (name: string) => branches().find((b) => b.name === name);
  const rwHost = (branchId: string) => [...emulator().state.detail(project()).endpoints.values()].find((e) => e.branchId === branchId && e.type === 'read_write')!.id;
  const envOf = (dir: string) => fs.readFileSync(path.join(dir, '.env'), 'utf8');
  const urlHostOf = (text: string, key = 'DATABASE_URL') => {
    const m = new RegExp(`^${key}=(.*)$`, 'm').exec(text);
    if (!m) return undefined;
    const raw = m[1]!.replace(/^"(.*)"$/, '$1');
    return new URL(raw).hostname.split('.')[0]!.replace(/-pooler$/, '');
  };
  const neonFile = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, '.neon'), 'utf8'));
  const posts = (mark: number) => emulator().server.log.since(mark).filter((e) => e.route === 'POST /projects/{project_id}/branches');
  const errors = () => t.prompt.shown.filter((x) => x.kind === 'error').map((x) => x.text);
  /** Requests a switch would make (branches, connection strings); the tree view may read other things meanwhile. */
  const switchRequests = (mark: number) => emulator().server.log.since(mark).filter((e) => /\/branches|connection_uri/.test(e.route));

  /** Waits until the .env's DATABASE_URL and _UNPOOLED lead to the read-write compute of Neon branch `name`. */
  async function envPointsAt(dir: string, name: string, timeout = 30_000): Promise<string> {
    return eventually(
      () => {
        const b = byName(name);
        assert.ok(b, `Neon branch ${name} exists`);
        const text = envOf(dir);
        assert.strictEqual(urlHostOf(text), rwHost(b.id), `DATABASE_URL leads to ${name}'s compute`);
        assert.strictEqual(urlHostOf(text, 'DATABASE_URL_UNPOOLED'), rwHost(b.id), `DATABASE_URL_UNPOOLED leads to ${name}'s compute`);
        return text;
      },
      { timeout, interval: 200, message: `.env of ${path.basename(dir)} points at ${name}` },
    );
  }

  /** git switch, then wait until the autopilot has handled it (a switch to where the .env already points changes no byte). */
  async function switchAndWait(dir: string, branch: string): Promise<void> {
    const count = t.git.autopilot.outcomes.length;
    git(dir, 'switch', '-q', branch);
    const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.folder === path.resolve(dir) && x.gitBranch === branch), { timeout: 30_000, message: `the switch to ${branch} is handled` });
    assert.ok(o.result, o.error ?? o.skipped);
    await envPointsAt(dir, branch === 'main' ? 'main' : branch);
  }

  /** git switch with autoBranch "ask" (the prompts reset), answered Not Now: resolves once the autopilot has recorded the decline. */
  async function switchDeclined(branch: string): Promise<void> {
    t.prompt.reset();
    t.prompt.script({ button: 'Not Now' });
    const count = t.git.autopilot.outcomes.length;
    git(repoDir, 'switch', '-q', branch);
    await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === branch && x.skipped === 'declined'), { timeout: 20_000 });
  }

  /** git switch with autoBranch "ask" (the prompts reset): resolves once the question about `branch` waits, with what answers it later. */
  async function questionWaits(branch: string): Promise<(button: string) => void> {
    let answer: (button: string) => void = () => undefined;
    t.prompt.reset();
    t.prompt.script({ button: () => new Promise<string>((r) => (answer = r)) });
    git(repoDir, 'switch', '-q', branch);
    await waitFor(() => t.git.autopilot.askingAbout(repoDir) === branch, { timeout: 20_000, message: `the question about ${branch} is asked` });
    return (button) => answer(button);
  }

  /**
   * Git on feature/login with autoBranch "ask", then a checkout of main whose question waits:
   * `body` gets the outcomes seen before and the late answer; the setting is "always" again after.
   */
  async function whileMainIsAsked(body: (count: number, answerLate: (button: string) => void) => Promise<void>): Promise<void> {
    await switchAndWait(repoDir, 'feature/login');
    await setSetting('git.autoBranch', 'ask');
    try {
      const count = t.git.autopilot.outcomes.length;
      await body(count, await questionWaits('main'));
    } finally {
      await setSetting('git.autoBranch', 'always');
    }
  }

  async function openRepo(dir: string): Promise<GitRepository> {
    const api = await waitFor(() => t.git.autopilot.gitApi, { timeout: 30_000, message: 'the git extension is enabled and its API obtained' });
    const repo = await api.openRepository!(vscode.Uri.file(dir));
    assert.ok(repo, `git opened ${dir}`);
    await waitFor(() => t.git.autopilot.headOf(dir), { timeout: 20_000, message: 'the autopilot follows the repository' });
    return repo;
  }

  /** A new repository in the workspace: main with one commit, .env and .neon git-ignored, the .env above. */
  function newRepo(name: string): string {
    const dir = path.join(workspaceDir(), `${name}-${++n}`);
    fs.mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, '.gitignore'), '.env\n.neon\n');
    fs.writeFileSync(path.join(dir, 'README.md'), '# app\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    fs.writeFileSync(path.join(dir, '.env'), ENV_BEFORE);
    userChose(path.join(dir, '.env'));
    return dir;
  }

  /** Links `dir` to acme-api with the command, as a person would (role neondb_owner, database neondb; its .env's placeholder URLs replaced). */
  async function link(dir: string): Promise<void> {
    t.prompt.script({ pick: 'neondb_owner' }, { button: 'Link and Replace' });
    const res = (await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir)) as { folder: string } | undefined;
    assert.ok(res, `linked: ${errors().join('\n')}`);
  }

  before(async function () {
    ({ t, accountId: you } = await startWithAccount(emulator()));
    project();
    // The .env files earlier suites wrote lead to branches of the same ids: their "in .env" marks would be this suite's.
    await t.envMarks.forget();
    await setSetting('git.autoBranch', 'always');
    await setSetting('git.branchExpiryDays', 7);
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);
    const ext = vscode.extensions.getExtension('vscode.git');
    assert.ok(ext, 'the built-in git extension is present in this VS Code host');
    await waitFor(() => t.git.autopilot.availability === 'ready', { timeout: 30_000, message: `git becomes available (now ${t.git.autopilot.availability})` });
    repoDir = newRepo('app');
    await openRepo(repoDir);
  });
  after(async () => {
    await setSetting('git.autoBranch', undefined);
    await setSetting('git.branchExpiryDays', undefined);
    await vscode.workspace.getConfiguration('git').update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);

  it('before any folder is linked: the folder commands say so with a Link Folder button; Unlink says there is nothing to unlink, as information', async () => {
    await t.git.statusBar.update();
    assert.strictEqual(t.git.statusBar.anyLinked, false, 'the palette hides the linked folder\'s commands (neonExplorer.hasLinkedFolder)');
    for (const command of ['neonExplorer.cleanUpBranches', 'neonExplorer.git.copyEnvUrl', 'neonExplorer.git.followGitBranch', 'neonExplorer.git.switchEnvBranch']) {
      t.prompt.reset();
      await vscode.commands.executeCommand(command);
      // Nothing to do yet, not a failure: a warning in its own words (no "Couldn't …").
      const error = t.prompt.shown.find((x) => x.kind === 'warning');
      assert.ok(error, `${command}: ${JSON.stringify(t.prompt.shown)}`);
      assert.strictEqual(error.text, 'No folder is linked to a Neon project. Link one first: its .env then follows the git branch.');
      assert.ok(!t.prompt.shown.some((x) => x.kind === 'error'), `${command}: no error`);
      assert.ok(error.buttons?.includes('Link Folder to Neon Project…'), `${command}: ${error.buttons}`);
    }
    t.prompt.reset();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.unlinkFolder'), false);
    assert.deepStrictEqual(t.prompt.shown.map((x) => `${x.kind}: ${x.text}`), ['info: No folder of this workspace is linked to a Neon project: there is nothing to unlink.']);
  });

  it('Link Folder from an organization counts its steps (project, then role and database); Escape on the last writes nothing', async () => {
    const dir = newRepo('steps');
    const org = { accountId: you, orgId: project().orgId!, orgName: 'org' };
    t.prompt.reset();
    t.prompt.script({ pick: 'acme-api' }, { dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.linkFolder', org, dir), undefined);
    const picks = t.prompt.shown.filter((x) => x.kind === 'pick').map((x) => x.text);
    assert.strictEqual(picks.length, 2, JSON.stringify(t.prompt.shown));
    assert.strictEqual(picks[0], 'Link Folder to Neon Project (1/2)');
    // Once chosen, the project is named (walk 38: "Link Folder to Neon Project: role" said not which).
    assert.match(picks[1]!, /^Link Folder to acme-api \(2\/2\): (database|role)$/);
    // From the account, the organization only locates the project: uncounted, the project is step 1 (walk 37: both said "(1/2)").
    t.prompt.reset();
    t.prompt.script({ pick: 'Acme Inc' }, { pick: 'acme-api' }, { dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.linkFolder', { accountId: you }, dir), undefined);
    const fromAccount = t.prompt.shown.filter((x) => x.kind === 'pick').map((x) => x.text);
    assert.deepStrictEqual(fromAccount.slice(0, 2), ['Link Folder to Neon Project', 'Link Folder to Neon Project (1/2)'], JSON.stringify(t.prompt.shown));
    assert.ok(!fs.existsSync(path.join(dir, '.neon')), 'no .neon written');
    assert.strictEqual(envOf(dir), ENV_BEFORE, '.env untouched');
    assert.strictEqual(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), '.env\n.neon\n', '.gitignore untouched');
    assert.deepStrictEqual(errors(), []);
  });

  it('Link Folder from the view\'s "…" menu asks where, even with a project focused in the tree (VS Code passes the focused row); run on the project row, it names the project', async () => {
    // What VS Code does for a view/title item: the tree's focused row is the argument (walk 38:
    // with acme-api selected it went straight to "Link Folder to Neon Project: role").
    t.prompt.reset();
    t.prompt.script({ dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.view.linkFolder', r.project(ACME_API)), undefined);
    const first = t.prompt.shown.find((x) => x.kind === 'pick');
    assert.ok(first, JSON.stringify(t.prompt.shown));
    assert.strictEqual(first.text, 'Link Folder to Neon Project', 'the organization (or account) is asked, uncounted');
    assert.ok(first.items?.includes('Acme Inc'), `the organizations are offered: ${first.items}`);
    assert.deepStrictEqual(errors(), []);
    // On the project's row (its context menu passes the node): no project question, and the role's names it.
    // A plain folder: nothing is written before the role is asked, and no git repository is added.
    const dir = path.join(workspaceDir(), `row-${++n}`);
    fs.mkdirSync(dir, { recursive: true });
    t.prompt.reset();
    t.prompt.script({ dismiss: true });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), undefined);
    const picks = t.prompt.shown.filter((x) => x.kind === 'pick').map((x) => x.text);
    assert.deepStrictEqual(picks.length, 1, JSON.stringify(t.prompt.shown));
    assert.match(picks[0]!, /^Link Folder to acme-api: (database|role)$/);
    assert.ok(!fs.existsSync(path.join(dir, '.neon')), 'no .neon written');
  });

  it('Link writes .neon in the neon CLI format and points the .env at the default branch for git main; other bytes unchanged', async () => {
    // While Link switches the .env the first time, the status bar says so (not "not switched").
    const texts: string[] = [];
    const sub = t.git.statusBar.onDidUpdate((x) => texts.push(x.text));
    emulator().server.cfg.latencyMs = 300;
    // The walkthrough's .env step is ticked by any write of a connection, Link's too (walk 36).
    await t.services.context.globalState.update(WALKTHROUGH_DONE_STATE, undefined);
    try {
      await link(repoDir);
    } finally {
      emulator().server.cfg.latencyMs = 0;
      sub.dispose();
    }
    assert.ok(texts.includes('$(sync~spin) neon: switching…') && !texts.includes('$(database) neon: not switched'), texts.join(' | '));
    const ctx = neonFile(repoDir);
    assert.deepStrictEqual(ctx, { orgId: project().orgId, projectId: ACME_API, branch: 'main' });
    assert.strictEqual(fs.readFileSync(path.join(repoDir, '.neon'), 'utf8'), `${JSON.stringify(ctx, null, 2)}\n`);
    const text = await envPointsAt(repoDir, 'main');
    assert.strictEqual(unmanaged(text), unmanaged(ENV_BEFORE));
    const settings = t.git.links.settings(repoDir);
    assert.deepStrictEqual([settings.accountId, settings.roleName, settings.databaseName], [you, 'neondb_owner', 'neondb']);
    // No parent is pinned: new branches come from the default branch of the day.
    assert.strictEqual(settings.parentBranchId, undefined);
    assert.ok(!JSON.stringify(settings).includes('postgres'), 'no connection string in the workspace state');
    const snap = await eventually(async () => {
      const s = await t.git.statusBar.update();
      assert.strictEqual(s.text, '$(database) neon: main');
      return s;
    });
    assert.strictEqual(snap.warning, false);
    assert.match(snap.tooltip, /^Linked to Neon project acme-api\n/, 'the project by its name');
    // A screen reader hears the branch, the .env and the folder (walk 36 heard only "neon: main"); the tooltip's words fit the keyboard too.
    assert.strictEqual(snap.aria, `Neon branch main (default) for .env of ${path.basename(repoDir)}`);
    assert.match(snap.tooltip, /\nSelect for Neon branch actions\.$/);
    assert.strictEqual(t.git.statusBar.anyLinked, true, 'the palette now offers the linked folder\'s commands');
    assert.ok((t.services.context.globalState.get<string[]>(WALKTHROUGH_DONE_STATE) ?? []).includes(WALKTHROUGH_ENV_SAVED), 'the walkthrough\'s .env step is done');
  });

  it('git checkout -b feature/login: creates feature/login from main (7-day expiry, annotated), switches only the Neon variables', async () => {
    const since = Date.now();
    const mark = emulator().server.log.mark();
    const before = envOf(repoDir);
    // The tree has read acme-api's branches before the checkout.
    const org = `acct/${you}/org/org-morning-bread-81040908`;
    await children(await current(`acct/${you}`));
    await children(await current(org));
    const projectRow = `${org}/project/${ACME_API}`;
    assert.ok(!(await rows(await current(projectRow))).some((r) => r.label === 'feature/login'));
    git(repoDir, 'checkout', '-q', '-b', 'feature/login');
    const text = await envPointsAt(repoDir, 'feature/login');
    // Seen in .git/HEAD as git rewrote it, not after the git extension's debounce, focus wait and status run.
    assert.strictEqual(t.git.autopilot.headOf(repoDir)?.via, 'HEAD file');
    await eventually(async () => assert.ok((await rows(await current(projectRow))).some((r) => r.label === 'feature/login'), 'the tree lists the new branch'));
    const b = byName('feature/login')!;
    assert.strictEqual(b.parentId, byName('main')!.id);
    const expires = Date.parse(b.expiresAt!);
    assert.ok(Math.abs(expires - (since + 7 * 86_400_000)) < 120_000, `expires_at ${b.expiresAt} is 7 days ahead`);
    assert.strictEqual(b.annotation?.value[ANNOTATION_GIT_BRANCH], 'feature/login');
    await eventually(() => assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === `Created Neon branch feature/login from main for git branch feature/login (Neon deletes it on ${b.expiresAt!.slice(0, 10)}); .env now points at Neon branch feature/login.`), 'the notification says its parent and when it expires'));
    assert.strictEqual(unmanaged(text), unmanaged(before), 'every other byte of the .env is unchanged');
    assert.strictEqual(posts(mark).length, 1, 'one branch created');
    assert.ok(emulator().server.log.since(mark).some((e) => e.route === 'GET /projects/{project_id}/operations/{operation_id}'), 'its operations were waited for');
    await eventually(() => assert.deepStrictEqual(neonFile(repoDir).git, { map: { 'feature/login': 'feature/login' } }));
    assert.strictEqual(neonFile(repoDir).branch, 'feature/login');
    await eventually(async () => assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: feature/login'));
  });

  it('git switch main → the default branch again; back to feature/login reuses its branch (no create)', async () => {
    const since = emulator().server.log.mark();
    await switchAndWait(repoDir, 'main');
    git(repoDir, 'switch', '-q', 'feature/login');
    await envPointsAt(repoDir, 'feature/login');
    assert.strictEqual(posts(since).length, 0, 'nothing created');
    assert.strictEqual(expiresOf('main'), undefined, 'the default branch never gets an expiry');
  });
  const expiresOf = (name: string) => byName(name)?.expiresAt;

  it('names with #, unicode and a case-only clash: safe, distinct, deterministic Neon names', async () => {
    git(repoDir, 'checkout', '-q', '-b', 'fix/#42-café');
    await envPointsAt(repoDir, 'fix/42-cafe');
    git(repoDir, 'checkout', '-q', '-b', '日本語');
    await envPointsAt(repoDir, `git-${shortHash('日本語')}`);
    // Feature/Login derives feature/login too, which belongs to the git branch feature/login.
    git(repoDir, 'checkout', '-q', '-b', 'Feature/Login');
    await envPointsAt(repoDir, `feature/login-${shortHash('Feature/Login')}`);
    assert.strictEqual(byName('feature/login')!.annotation?.value[ANNOTATION_GIT_BRANCH], 'feature/login', 'the other git branch keeps its Neon branch');
    await switchAndWait(repoDir, 'main');
  });

  it('API down: the .env stays byte-identical; the status bar and one notification say why', async () => {
    await envPointsAt(repoDir, 'main');
    const before = envOf(repoDir);
    await control(emulator(), '/config', { faultRates: { '5xx': 1 } });
    try {
      t.prompt.reset();
      const count = t.git.autopilot.outcomes.length;
      git(repoDir, 'checkout', '-q', '-b', 'feature/api-down');
      const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/api-down'), { timeout: 60_000 });
      assert.ok(o.error, 'the switch failed');
      assert.strictEqual(envOf(repoDir), before, '.env byte-identical');
      assert.strictEqual(errors().length, 1, 'one notification');
      assert.match(errors()[0]!, /^Couldn't switch \.env to a Neon branch for git branch feature\/api-down: .*503.*; \.env was not changed\. \(request id [0-9a-f-]{8,}\)$/s);
      const snap = await t.git.statusBar.update();
      assert.strictEqual(snap.warning, true);
      assert.match(snap.tooltip, /feature\/api-down/);
      assert.strictEqual(snap.text, '$(database) neon: main', 'the status bar still names what the .env points at');
    } finally {
      await control(emulator(), '/config', { faultRates: null });
    }
    await switchAndWait(repoDir, 'main');
    await eventually(async () => assert.strictEqual((await t.git.statusBar.update()).warning, false, 'a good switch clears the warning'));
  });

  it('after Set as Default (a link made before kept main as the parent), a new git branch\'s Neon branch is made from the new default', async () => {
    const dev = byName('dev')!;
    const settings = t.git.links.settings(repoDir);
    const main = byName('main')!;
    await t.git.links.setSettings(repoDir, { ...settings, parentBranchId: main.id, parentBranchName: 'main' });
    try {
      t.prompt.script({ button: 'Set as Default' });
      await vscode.commands.executeCommand('neonExplorer.setDefaultBranch', r.branch(ACME_API, 'dev'));
      assert.strictEqual(dev.isDefault, true);
      assert.strictEqual(t.git.links.settings(repoDir).parentBranchId, undefined, 'the old pin is dropped');
      t.prompt.reset();
      const count = t.git.autopilot.outcomes.length;
      git(repoDir, 'checkout', '-q', '-b', 'feature/after-default');
      const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/after-default'), { timeout: 60_000 });
      assert.ok(!o.error, o.error);
      assert.strictEqual(byName('feature/after-default')?.parentId, dev.id, 'made from dev, the default now');
      // main is no longer the default but still has no parent: the status bar's menu offers no parent action on it.
      await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', r.branch(ACME_API, 'main'), repoDir);
      await envPointsAt(repoDir, 'main');
      t.prompt.script({ pick: undefined });
      await vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir);
      const items = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!.items!;
      assert.ok(items.includes('Test Connection') && !items.includes('Reset from Parent…') && !items.includes('Compare Schema with Parent'), items.join(' | '));
    } finally {
      t.prompt.script({ button: 'Set as Default' });
      await vscode.commands.executeCommand('neonExplorer.setDefaultBranch', r.branch(ACME_API, 'main'));
      assert.strictEqual(main.isDefault, true);
    }
    await switchAndWait(repoDir, 'main');
    // dev gets no child from this test (later ones reset it, which then asks a name for its state).
    git(repoDir, 'branch', '-q', '-D', 'feature/after-default');
    const made = byName('feature/after-default');
    if (made) await fetch(`${emulator().url}/projects/${ACME_API}/branches/${made.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${emulator().apiKey}` } });
    await eventually(() => assert.strictEqual(byName('feature/after-default'), undefined));
  });

  it('the tree marks the branch a linked .env points at ("in .env"), and moves the mark on a switch', async () => {
    // The test before left git on main, the .env at main.
    await envPointsAt(repoDir, 'main');
    const described = async () => {
      const list = await rows(await current((await walk('you', 'Acme Inc', 'acme-api')).id));
      return Object.fromEntries(list.map((r) => [r.label, r.description]));
    };
    await eventually(async () => {
      const d = await described();
      assert.match(d.main ?? '', /\bin \.env\b/, JSON.stringify(d));
      assert.ok(!/in \.env/.test(d.dev ?? ''), JSON.stringify(d));
    });
    await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', r.branch(ACME_API, 'dev'), repoDir);
    await envPointsAt(repoDir, 'dev');
    await eventually(async () => {
      const d = await described();
      assert.match(d.dev ?? '', /\bin \.env\b/, JSON.stringify(d));
      assert.ok(!/in \.env/.test(d.main ?? ''), JSON.stringify(d));
    });
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    await envPointsAt(repoDir, 'main');
  });

  /** Each branch row of acme-api by its label: its description and tooltip. */
  const branchRows = async () => Object.fromEntries((await rows(await current((await walk('you', 'Acme Inc', 'acme-api')).id))).map((x) => [x.label, x]));
  const inEnv = async (name: string) => /\bin \.env\b/.test((await branchRows())[name]?.description ?? '');

  it('"in .env" marks the branch a connection was saved to in a folder that is not linked, until DATABASE_URL is edited by hand (walk 41)', async () => {
    await envPointsAt(repoDir, 'main');
    const dir = newRepo('unlinked-save');
    const envFile = path.join(dir, '.env');
    fs.writeFileSync(envFile, 'PORT=3000\n');
    await eventually(async () => assert.strictEqual(await inEnv('dev'), false, 'no .env connects to dev yet'));
    // Relative to the workspace folder: an absolute path would be every linked folder's .env too (envFileFor).
    await setSetting('envFile', path.relative(workspaceDir(), envFile));
    try {
      t.prompt.reset();
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'dev', 'neondb_owner')), 'written', errors().join('\n'));
      assert.strictEqual(urlHostOf(envOf(dir)), rwHost(byName('dev')!.id));
      assert.strictEqual(t.git.links.pointer(dir), undefined, 'the folder is not linked');
      await eventually(async () => assert.ok(await inEnv('dev'), JSON.stringify(await branchRows())));
      assert.match((await branchRows()).dev!.tooltip, /a \.env in this workspace connects to this branch/);
      // Edited by hand to another database: the .env no longer connects to dev through DATABASE_URL.
      fs.writeFileSync(envFile, envOf(dir).replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=postgres://app@db.local/app'));
      await eventually(async () => assert.strictEqual(await inEnv('dev'), false, JSON.stringify(await branchRows())));
      assert.deepStrictEqual(errors(), []);
    } finally {
      await setSetting('envFile', undefined);
      fs.rmSync(envFile, { force: true });
    }
  });

  it('Unlink Folder keeps "in .env" on the branch its .env still connects to; deleting the .env takes the mark (walk 41)', async () => {
    const dir = newRepo('unlink-mark');
    await openRepo(dir);
    await link(dir);
    await envPointsAt(dir, 'main');
    await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', r.branch(ACME_API, 'dev'), dir);
    await envPointsAt(dir, 'dev');
    await eventually(async () => assert.ok(await inEnv('dev'), JSON.stringify(await branchRows())));
    t.prompt.script({ button: 'Unlink' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.unlinkFolder', dir), true);
    assert.strictEqual(t.git.links.pointer(dir), undefined, 'unlinked');
    // The marks are checked 50 ms after a change: a second is ample for a mark that would go.
    await sleep(1000);
    assert.ok(await inEnv('dev'), `the .env still connects to dev: ${JSON.stringify(await branchRows())}`);
    fs.rmSync(path.join(dir, '.env'));
    await eventually(async () => assert.strictEqual(await inEnv('dev'), false, JSON.stringify(await branchRows())));
    assert.deepStrictEqual(errors(), []);
  });

  it('a checkout switches only the linked variables: another role\'s URL left on main is named, main stays "in .env", and Switch Them Too moves it (walk 37)', async () => {
    await envPointsAt(repoDir, 'main');
    const envFile = path.join(repoDir, '.env');
    const client = await t.services.clients.get(you);
    // Pooled: it must stay pooled when switched (walk 39: one pooled through options=endpoint= came back direct).
    const appUserOn = (branch: string) => client.getConnectionUri({ projectId: ACME_API, branchId: byName(branch)!.id, databaseName: 'neondb', roleName: 'app_user', pooled: true });
    const before = envOf(repoDir);
    fs.writeFileSync(envFile, `${before}\nDATABASE_URL_APP_USER=${await appUserOn('main')}\n`);
    const described = async () => Object.fromEntries((await rows(await current((await walk('you', 'Acme Inc', 'acme-api')).id))).map((r) => [r.label, r.description]));
    try {
      let answer: (button: string) => void = () => undefined;
      t.prompt.reset();
      t.prompt.script({ button: () => new Promise<string>((res) => (answer = res)) });
      git(repoDir, 'checkout', '-q', '-b', 'walk-37');
      await envPointsAt(repoDir, 'walk-37');
      const said = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'info' && /^Created Neon branch walk-37/.test(x.text)), { timeout: 20_000, message: 'the switch is said' });
      assert.match(said.text, /; \.env now points at Neon branch walk-37\. DATABASE_URL_APP_USER still connects to Neon branch main\.$/);
      assert.deepStrictEqual(said.buttons, ['Switch Them Too']);
      assert.strictEqual(urlHostOf(envOf(repoDir), 'DATABASE_URL_APP_USER'), rwHost(byName('main')!.id), 'not switched unasked');
      // The .env still connects to main through it: the tree keeps main "in .env" beside walk-37.
      await eventually(async () => {
        const d = await described();
        assert.match(d.main ?? '', /\bin \.env\b/, JSON.stringify(d));
        assert.match(d['walk-37'] ?? '', /\bin \.env\b/, JSON.stringify(d));
      });
      answer('Switch Them Too');
      await eventually(() => assert.strictEqual(urlHostOf(envOf(repoDir), 'DATABASE_URL_APP_USER'), rwHost(byName('walk-37')!.id)));
      // The same role there, not the linked one.
      assert.match(envOf(repoDir), /^DATABASE_URL_APP_USER=postgres(ql)?:\/\/app_user:/m);
    assert.match(envOf(repoDir), /^DATABASE_URL_APP_USER=\S*-pooler/m, 'still pooled');
      await eventually(() => assert.ok(t.prompt.shown.some((x) => x.text === 'DATABASE_URL_APP_USER now connects to Neon branch walk-37 too.'), JSON.stringify(t.prompt.shown)));
      await eventually(async () => assert.ok(!/in \.env/.test((await described()).main ?? ''), 'main is no longer used by the .env'));
      assert.deepStrictEqual(errors(), []);
    } finally {
      // Back on main with every variable, as the tests after expect.
      t.prompt.reset();
      t.prompt.script({ button: 'Switch Them Too' });
      await switchAndWait(repoDir, 'main');
      await eventually(() => assert.strictEqual(urlHostOf(envOf(repoDir), 'DATABASE_URL_APP_USER'), rwHost(byName('main')!.id)));
      await eventually(() => assert.strictEqual(t.git.links.pointer(repoDir)?.stayed, undefined));
      fs.writeFileSync(envFile, envOf(repoDir).replace(/\nDATABASE_URL_APP_USER=.*\n/, ''));
    }
  });

  /**
   * DATABASE_URL_APP_USER (a role other than the linked one) on main beside the linked variables;
   * `switchIt` switches the .env to Neon branch `to` by a command, which must say `done`, then name
   * the variable left on main with Switch Them Too, keep main "in .env", and move it when clicked.
   */
  async function leftOnMain(to: string, done: string, switchIt: (answerLater: Parameters<Testing['prompt']['script']>[number]) => PromiseLike<unknown>): Promise<void> {
    await envPointsAt(repoDir, 'main');
    const client = await t.services.clients.get(you);
    const appUserOn = (branch: string) => client.getConnectionUri({ projectId: ACME_API, branchId: byName(branch)!.id, databaseName: 'neondb', roleName: 'app_user', pooled: false });
    fs.writeFileSync(path.join(repoDir, '.env'), `${envOf(repoDir)}\nDATABASE_URL_APP_USER=${await appUserOn('main')}\n`);
    const described = async () => Object.fromEntries((await rows(await current((await walk('you', 'Acme Inc', 'acme-api')).id))).map((r) => [r.label, r.description]));
    let answer: (button: string) => void = () => undefined;
    t.prompt.reset();
    await switchIt({ button: () => new Promise<string>((res) => (answer = res)) });
    await envPointsAt(repoDir, to);
    const said = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'info' && x.text.startsWith(done)), { timeout: 20_000, message: 'the switch is said' });
    assert.strictEqual(said.text, `${done} DATABASE_URL_APP_USER still connects to Neon branch main.`);
    assert.deepStrictEqual(said.buttons, ['Switch Them Too']);
    // One message for the switch, not the autopilot's beside the command's.
    assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'info').length, 1, JSON.stringify(t.prompt.shown));
    assert.strictEqual(urlHostOf(envOf(repoDir), 'DATABASE_URL_APP_USER'), rwHost(byName('main')!.id), 'not switched unasked');
    await eventually(async () => {
      const d = await described();
      assert.match(d.main ?? '', /\bin \.env\b/, JSON.stringify(d));
      assert.match(d[to] ?? '', /\bin \.env\b/, JSON.stringify(d));
    });
    answer('Switch Them Too');
    await eventually(() => assert.strictEqual(urlHostOf(envOf(repoDir), 'DATABASE_URL_APP_USER'), rwHost(byName(to)!.id)));
    assert.match(envOf(repoDir), /^DATABASE_URL_APP_USER=postgres(ql)?:\/\/app_user:/m);
    await eventually(() => assert.ok(t.prompt.shown.some((x) => x.text === `DATABASE_URL_APP_USER now connects to Neon branch ${to} too.`), JSON.stringify(t.prompt.shown)));
    await eventually(async () => assert.ok(!/in \.env/.test((await described()).main ?? ''), 'main is no longer used by the .env'));
    assert.deepStrictEqual(errors(), []);
  }

  /** The .env (and every variable) back on main, the variable of leftOnMain gone, as the tests after expect. */
  async function backOnMainWithout(back: () => PromiseLike<unknown>): Promise<void> {
    t.prompt.reset();
    await back();
    await envPointsAt(repoDir, 'main');
    await eventually(() => assert.strictEqual(urlHostOf(envOf(repoDir), 'DATABASE_URL_APP_USER'), rwHost(byName('main')!.id)));
    await eventually(() => assert.strictEqual(t.git.links.pointer(repoDir)?.stayed, undefined));
    fs.writeFileSync(path.join(repoDir, '.env'), envOf(repoDir).replace(/\nDATABASE_URL_APP_USER=.*\n/, ''));
  }

  const named = (name: string) => ({ pick: (items: vscode.QuickPickItem[]) => items.find((i) => i.label === name) });

  it('a switch moves the PG* variables saved with DATABASE_URL even with Include Pg Variables off (walk 39: psql stayed on the old branch)', async () => {
    await envPointsAt(repoDir, 'main');
    const before = envOf(repoDir);
    const main = new URL(/^DATABASE_URL=(.*)$/m.exec(before)![1]!.replace(/^"(.*)"$/, '$1'));
    const options = main.searchParams.get('options');
    const pg = [`PGHOST=${main.hostname}`, `PGUSER=${decodeURIComponent(main.username)}`, `PGPASSWORD=${decodeURIComponent(main.password)}`, `PGDATABASE=${main.pathname.slice(1)}`, ...(options ? [`PGOPTIONS=${options}`] : [])];
    fs.writeFileSync(path.join(repoDir, '.env'), `${before.replace(/\n*$/, '\n')}${pg.join('\n')}\n`);
    const pgCompute = () => {
      const text = envOf(repoDir);
      const o = /^PGOPTIONS=.*endpoint=([a-z0-9-]+)/m.exec(text)?.[1];
      return (o ?? /^PGHOST=([^.\n]+)/m.exec(text)![1]!).replace(/-pooler$/, '');
    };
    assert.strictEqual(pgCompute(), rwHost(byName('main')!.id));
    try {
      t.prompt.reset();
      t.prompt.script(named('feature/login'));
      await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', undefined, repoDir);
      await envPointsAt(repoDir, 'feature/login');
      assert.strictEqual(pgCompute(), rwHost(byName('feature/login')!.id), 'the PG* variables followed');
      assert.match(envOf(repoDir), /^PGPASSWORD=\S+/m);
      assert.ok(!t.prompt.shown.some((x) => /PG(HOST|OPTIONS|USER) still connect/.test(x.text)), JSON.stringify(t.prompt.shown));
    } finally {
      t.prompt.reset();
      t.prompt.script(named('main'));
      await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', undefined, repoDir);
      await envPointsAt(repoDir, 'main');
      fs.writeFileSync(path.join(repoDir, '.env'), envOf(repoDir).replace(/^PG[A-Z_]+=.*\n/gm, ''));
    }
  });

  it('Switch .env to Another Neon Branch names another role\'s URL left on main, keeps main "in .env", and Switch Them Too moves it', async () => {
    try {
      await leftOnMain('feature/login', '.env now points at Neon branch feature/login.', (later) => {
        t.prompt.script(named('feature/login'), later);
        return vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', undefined, repoDir);
      });
    } finally {
      await backOnMainWithout(() => {
        t.prompt.script(named('main'), { button: 'Switch Them Too' });
        return vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', undefined, repoDir);
      });
    }
  });

  it('Follow Git Branch names another role\'s URL left on main, keeps main "in .env", and Switch Them Too moves it', async () => {
    // Git on feature/login while the .env stays on main: what Follow Git Branch is for.
    await setSetting('git.autoBranch', 'off');
    try {
      const count = t.git.autopilot.outcomes.length;
      git(repoDir, 'switch', '-q', 'feature/login');
      await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/login' && x.skipped === 'off'), { timeout: 20_000, message: 'the checkout is left alone' });
      await leftOnMain('feature/login', '.env now points at Neon branch feature/login, the branch of git branch feature/login.', (later) => {
        t.prompt.script(later);
        return vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
      });
    } finally {
      await setSetting('git.autoBranch', 'always');
      await backOnMainWithout(async () => {
        t.prompt.script({ button: 'Switch Them Too' });
        const count = t.git.autopilot.outcomes.length;
        git(repoDir, 'switch', '-q', 'main');
        await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'main'), { timeout: 30_000, message: 'the switch to main is handled' });
      });
    }
  });

  it('a refused create (parent is an expiring branch): .env byte-identical, the refusal is quoted; never the default branch', async () => {
    const dev = byName('dev')!;
    dev.expiresAt = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const settings = t.git.links.settings(repoDir);
    await t.git.links.setSettings(repoDir, { ...settings, parentBranchId: dev.id, parentBranchName: 'dev' });
    const before = envOf(repoDir);
    try {
      t.prompt.reset();
      const count = t.git.autopilot.outcomes.length;
      git(repoDir, 'checkout', '-q', '-b', 'feature/refused');
      const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/refused'), { timeout: 60_000 });
      assert.ok(o.error);
      assert.match(o.error, /Neon refused to create branch feature\/refused from dev: .*expiring branch/);
      assert.strictEqual(envOf(repoDir), before);
      assert.strictEqual(byName('feature/refused'), undefined);
    } finally {
      delete dev.expiresAt;
      await t.git.links.setSettings(repoDir, settings);
    }
    await switchAndWait(repoDir, 'main');
  });

  /** An operation runs on branch `name` for `ms` (the emulator answers 423 to what would change it meanwhile). */
  const lock = (name: string, ms: number) => startOps(emulator().state, { ...emulator().config, operationMs: ms, operationFailRate: 0 }, project(), [{ action: 'apply_config', branchId: byName(name)!.id }]);
  const unlockAll = () => {
    for (const op of emulator().state.detail(project()).operations) op.finishAt = Math.min(op.finishAt, Date.now());
  };
  const statuses = (mark: number, route: string) => emulator().server.log.since(mark).filter((e) => e.route === route).map((e) => e.status);

  it('423 storm while creating: the create is retried as the API asks and succeeds; the .env follows', async () => {
    const before = envOf(repoDir);
    t.prompt.reset();
    const from = emulator().server.log.mark();
    lock('main', 60_000);
    const count = t.git.autopilot.outcomes.length;
    git(repoDir, 'checkout', '-q', '-b', 'feature/storm');
    try {
      // The operation on the parent ends after the create has been answered 423 three times.
      await waitFor(() => statuses(from, 'POST /projects/{project_id}/branches').filter((x) => x === 423).length >= 3 || undefined, { timeout: 40_000, interval: 20, message: 'three 423 answers' });
    } finally {
      unlockAll();
    }
    const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/storm'), { timeout: 40_000 });
    assert.ok(o.result?.created, o.error);
    const creates = statuses(from, 'POST /projects/{project_id}/branches');
    assert.ok(creates.filter((x) => x === 423).length >= 3, `several 423 answers first: ${creates.join(', ')}`);
    assert.strictEqual(creates.at(-1), 201);
    assert.strictEqual(creates.filter((x) => x === 201).length, 1, 'one branch created');
    const text = await envPointsAt(repoDir, 'feature/storm');
    assert.strictEqual(unmanaged(text), unmanaged(before));
    assert.deepStrictEqual(errors(), []);
  });

  it('a create whose answer is lost (the connection breaks after Neon made the branch): the branch is found by its name and the .env follows; one POST, no failure', async () => {
    const before = envOf(repoDir);
    t.prompt.reset();
    const from = emulator().server.log.mark();
    const count = t.git.autopilot.outcomes.length;
    const lose = losingTheNextPostsAnswer(emulator());
    try {
      lose.start();
      git(repoDir, 'checkout', '-q', '-b', 'feature/lost-answer');
      const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/lost-answer'), { timeout: 40_000 });
      assert.ok(o.result?.created, o.error);
    } finally {
      lose.restore();
    }
    const creates = emulator().server.log.since(from).filter((e) => e.route === 'POST /projects/{project_id}/branches');
    assert.deepStrictEqual(creates.map((e) => e.fault), ['drop'], 'sent once, its answer lost');
    const text = await envPointsAt(repoDir, 'feature/lost-answer');
    assert.strictEqual(unmanaged(text), unmanaged(before));
    assert.deepStrictEqual(errors(), []);
  });

  it('423 storm while Clean Up deletes: the delete is retried and succeeds', async () => {
    await switchAndWait(repoDir, 'main');
    git(repoDir, 'branch', '-q', '-D', 'feature/storm');
    t.prompt.reset();
    const from = emulator().server.log.mark();
    lock('feature/storm', 2500);
    t.prompt.script({ pickMany: ['feature/storm'] }, { input: 'feature/storm' });
    const res = (await vscode.commands.executeCommand('neonExplorer.cleanUpBranches', repoDir)) as { deleted: string[]; failed: unknown[] };
    assert.deepStrictEqual(res, { deleted: ['feature/storm'], failed: [] }, errors().join('\n'));
    const deletes = statuses(from, 'DELETE /projects/{project_id}/branches/{branch_id}');
    assert.ok(deletes.filter((x) => x === 423).length >= 2, `several 423 answers first: ${deletes.join(', ')}`);
    assert.strictEqual(deletes.at(-1), 200);
    assert.strictEqual(byName('feature/storm'), undefined);
    assert.deepStrictEqual(errors(), []);
  });

  it('a 423 storm that outlasts the retry budget: .env byte-identical, no branch, one notification says why', async function () {
    this.timeout(60_000);
    await envPointsAt(repoDir, 'main');
    const before = envOf(repoDir);
    t.prompt.reset();
    const from = Date.now();
    const mark = emulator().server.log.mark();
    lock('main', 120_000);
    // The budget is a minute; the same path with a shorter one (it is said in the message).
    t.git.autopilot.lockedWaitMs = 6000;
    try {
      const count = t.git.autopilot.outcomes.length;
      git(repoDir, 'checkout', '-q', '-b', 'feature/storm-long');
      const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/storm-long'), { timeout: 40_000 });
      assert.ok(o.error, 'the switch failed');
      assert.ok(Date.now() - from >= 5000, `it waited out the budget first: failed after ${Date.now() - from} ms with ${o.error}`);
      assert.ok(statuses(mark, 'POST /projects/{project_id}/branches').length >= 3, 'the create was tried again while locked');
      assert.strictEqual(envOf(repoDir), before, '.env byte-identical');
      assert.strictEqual(byName('feature/storm-long'), undefined);
      assert.ok(statuses(mark, 'POST /projects/{project_id}/branches').every((x) => x === 423));
      assert.strictEqual(errors().length, 1, `one notification: ${errors().join(' | ')}`);
      assert.match(
        errors()[0]!,
        new RegExp(`^Couldn't switch \\.env to a Neon branch for git branch feature/storm-long: project ${ACME_API} stayed busy with other running operations \\(423 Locked\\) for over 6 s, so branch feature/storm-long was not created\\. Retry once they have finished; \\.env was not changed\\. \\(request id [0-9a-f-]{8,}\\)$`),
      );
      assert.strictEqual((await t.git.statusBar.update()).warning, true);
    } finally {
      t.git.autopilot.lockedWaitMs = undefined;
      unlockAll();
    }
    await switchAndWait(repoDir, 'main');
  });

  it('the name taken at the same moment (409 on create): .env byte-identical, the message says what happened and what to do', async () => {
    await envPointsAt(repoDir, 'main');
    const before = envOf(repoDir);
    t.prompt.reset();
    // Slow answers open the window between the autopilot's list of branches and its create.
    await control(emulator(), '/config', { latencyMs: 400 });
    try {
      const count = t.git.autopilot.outcomes.length;
      const from = emulator().server.log.mark();
      git(repoDir, 'checkout', '-q', '-b', 'feature/race');
      await waitFor(() => emulator().server.log.inFlight > 0 || undefined, { timeout: 20_000, interval: 1, message: 'the autopilot lists the branches' });
      // Someone else (a teammate, CI) creates the same name meanwhile.
      const res = await fetch(`${emulator().url}/projects/${ACME_API}/branches`, {
        method: 'POST', headers: { authorization: `Bearer ${emulator().apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ branch: { name: 'feature/race' } }),
      });
      assert.strictEqual(res.status, 201);
      const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/race'), { timeout: 30_000 });
      assert.ok(o.error, `the switch failed: ${JSON.stringify(o.result?.branch)}`);
      assert.deepStrictEqual(statuses(from, 'POST /projects/{project_id}/branches'), [201, 409]);
      assert.strictEqual(envOf(repoDir), before, '.env byte-identical');
      assert.strictEqual(errors().length, 1);
      assert.match(
        errors()[0]!,
        /^Couldn't switch \.env to a Neon branch for git branch feature\/race: a Neon branch named feature\/race was created elsewhere at the same moment \(409\)\. Switch again to use it, or map the git branch in \.neon; \.env was not changed\. \(request id [0-9a-f-]{8,}\)$/,
      );
    } finally {
      await control(emulator(), '/config', { latencyMs: 0 });
    }
    await switchAndWait(repoDir, 'main');
  });

  it('detached HEAD and a rebase in progress leave the .env alone; the status bar says detached', async () => {
    const before = envOf(repoDir);
    const since = emulator().server.log.mark();
    git(repoDir, 'checkout', '-q', '--detach');
    await waitFor(() => t.git.autopilot.headOf(repoDir)?.detached, { timeout: 20_000, message: 'git reports the detached HEAD' });
    const snap = await t.git.statusBar.update();
    assert.match(snap.tooltip, /detached HEAD/);
    await sleep(1500);
    assert.strictEqual(envOf(repoDir), before);
    assert.deepStrictEqual(switchRequests(since), [], 'no switch requested');
    git(repoDir, 'switch', '-q', 'main');
    await waitFor(() => t.git.autopilot.headOf(repoDir)?.branch === 'main', { timeout: 20_000 });
    assert.deepStrictEqual(switchRequests(since), [], 'back on the branch it left: nothing to do');

    // A rebase that stops on a conflict: HEAD is detached meanwhile; aborting returns to the branch.
    fs.writeFileSync(path.join(repoDir, 'README.md'), '# app on main\n');
    git(repoDir, 'commit', '-q', '-am', 'main change');
    git(repoDir, 'switch', '-q', 'feature/login');
    await envPointsAt(repoDir, 'feature/login');
    fs.writeFileSync(path.join(repoDir, 'README.md'), '# app on feature\n');
    git(repoDir, 'commit', '-q', '-am', 'feature change');
    const beforeRebase = envOf(repoDir);
    const since2 = emulator().server.log.mark();
    assert.throws(() => git(repoDir, 'rebase', 'main'), 'the rebase stops on the conflict');
    await waitFor(() => t.git.autopilot.headOf(repoDir)?.detached, { timeout: 20_000, message: 'git reports the rebase (detached HEAD)' });
    git(repoDir, 'rebase', '--abort');
    await waitFor(() => t.git.autopilot.headOf(repoDir)?.branch === 'feature/login', { timeout: 20_000 });
    await sleep(1000);
    assert.strictEqual(envOf(repoDir), beforeRebase);
    assert.strictEqual(posts(since2).length, 0);
    assert.deepStrictEqual(switchRequests(since2), [], 'no switch during or after the rebase');
    await switchAndWait(repoDir, 'main');
  });

  it('autoBranch "off" does nothing and the status bar warns (the .env is on main while git is not); "ask" asks once and honours the answer', async () => {
    await setSetting('git.autoBranch', 'off');
    const before = envOf(repoDir);
    const count = t.git.autopilot.outcomes.length;
    git(repoDir, 'checkout', '-q', '-b', 'feature/manual');
    await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/manual'), { timeout: 20_000 });
    assert.strictEqual(envOf(repoDir), before);
    const snap = await eventually(async () => {
      const s = await t.git.statusBar.update();
      assert.strictEqual(s.warning, true);
      return s;
    });
    assert.match(snap.tooltip, /Git is on feature\/manual, but \.env points at the default Neon branch main/);
    assert.match(snap.aria, /^Neon branch main \(default\) for \.env of [^.]+\. Git is on feature\/manual, but \.env points at the default Neon branch main/, 'the warning is heard, not only seen in the colour');

    await setSetting('git.autoBranch', 'ask');
    t.prompt.reset();
    // Back on main, which the .env already serves (the default branch): nothing is asked.
    const served = t.git.autopilot.outcomes.length;
    git(repoDir, 'switch', '-q', 'main');
    await waitFor(() => t.git.autopilot.outcomes.slice(served).find((x) => x.gitBranch === 'main'), { timeout: 20_000 });
    assert.strictEqual(t.git.autopilot.outcomes.slice(served)[0]!.skipped, 'served');
    assert.strictEqual(envOf(repoDir), before);
    t.prompt.script({ button: 'Switch' });
    const handled = t.git.autopilot.outcomes.length;
    git(repoDir, 'switch', '-q', 'feature/manual');
    await envPointsAt(repoDir, 'feature/manual');
    // Its "Created Neon branch" notification is shown before the outcome: no answer scripted below may go to it.
    await waitFor(() => t.git.autopilot.outcomes.slice(handled).find((x) => x.gitBranch === 'feature/manual' && x.result), { timeout: 20_000 });
    // "Always" is saved in the user settings (as VS Code's git extension saves such answers): no
    // file of the workspace or the repository is written, and it shows in no git status.
    const settingsFiles = [path.join(workspaceDir(), '.vscode', 'settings.json'), path.join(repoDir, '.vscode', 'settings.json')];
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
    const settingsBefore = settingsFiles.map(read);
    const autoBranch = () => vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(repoDir)).inspect('git.autoBranch');
    try {
      t.prompt.script({ button: 'Always' });
      await switchAndWait(repoDir, 'main');
      const asked = t.prompt.shown.filter((x) => x.kind === 'info' && /Git is now on/.test(x.text));
      assert.strictEqual(asked.length, 2);
      assert.deepStrictEqual(asked[0]!.buttons, ['Switch', 'Always', 'Not Now']);
      // Not made yet: the question says it is created, and from which branch (walk 31: not "(created if needed)").
      assert.match(asked[0]!.text, /^Git is now on feature\/manual in app-\d+\. Create Neon branch feature\/manual from main and point \.env at it\?$/, 'the question names the Neon branch (walk 24) and says it is made');
      assert.match(asked[1]!.text, /^Git is now on main in app-\d+\. Point \.env at main, the project's default Neon branch\?$/, 'main maps to the default branch, never created; named from the list the last switch read');
      await eventually(() => assert.deepStrictEqual([autoBranch()?.globalValue, autoBranch()?.workspaceValue, autoBranch()?.workspaceFolderValue], ['always', undefined, undefined]));
      assert.strictEqual(vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(repoDir)).get('git.autoBranch'), 'always', 'the answer is in effect');
      assert.deepStrictEqual(settingsFiles.map(read), settingsBefore, 'no .vscode/settings.json written');
      assert.strictEqual(read(settingsFiles[1]!), undefined, 'the repository has no .vscode/settings.json');
      assert.ok(
        t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'From now on, every checkout switches .env without asking, in this workspace and in others (saved in your user settings as Neon Explorer: Git Auto Branch).' && x.buttons?.[0] === 'Open Setting'),
        JSON.stringify(t.prompt.shown.slice(-2)),
      );
      // A workspace that sets "ask" itself would override the user setting: there the workspace value is the one changed.
      await vscode.workspace.getConfiguration('neonExplorer').update('git.autoBranch', 'ask', vscode.ConfigurationTarget.Workspace);
      await setSetting('git.autoBranch', 'ask');
      t.prompt.reset();
      t.prompt.script({ button: 'Always' });
      const listed = emulator().server.log.mark();
      await switchAndWait(repoDir, 'feature/manual');
      await eventually(() => assert.deepStrictEqual([autoBranch()?.globalValue, autoBranch()?.workspaceValue], ['ask', 'always']));
      // The question read the project's branches to say "Point .env at Neon branch feature/manual?"; the switch answered at once uses that list.
      assert.match(t.prompt.shown.find((x) => /Git is now on/.test(x.text))?.text ?? '', /Point \.env at Neon branch feature\/manual\?$/);
      assert.deepStrictEqual(emulator().server.log.since(listed).filter((e) => e.route === 'GET /projects/{project_id}/branches').length, 1, 'one read of the branch list for the question and the switch');
      assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'From now on, every checkout in this workspace switches .env without asking (saved in the workspace settings as Neon Explorer: Git Auto Branch).'), JSON.stringify(t.prompt.shown.slice(-2)));
    } finally {
      await vscode.workspace.getConfiguration('neonExplorer').update('git.autoBranch', undefined, vscode.ConfigurationTarget.Workspace);
      await setSetting('git.autoBranch', 'always');
    }
    await switchAndWait(repoDir, 'main');
  });

  it('the default-branch question names the default Neon branch as renamed since the last switch (the remembered list follows the rename)', async () => {
    await switchAndWait(repoDir, 'feature/login');
    t.prompt.reset();
    t.prompt.script({ input: 'trunk' });
    await vscode.commands.executeCommand('neonExplorer.renameBranch', r.branch(ACME_API, 'main'));
    assert.ok(byName('trunk'), errors().join('\n'));
    await setSetting('git.autoBranch', 'ask');
    try {
      await switchDeclined('main');
      const asked = t.prompt.shown.filter((x) => x.kind === 'info' && /Git is now on/.test(x.text));
      assert.match(asked.at(-1)!.text, /Point \.env at trunk, the project's default Neon branch\?$/);
    } finally {
      t.prompt.reset();
      t.prompt.script({ input: 'main' });
      await vscode.commands.executeCommand('neonExplorer.renameBranch', r.branch(ACME_API, 'trunk'));
      await setSetting('git.autoBranch', 'always');
      // HEAD is on main already, the .env on feature/login's branch: away and back, as the tests after it expect.
      await switchAndWait(repoDir, 'feature/login');
      await switchAndWait(repoDir, 'main');
    }
    assert.ok(byName('main'), 'renamed back');
  });

  it('a checkout not followed leaves the .env on another git branch\'s Neon branch: the status bar warns, and stops once it follows', async () => {
    await switchAndWait(repoDir, 'feature/login');
    await setSetting('git.autoBranch', 'ask');
    try {
      await switchDeclined('feature/manual');
      const snap = await eventually(async () => {
        const s = await t.git.statusBar.update();
        assert.strictEqual(s.warning, true);
        return s;
      });
      assert.strictEqual(snap.text, '$(database) neon: feature/login');
      assert.ok(snap.tooltip.split('\n').includes('Git is on feature/manual, but .env was switched to feature/login for git branch feature/login.'), snap.tooltip);
    } finally {
      await setSetting('git.autoBranch', 'always');
    }
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    await envPointsAt(repoDir, 'feature/manual');
    const after = await eventually(async () => {
      const s = await t.git.statusBar.update();
      assert.strictEqual(s.warning, false);
      return s;
    });
    assert.ok(!/^Git is on .*, but .* was switched to .* for git branch /m.test(after.tooltip), after.tooltip);
  });

  it('while the "switch .env?" question waits, the status bar says so; a newer checkout voids it, and a late answer to it changes nothing', async () => {
    await whileMainIsAsked(async (count, answerLate) => {
      t.prompt.script({ button: 'Switch' });
      const waiting = await eventually(async () => {
        const s = await t.git.statusBar.update();
        assert.strictEqual(s.warning, true);
        return s;
      });
      assert.strictEqual(waiting.text, '$(database) neon: feature/login');
      assert.ok(waiting.tooltip.split('\n').includes('Git is on main: .env is left as it is until you answer the question about it (Switch, Always or Not Now; in the notifications once the toast has gone).'), waiting.tooltip);
      assert.doesNotMatch(waiting.tooltip, /Git is on main, but/, 'the question says it; the mismatch is not said twice');
      // Git moves on before the answer: the question about main is void, feature/manual's is asked.
      git(repoDir, 'switch', '-q', 'feature/manual');
      await envPointsAt(repoDir, 'feature/manual');
      await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.gitBranch === 'feature/manual' && x.result), { timeout: 20_000 });
      assert.deepStrictEqual(t.git.autopilot.outcomes.slice(count).map((x) => [x.gitBranch, x.skipped ?? 'switched']), [['main', 'superseded'], ['feature/manual', 'switched']]);
      const after = envOf(repoDir);
      answerLate('Switch');
      await sleep(1500);
      assert.strictEqual(envOf(repoDir), after, 'the late Switch to main did nothing');
      assert.strictEqual(t.git.autopilot.outcomes.length, count + 2);
      assert.ok(t.logLines.some((l) => /"Switch" to the question about main came after git had moved on; the \.env was not switched for it/.test(l)), 'the late answer is logged');
      // Said, not silent; no button, since the .env already serves feature/manual.
      const late = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'info' && x.text.startsWith('Git had moved on')), { timeout: 5000 });
      assert.strictEqual(late.text, 'Git had moved on from main to feature/manual before you answered, so .env was not switched for main.');
      assert.deepStrictEqual(late.buttons ?? [], []);
      assert.strictEqual((await t.git.statusBar.update()).warning, false);
      // Back on the branch the .env serves: nothing to ask (one branch read proves it still exists), nothing to warn of.
      t.prompt.script({ button: 'Not Now' });
      const declined = t.git.autopilot.outcomes.length;
      git(repoDir, 'switch', '-q', 'main');
      await waitFor(() => t.git.autopilot.outcomes.slice(declined).find((x) => x.gitBranch === 'main' && x.skipped === 'declined'), { timeout: 20_000 });
      const asked = t.prompt.shown.length;
      const back = emulator().server.log.mark();
      git(repoDir, 'switch', '-q', 'feature/manual');
      await waitFor(() => t.git.autopilot.outcomes.slice(declined).find((x) => x.gitBranch === 'feature/manual'), { timeout: 20_000 });
      assert.deepStrictEqual(t.git.autopilot.outcomes.slice(declined).map((x) => [x.gitBranch, x.skipped ?? 'switched']), [['main', 'declined'], ['feature/manual', 'served']]);
      assert.deepStrictEqual(t.prompt.shown.slice(asked).map((x) => x.text), [], 'no question about the branch the .env serves');
      assert.deepStrictEqual(emulator().server.log.since(back).map((e) => e.route), ['GET /projects/{project_id}/branches/{branch_id}'], 'one read, no switch');
      assert.strictEqual(envOf(repoDir), after, '.env untouched');
      const served = await t.git.statusBar.update();
      assert.strictEqual(served.warning, false, served.tooltip);
      // The Neon branch it serves is deleted (it expired): back on its git branch, the question is asked again, and Switch makes a new one.
      t.prompt.script({ button: 'Not Now' }, { button: 'Switch' });
      git(repoDir, 'switch', '-q', 'main');
      await waitFor(() => t.git.autopilot.outcomes.slice(declined).find((x, i) => i > 1 && x.gitBranch === 'main'), { timeout: 20_000 });
      const gone = byName('feature/manual')!;
      const del = await fetch(`${emulator().url}/projects/${ACME_API}/branches/${gone.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${emulator().apiKey}` } });
      assert.strictEqual(del.status, 200);
      const before = t.prompt.shown.length;
      git(repoDir, 'switch', '-q', 'feature/manual');
      await waitFor(() => t.git.autopilot.outcomes.slice(declined).find((x, i) => i > 2 && x.gitBranch === 'feature/manual'), { timeout: 20_000 });
      assert.deepStrictEqual(t.git.autopilot.outcomes.slice(declined + 2).map((x) => [x.gitBranch, x.skipped ?? 'switched', !!x.result?.created]), [['main', 'declined', false], ['feature/manual', 'switched', true]]);
      assert.notStrictEqual(byName('feature/manual')?.id, gone.id, 'a new Neon branch');
      assert.match(t.prompt.shown.slice(before).map((x) => x.text).join('\n'), /Git is now on feature\/manual in app-\d+\. Create Neon branch feature\/manual from main and point \.env at it\?/, 'deleted: made again, and said so');
      assert.ok(t.logLines.some((l) => /git: feature\/manual: Neon branch feature\/manual could not be read .*; asked as usual/.test(l)), 'why it was asked is logged');
      // Edited by hand, the compute kept (another password): no longer what was written, so it is
      // asked about again and the status bar names no branch; before, only the compute was compared.
      const written = await envPointsAt(repoDir, 'feature/manual');
      const edited = written.replace(/^(DATABASE_URL=("?)postgres(?:ql)?:\/\/[^:@\s]+:)[^@\s]+@/m, '$1changed-by-hand@');
      assert.notStrictEqual(edited, written, 'the password was replaced');
      assert.strictEqual(urlHostOf(edited), urlHostOf(written), 'the same compute');
      t.prompt.script({ button: 'Not Now' }, { button: 'Not Now' });
      const hand = t.git.autopilot.outcomes.length;
      git(repoDir, 'switch', '-q', 'main');
      await waitFor(() => t.git.autopilot.outcomes.slice(hand).find((x) => x.gitBranch === 'main'), { timeout: 20_000 });
      fs.writeFileSync(path.join(repoDir, '.env'), edited);
      const askedBefore = t.prompt.shown.length;
      git(repoDir, 'switch', '-q', 'feature/manual');
      await waitFor(() => t.git.autopilot.outcomes.slice(hand).find((x) => x.gitBranch === 'feature/manual'), { timeout: 20_000 });
      assert.deepStrictEqual(t.git.autopilot.outcomes.slice(hand).map((x) => [x.gitBranch, x.skipped ?? 'switched']), [['main', 'declined'], ['feature/manual', 'declined']]);
      // It exists (and is mapped in .neon): nothing is created, and the question does not say "(created if needed)" (walk 31).
      assert.match(t.prompt.shown.slice(askedBefore).map((x) => x.text).join('\n'), /Git is now on feature\/manual in app-\d+\. Point \.env at Neon branch feature\/manual\?(\n|$)/);
      assert.strictEqual(envOf(repoDir), edited, 'Not Now leaves the edit');
      assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: ?');
      fs.writeFileSync(path.join(repoDir, '.env'), written);
      assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: feature/manual', 'the file as written names its branch again');
    });
  });

  it('a question answered from the status bar menu instead (Switch .env to the Git Branch’s Neon Branch) is over: the status bar is calm; its toast clicked later switches nothing and says so', async () => {
    await whileMainIsAsked(async (count, answerLate) => {
      // The toast has gone into the notification centre: the person uses the status bar instead.
      t.prompt.script({ pick: 'Switch .env to the Git Branch’s Neon Branch' });
      await vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir);
      await envPointsAt(repoDir, 'main', 5000);
      await waitFor(() => t.git.autopilot.askingAbout(repoDir) === undefined, { timeout: 5000, message: 'the question no longer waits' });
      assert.deepStrictEqual(t.git.autopilot.outcomes.slice(count).map((x) => [x.gitBranch, x.skipped ?? 'switched']).sort(), [['main', 'served'], ['main', 'switched']]);
      const snap = await t.git.statusBar.update();
      assert.deepStrictEqual([snap.text, snap.warning], ['$(database) neon: main', false], snap.tooltip);
      assert.doesNotMatch(snap.tooltip, /until you answer the question/);
      // The old toast's Switch, clicked now: no request, no byte changed, and it says why.
      const after = envOf(repoDir);
      const mark = emulator().server.log.mark();
      const shown = t.prompt.shown.length;
      answerLate('Switch');
      const late = await waitFor(() => t.prompt.shown.slice(shown).find((x) => x.kind === 'info'), { timeout: 5000, message: 'the late answer is said' });
      assert.strictEqual(late.text, '.env was already pointed at Neon branch main for git branch main before you answered, so it was not switched again.');
      await sleep(500);
      assert.strictEqual(envOf(repoDir), after);
      assert.deepStrictEqual(switchRequests(mark), []);
      assert.strictEqual(t.git.autopilot.outcomes.length, count + 2);
      assert.deepStrictEqual(errors(), []);
    });
  });

  it('a connection saved into the linked .env (Save to .env, Replace) is followed by the status bar and its menu, as a manual switch; a .env edited by hand is "?" and no menu item claims a branch', async () => {
    await envPointsAt(repoDir, 'main');
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(repoDir, 'README.md')));
    const links = t.git.links;
    const settings = links.settings(repoDir);
    const menu = async () => {
      t.prompt.script({ pick: undefined });
      await vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir);
      const m = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
      return { items: m.items!.map((label, i) => `${label}${m.descriptions![i] ? ` — ${m.descriptions![i]}` : ''}`), placeHolder: m.placeHolder };
    };
    // Save to .env writes the workspace folder's .env: here, the linked folder's.
    await links.setSettings(repoDir, { ...settings, envFile: '.env' });
    await setSetting('envFile', `${path.basename(repoDir)}/.env`);
    try {
      t.prompt.reset();
      t.prompt.script({ button: 'Replace' });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'dev', 'neondb_owner')), 'written', errors().join('\n'));
      await envPointsAt(repoDir, 'dev', 5000);
      assert.match(t.prompt.shown.find((x) => x.kind === 'warning' && x.modal)!.text, /^DATABASE_URL connects to branch main \(neondb_owner\) — replace it with branch dev \(neondb_owner\)\?/);
      const snap = await t.git.statusBar.update();
      assert.strictEqual(snap.text, '$(database) neon: dev', snap.tooltip);
      assert.doesNotMatch(snap.tooltip, /no longer holds/);
      // Another role's URL of the same compute, swapped in by hand, is an edit too (only the compute was compared before).
      const saved = envOf(repoDir);
      const otherRole = saved.replace(/^(DATABASE_URL=("?)postgres(?:ql)?:\/\/)neondb_owner:/m, '$1someone_else:');
      assert.notStrictEqual(otherRole, saved, 'the role was replaced');
      assert.strictEqual(urlHostOf(otherRole), urlHostOf(saved), 'the same compute');
      fs.writeFileSync(path.join(repoDir, '.env'), otherRole);
      const swapped = await t.git.statusBar.update();
      assert.strictEqual(swapped.text, '$(database) neon: ?');
      assert.ok(swapped.tooltip.split('\n').includes('.env no longer holds the connection Neon Explorer wrote for dev (edited, or removed).'), swapped.tooltip);
      fs.writeFileSync(path.join(repoDir, '.env'), saved);
      assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: dev');
      assert.strictEqual(links.pointer(repoDir)?.gitBranch, undefined, 'recorded as a manual switch is');
      assert.strictEqual(neonFile(repoDir).branch, 'dev', '.neon pins it, as a manual switch does');
      const onDev = await menu();
      for (const item of ['Test Connection — dev, as the .env connects', 'Open psql — dev', 'Open in Neon Console — dev']) assert.ok(onDev.items.includes(item), onDev.items.join('\n'));
      // Chosen by hand: the first item (one Enter) does not switch it back to git's branch (walk 24).
      assert.deepStrictEqual(onDev.items.slice(0, 2), ['Switch .env to Another Neon Branch…', 'Switch .env to the Git Branch’s Neon Branch — git is on main']);
      assert.strictEqual(onDev.placeHolder, '.env points at dev');

      // Edited by hand: the branch it connects to is unknown, and said so; nothing acts on dev, and
      // Test Connection tests the file, naming no branch (walk 24; a working one: git-dataplane).
      fs.writeFileSync(path.join(repoDir, '.env'), envOf(repoDir).replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=postgresql://someone:pw@127.0.0.1:9/app'));
      assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: ?');
      const unknown = await menu();
      // One Enter on the first item does not overwrite the hand edit (walk 27).
      assert.deepStrictEqual(unknown.items, ['Switch .env to Another Neon Branch…', 'Switch .env to the Git Branch’s Neon Branch — git is on main', 'Copy the Connection String — DATABASE_URL from the .env', 'Test Connection — as the .env connects', 'Unlink Folder…']);
      t.prompt.reset();
      t.prompt.script({ pick: 'Test Connection' });
      const failed = (await vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir)) as { ok: boolean; message: string };
      assert.strictEqual(failed.ok, false);
      assert.match(failed.message, /^Connecting with DATABASE_URL from \.env failed: Nothing accepts connections at 127\.0\.0\.1:9/);
      assert.doesNotMatch(failed.message, /branch|pw/, failed.message);
      assert.strictEqual(unknown.placeHolder, '.env was edited since dev was written: its Neon branch is unknown');
      assert.strictEqual((await t.git.statusBar.update()).warning, true, 'an unknown branch is shown in the warning colour');
      // Nor does the branch pick of Switch .env to Another Neon Branch… call dev "in .env" (walk 23).
      t.prompt.reset();
      t.prompt.script({ pick: undefined });
      await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', undefined, repoDir);
      const branchPick = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
      assert.ok(branchPick.items!.includes('dev'), branchPick.items!.join(', '));
      assert.deepStrictEqual(branchPick.descriptions!.filter((d) => /in \.env/.test(d)), [], branchPick.descriptions!.join('\n'));
      assert.deepStrictEqual(errors(), []);
    } finally {
      await setSetting('envFile', undefined);
      await links.setSettings(repoDir, settings);
    }
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    await envPointsAt(repoDir, 'main');
  });

  it('from the palette, a branch command starts in the linked project: the .env\'s branch first, "in .env"; Another Project… leads on to every organization', async () => {
    // The status bar's folder (and so the pickers') is the active editor's.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(repoDir, 'README.md')));
    await switchAndWait(repoDir, 'feature/login');
    let branchItems: vscode.QuickPickItem[] = [];
    let projectItems: vscode.QuickPickItem[] = [];
    t.prompt.reset();
    const mark = emulator().server.log.mark();
    t.prompt.script(
      { pick: (items) => ((branchItems = items), items[0]) },
      { pick: undefined }, // Escape on the expiry: nothing is changed
    );
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.setBranchExpiration'), undefined);
    const picks = t.prompt.shown.filter((x) => x.kind === 'pick');
    assert.deepStrictEqual(picks.map((x) => x.text), ['Set Branch Expiration: branch of acme-api', 'Set Branch Expiration: branch feature/login (acme-api)'], 'no account, organization or project asked: the branch pick names the linked project');
    assert.strictEqual(picks[1]!.placeHolder, 'When Neon deletes feature/login', 'the first item is the branch the .env points at');
    assert.strictEqual(branchItems[0]!.label, 'feature/login');
    assert.match(branchItems[0]!.description ?? '', new RegExp(`^in \\.env · ${byName('feature/login')!.id}`));
    assert.ok(!branchItems.some((i) => i.label === 'main' || i.label === 'staging'), 'the default and protected branches cannot expire: not offered');
    assert.strictEqual(branchItems.filter((i) => /^in \.env/.test(i.description ?? '')).length, 1);
    assert.strictEqual(branchItems.at(-1)!.label, 'Another Project…');
    assert.strictEqual((branchItems.at(-1) as { icon?: string }).icon, 'arrow-swap', 'the way out has its icon beside the label, not read out from it');
    assert.deepStrictEqual(emulator().server.log.since(mark).filter((e) => e.method === 'PATCH'), [], 'nothing changed');
    assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');

    // A connection: the role the .env connects as comes first, and says so.
    const settings = t.git.links.settings(repoDir);
    await t.git.links.setSettings(repoDir, { ...settings, roleName: 'app_user' });
    // The link (status bar's folder, .neon, .env) is read once per command, though the branch, the database and the role each use it.
    const readLink = t.services.workspaceLink!;
    let reads = 0;
    Object.assign(t.services, { workspaceLink: () => (reads++, readLink()) });
    try {
      t.prompt.reset();
      t.prompt.script({ pick: 'feature/login' }, { pick: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.copyConnectionString'), undefined);
      const rolePick = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
      assert.deepStrictEqual([rolePick.items, rolePick.descriptions], [['app_user', 'neondb_owner'], ['as in .env', 'owner of neondb']]);
      assert.strictEqual(reads, 1, 'the link is read once');
      assert.deepStrictEqual(errors(), []);
    } finally {
      Object.assign(t.services, { workspaceLink: readLink });
      await t.git.links.setSettings(repoDir, settings);
    }

    // A linked project that is gone (deleted in the Console): the way out is offered, saying why.
    const neonPath = path.join(repoDir, '.neon');
    const neonText = fs.readFileSync(neonPath, 'utf8');
    fs.writeFileSync(neonPath, JSON.stringify({ ...JSON.parse(neonText), projectId: 'gone-wind-00000000' }, null, 2));
    let gone: vscode.QuickPickItem[] = [];
    try {
      t.prompt.reset();
      t.prompt.script({ pick: (items) => ((gone = items), items[0]) }, { pick: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.setBranchExpiration'), undefined);
      assert.deepStrictEqual(gone.map((i) => i.label), ['Another Project…']);
      assert.match(gone[0]!.detail ?? '', /^The linked project gone-wind-00000000 could not be read: Neon could not find it \(404\): .*\(request id [0-9a-f-]{8,}\)$/);
      assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!.placeHolder, 'Choose a project', 'on to the projects');
      assert.deepStrictEqual(errors(), []);
    } finally {
      fs.writeFileSync(neonPath, neonText);
    }

    // Another Project…: the linked organization's projects, the linked one first; then every organization.
    t.prompt.reset();
    t.prompt.script(
      { pick: 'Another Project…' },
      { pick: (items) => ((projectItems = items), items.at(-1)) },
      { pick: undefined },
    );
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.setBranchExpiration'), undefined);
    assert.strictEqual(projectItems[0]!.label, 'acme-api');
    assert.strictEqual(projectItems[0]!.description, `linked to ${path.basename(repoDir)}`);
    assert.ok(projectItems.length > 2, projectItems.map((i) => i.label).join(', '));
    assert.strictEqual(projectItems.at(-1)!.label, 'Another Organization or Account…');
    assert.strictEqual((projectItems.at(-1) as { icon?: string }).icon, 'arrow-swap');
    const last = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
    assert.strictEqual(last.placeHolder, 'Choose where the project is');
    assert.strictEqual(last.descriptions![last.items!.indexOf('Acme Inc')], 'Business', 'an organization is told by its plan, not its id');
    assert.deepStrictEqual(errors(), []);
    await switchAndWait(repoDir, 'main');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('an unlinked repository is left alone; a worktree linked on its own follows its own checkouts', async () => {
    const other = newRepo('unlinked');
    await openRepo(other);
    const count = t.git.autopilot.outcomes.length;
    git(other, 'checkout', '-q', '-b', 'feature/elsewhere');
    const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.folder === path.resolve(other)), { timeout: 20_000 });
    assert.strictEqual(o.skipped, 'unlinked');
    assert.strictEqual(envOf(other), ENV_BEFORE);
    assert.strictEqual(byName('feature/elsewhere'), undefined);

    const wt = path.join(workspaceDir(), `wt-${++n}`);
    git(repoDir, 'worktree', 'add', '-q', '-b', 'feature/worktree', wt);
    fs.writeFileSync(path.join(wt, '.env'), ENV_BEFORE);
    userChose(path.join(wt, '.env'));
    await openRepo(wt);
    await link(wt);
    const text = await envPointsAt(wt, 'feature/worktree');
    assert.strictEqual(unmanaged(text), unmanaged(ENV_BEFORE));
    await envPointsAt(repoDir, 'main');
    git(wt, 'checkout', '-q', '-b', 'feature/worktree-2');
    await envPointsAt(wt, 'feature/worktree-2');
    await envPointsAt(repoDir, 'main', 2000);
  });

  it('Link over a .env whose DATABASE_URL leads elsewhere asks first: Escape changes nothing, "Link, Keeping a Copy" keeps the old values; a relink to the same place asks nothing', async () => {
    const dir = newRepo('review');
    const local = 'postgres://app:s3cret-local@db.local:5432/app';
    const before = ENV_BEFORE.replace(/^(DATABASE_URL(?:_UNPOOLED)?)=.*$/gm, `$1=${local}`);
    fs.writeFileSync(path.join(dir, '.env'), before);
    await openRepo(dir);
    const linkWith = async (...answers: Parameters<Testing['prompt']['script']>) => {
      t.prompt.script({ pick: 'neondb_owner' }, ...answers);
      return vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir);
    };
    const asked = () => t.prompt.shown.filter((x) => x.kind === 'warning' && x.modal && /Linking points (it|them) at/.test(x.text));

    assert.strictEqual(await linkWith({ button: undefined }), undefined, 'Escape links nothing');
    assert.strictEqual(envOf(dir), before, 'the .env is byte for byte as it was');
    assert.strictEqual(fs.existsSync(path.join(dir, '.neon')), false, 'no .neon written');
    const q = asked().at(-1)!;
    assert.strictEqual(q.text.split('\n')[0], 'DATABASE_URL and DATABASE_URL_UNPOOLED in .env lead to app@db.local (database app), not to project acme-api. Linking points them at a Neon branch of acme-api, now and on every git checkout.');
    assert.strictEqual(q.text.split('\n')[1], '"Link, Keeping a Copy" keeps the current values as DATABASE_URL_BEFORE_NEON and DATABASE_URL_UNPOOLED_BEFORE_NEON in the same file. "Link and Replace" overwrites them.');
    assert.deepStrictEqual(q.buttons, ['Link, Keeping a Copy', 'Link and Replace'], 'the safe choice first');
    assert.ok(!q.text.includes('s3cret-local'), 'the password is never shown');

    assert.ok(await linkWith({ button: 'Link, Keeping a Copy' }), errors().join('\n'));
    const text = await envPointsAt(dir, 'main');
    assert.match(text, new RegExp(`^DATABASE_URL_BEFORE_NEON=${local}$`, 'm'));
    assert.match(text, new RegExp(`^DATABASE_URL_UNPOOLED_BEFORE_NEON=${local}$`, 'm'));
    const added = text.split('\n').filter((l) => /_BEFORE_NEON=/.test(l));
    assert.strictEqual(unmanaged(text.split('\n').filter((l) => !added.includes(l)).join('\n')), unmanaged(before), 'every other byte is unchanged');

    // Unlinked and linked again: the variables lead to acme-api's compute now, so nothing is asked.
    t.prompt.script({ button: 'Unlink' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.unlinkFolder', dir), true);
    // The role and database the .env connects as are kept: no role question either.
    t.prompt.reset();
    assert.ok(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), errors().join('\n'));
    assert.strictEqual(asked().length, 0, 'no question when the .env already leads to the project as the link connects');
    assert.deepStrictEqual(t.prompt.shown.filter((x) => x.kind === 'pick' || (x.kind === 'warning' && x.modal)).map((x) => x.text), [], 'nothing asked');
    assert.strictEqual(envOf(dir), text);
  });

  it('Link over a .env that connects into the project keeps its role and database; another branch, role or database is asked about naming both (walk 41); Escape changes nothing', async () => {
    const dir = newRepo('review-role');
    const dev = byName('dev')!;
    const main = byName('main')!;
    const url = (user: string, ep: string, db = 'neondb') => `postgresql://${user}:pw-walk41@${ep}.us-east-2.aws.neon.tech/${db}?sslmode=require`;
    const before = ENV_BEFORE.replace(/^(DATABASE_URL(?:_UNPOOLED)?)=.*$/gm, `$1=${url('app_user', rwHost(dev.id))}`);
    fs.writeFileSync(path.join(dir, '.env'), before);
    await openRepo(dir);
    const asked = () => t.prompt.shown.filter((x) => x.kind === 'warning' && x.modal);
    const picks = () => t.prompt.shown.filter((x) => x.kind === 'pick');

    // Not linked before, git on main: the link would move the .env from dev to main. app_user is on main: no role question.
    t.prompt.reset();
    t.prompt.script({ button: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), undefined, 'Escape links nothing');
    assert.deepStrictEqual(picks().map((x) => x.text), [], 'the role the .env connects as is kept without a question');
    assert.strictEqual(asked()[0]?.text.split('\n')[0], '.env connects to project acme-api as app_user@neondb on branch dev (DATABASE_URL, DATABASE_URL_UNPOOLED). Linking connects it as app_user@neondb on branch main instead, now and on every git checkout.');
    assert.deepStrictEqual(asked()[0]?.buttons, ['Link, Keeping a Copy', 'Link and Replace']);
    assert.strictEqual(envOf(dir), before, 'the .env is byte for byte as it was');
    assert.strictEqual(fs.existsSync(path.join(dir, '.neon')), false, 'no .neon written');

    t.prompt.reset();
    t.prompt.script({ button: 'Link and Replace' });
    assert.ok(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), errors().join('\n'));
    const linked = await envPointsAt(dir, 'main');
    assert.match(linked, /^DATABASE_URL=postgres(ql)?:\/\/app_user:/m, 'the .env still connects as app_user');

    // Linked now; the .env edited to a role main does not have: the role is asked, then the change.
    const edited = linked.replace(/^(DATABASE_URL(?:_UNPOOLED)?)=.*$/gm, `$1=${url('walk_app', rwHost(main.id))}`);
    fs.writeFileSync(path.join(dir, '.env'), edited);
    t.prompt.reset();
    t.prompt.script({ pick: 'neondb_owner' }, { button: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), undefined);
    assert.strictEqual(asked()[0]?.text.split('\n')[0], '.env connects to project acme-api as walk_app@neondb (DATABASE_URL, DATABASE_URL_UNPOOLED). Linking connects it as neondb_owner@neondb instead, now and on every git checkout.');
    assert.strictEqual(envOf(dir), edited, 'Escape changes nothing');
    assert.strictEqual(t.git.links.settings(dir).roleName, 'app_user', 'the link keeps its role');
    assert.ok(!asked()[0]!.text.includes('pw-walk41'), 'no password shown');
    assert.deepStrictEqual(errors(), []);
  });

  it('Clean Up Branches: offers branches of deleted or merged git branches, deletes the picked one after one confirmation, drops it from .neon', async () => {
    // Committed on after its Neon branch was made (git stamps whole seconds: the next one), then
    // merged into main: merged.
    git(repoDir, 'branch', '-q', 'feature/shipped', 'main');
    await switchAndWait(repoDir, 'feature/shipped');
    const made = Date.parse(byName('feature/shipped')!.createdAt);
    await sleep(Math.max(0, Math.floor(made / 1000) * 1000 + 1000 - Date.now()));
    fs.writeFileSync(path.join(repoDir, 'shipped.txt'), 'shipped\n');
    git(repoDir, 'add', 'shipped.txt');
    git(repoDir, 'commit', '-q', '-m', 'ship');
    await switchAndWait(repoDir, 'main');
    git(repoDir, 'merge', '-q', '--ff-only', 'feature/shipped');
    // The branch being worked on has no commit of its own yet ("merged" by git's measure, walk 41):
    // not called merged; checked out, it is offered for its expiry only, saying it is checked out.
    git(repoDir, 'branch', '-q', 'wip/here');
    await switchAndWait(repoDir, 'wip/here');
    byName('wip/here')!.expiresAt = new Date(Date.now() + 5 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    git(repoDir, 'branch', '-q', '-D', 'fix/#42-café');
    const from = emulator().server.log.mark();
    let described: Record<string, string | undefined> = {};
    t.prompt.script({ pickMany: (items) => ((described = Object.fromEntries(items.map((i) => [i.label, i.description]))), items.filter((i) => i.label === 'fix/42-cafe')) }, { input: 'fix/42-cafe' });
    // The progress of one delete names the branch once, in its title (not "…fix/42-cafe: fix/42-cafe").
    const progress = new Set<ReturnType<Testing['progress']>[number]>();
    const watch = setInterval(() => t.progress().forEach((p) => progress.add(p)), 5);
    emulator().server.cfg.latencyMs = 100;
    const res = (await Promise.resolve(vscode.commands.executeCommand('neonExplorer.cleanUpBranches', repoDir)).finally(() => {
      emulator().server.cfg.latencyMs = 0;
      clearInterval(watch);
    })) as { deleted: string[] };
    const deleting = [...progress].find((p) => p.title === 'Deleting Neon branch fix/42-cafe');
    assert.ok(deleting, [...progress].map((p) => p.title).join(' | '));
    assert.deepStrictEqual(deleting.messages, []);
    // feature/manual (`git checkout -b`, no commit since its Neon branch was made) is not called merged.
    assert.ok(!('feature/manual' in described), JSON.stringify(described));
    assert.strictEqual(described['wip/here'], 'expires in 5 hours; git branch wip/here is checked out');
    assert.strictEqual(described['feature/shipped'], 'git branch feature/shipped is merged into main');
    assert.strictEqual(described['fix/42-cafe'], 'git branch fix/#42-café no longer exists');
    assert.deepStrictEqual(res, { deleted: ['fix/42-cafe'], failed: [] }, errors().join('\n'));
    const offered = t.prompt.shown.find((x) => x.kind === 'pickMany')!.items!;
    assert.ok(offered.includes('fix/42-cafe') && offered.includes('feature/shipped'), `gone and merged are offered: ${offered.join(', ')}`);
    for (const never of ['main', 'staging', 'feature/login', 'feature/manual']) assert.ok(!offered.includes(never), `${never} is not offered`);
    // Confirmed as every delete is: by typing the branch's name.
    const asked = t.prompt.shown.filter((x) => x.kind === 'input').at(-1)!;
    assert.match(asked.text, /^Delete Neon branch fix\/42-cafe\? Its data and compute are deleted \(Neon keeps a deleted branch recoverable for 7 days\)\. Type "fix\/42-cafe" to confirm\.$/);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'warning' && x.modal), 'no one-click modal');
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'Deleted Neon branch fix/42-cafe.'));
    assert.strictEqual(byName('fix/42-cafe'), undefined);
    assert.ok(byName('feature/manual'), 'what was not picked stays');
    assert.strictEqual(emulator().server.log.since(from).filter((e) => e.method === 'DELETE').length, 1);
    assert.ok(!('fix/#42-café' in neonFile(repoDir).git.map));
    assert.strictEqual(neonFile(repoDir).git.map['feature/manual'], 'feature/manual');
    await switchAndWait(repoDir, 'main');

    // Several at once: the phrase that says how many is typed; Enter on the empty box is a cancel,
    // and nothing goes. wip/here, no longer checked out, is offered for its expiry alone.
    t.prompt.reset();
    let picked: string[] = [];
    t.prompt.script({ pickMany: (items) => ((picked = items.map((i) => i.label)), (described = Object.fromEntries(items.map((i) => [i.label, i.description]))), items) }, { input: '' });
    const mark = emulator().server.log.mark();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.cleanUpBranches', repoDir), undefined);
    assert.ok(picked.includes('wip/here') && picked.includes('feature/shipped') && !picked.includes('feature/manual'), `offered: ${picked.join(', ')}`);
    assert.strictEqual(described['wip/here'], 'expires in 5 hours');
    const several = t.prompt.shown.filter((x) => x.kind === 'input').at(-1)!;
    assert.strictEqual(several.placeHolder, `delete ${picked.length} branches`);
    assert.match(several.text, new RegExp(`^Delete ${picked.length} Neon branches: .*\\? Their data and computes are deleted .* Type "delete ${picked.length} branches" to confirm\\.$`));
    assert.strictEqual(emulator().server.log.since(mark).filter((e) => e.method === 'DELETE').length, 0);
    assert.ok(byName('wip/here') && byName('feature/shipped'), 'nothing deleted');

    // From the project's row in the tree (docs/git-branches.md: Lifecycle): the folder linked to
    // that project, the same list; from a project no folder is linked to, why not and a Link button.
    t.prompt.reset();
    // The worktree linked earlier is linked to acme-api too: which folder is asked, among those two only.
    t.prompt.script({ pick: path.basename(repoDir) }, { pickMany: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.cleanUpBranches', await walk('you', 'Acme Inc', 'acme-api')), undefined);
    const folders = t.prompt.shown.find((x) => x.kind === 'pick');
    assert.strictEqual(folders?.placeHolder, 'Choose the folder linked to acme-api', JSON.stringify(t.prompt.shown));
    assert.ok(folders.items!.includes(path.basename(repoDir)) && folders.items!.every((f) => fs.existsSync(path.join(folders.descriptions![folders.items!.indexOf(f)]!, '.neon'))), folders.items!.join(', '));
    const fromRow = t.prompt.shown.find((x) => x.kind === 'pickMany')?.items ?? [];
    assert.deepStrictEqual([...fromRow].sort(), [...picked].sort(), 'the project row offers what the folder does');
    t.prompt.reset();
    const web = [...emulator().state.projects.values()].find((p) => p.name === 'acme-web')!;
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.cleanUpBranches', r.project(web.id)), undefined);
    const unlinked = t.prompt.shown.find((x) => x.kind === 'warning');
    assert.strictEqual(unlinked?.text, "No folder is linked to acme-web. Link one to it first: Clean Up Branches offers the Neon branches of a linked folder's git branches.", JSON.stringify(t.prompt.shown));
    assert.deepStrictEqual(unlinked.buttons?.filter((b) => b.startsWith('Link')), ['Link Folder to Neon Project…']);
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'pickMany'), 'nothing offered');

    // OK with nothing ticked: it says so and deletes nothing.
    t.prompt.reset();
    t.prompt.script({ pickMany: () => [] });
    const logFrom = t.logLines.length;
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.cleanUpBranches', repoDir), undefined);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'No branch was ticked: nothing was deleted.'), JSON.stringify(t.prompt.shown));
    assert.ok(t.logLines.slice(logFrom).some((l) => /^info ✗ .*\[neonExplorer\.cleanUpBranches\] cancelled/.test(l)), t.logLines.slice(logFrom).join(' | '));
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'input'), 'no confirmation asked');
    assert.strictEqual(emulator().server.log.since(mark).filter((e) => e.method === 'DELETE').length, 0);
    assert.deepStrictEqual(errors(), []);
  });

  it('the Neon branch the .env points at is deleted (Delete Branch, then Clean Up): the status bar warns "(deleted)", its menu offers only what still works, .neon forgets it', async () => {
    const menuItems = async () => {
      t.prompt.script({ pick: undefined });
      await vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir);
      const m = t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!;
      return { items: m.items!, placeHolder: m.placeHolder };
    };
    git(repoDir, 'branch', '-q', 'doomed/one');
    await switchAndWait(repoDir, 'doomed/one');
    // The neon CLI's context branch names it too (as `neon set-context --branch` writes it).
    fs.writeFileSync(path.join(repoDir, '.neon'), JSON.stringify({ ...neonFile(repoDir), branch: 'doomed/one' }, null, 2));
    assert.ok((await menuItems()).items.includes('Reset from Parent…'), 'a live branch offers Reset');
    t.prompt.reset();
    t.prompt.script({ input: 'doomed/one' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.deleteBranch', r.branch(ACME_API, 'doomed/one')), true, errors().join('\n'));
    const snap = await t.git.statusBar.update();
    assert.deepStrictEqual([snap.text, snap.warning], ['$(database) neon: doomed/one (deleted)', true]);
    assert.match(snap.tooltip, /^\.env points at Neon branch doomed\/one, which was deleted: its connection fails\. Select this item to point \.env at the git branch’s Neon branch or at another one\.$/m);
    assert.strictEqual(snap.tooltip.match(/Select/g)!.length, 1, `what selecting it does is said once: ${snap.tooltip}`);
    assert.doesNotMatch(snap.tooltip, /^\.env points at Neon branch doomed\/one\.$/m);
    const file = neonFile(repoDir);
    assert.ok(!('doomed/one' in (file.git?.map ?? {})), '.neon\'s git map forgets it');
    assert.strictEqual(file.branch, undefined, '.neon\'s context branch no longer names it');
    const menu = await menuItems();
    assert.deepStrictEqual(menu.items, ['Switch .env to the Git Branch’s Neon Branch', 'Switch .env to Another Neon Branch…', 'Copy the Connection String', 'Unlink Folder…']);
    assert.strictEqual(menu.placeHolder, '.env points at doomed/one, which was deleted');
    // Then edited by hand: the menu is the "?" one (walk 27 saw the deleted one's, without Test Connection).
    const envPath = path.join(repoDir, '.env');
    const written = envOf(repoDir);
    fs.writeFileSync(envPath, written.replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=postgresql://someone:pw@127.0.0.1:9/app'));
    const edited = await menuItems();
    assert.strictEqual(edited.placeHolder, '.env was edited since doomed/one was written: its Neon branch is unknown');
    assert.deepStrictEqual(edited.items, ['Switch .env to Another Neon Branch…', 'Switch .env to the Git Branch’s Neon Branch', 'Copy the Connection String', 'Test Connection', 'Unlink Folder…']);
    fs.writeFileSync(envPath, written);
    assert.deepStrictEqual(errors(), []);
    // Following the git branch again makes it a new Neon branch: the warning goes.
    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    await envPointsAt(repoDir, 'doomed/one');
    const after = await t.git.statusBar.update();
    assert.deepStrictEqual([after.text, after.warning], ['$(database) neon: doomed/one', false]);

    // Clean Up: the confirmation says the .env points at the picked branch; then the same warning.
    await switchAndWait(repoDir, 'main');
    await vscode.commands.executeCommand('neonExplorer.git.switchEnvBranch', r.branch(ACME_API, 'doomed/one'), repoDir);
    await envPointsAt(repoDir, 'doomed/one');
    git(repoDir, 'branch', '-q', '-D', 'doomed/one');
    t.prompt.reset();
    t.prompt.script({ pickMany: (items) => items.filter((i) => i.label === 'doomed/one') }, { input: 'doomed/one' });
    const res = (await vscode.commands.executeCommand('neonExplorer.cleanUpBranches', repoDir)) as { deleted: string[] };
    assert.deepStrictEqual(res, { deleted: ['doomed/one'], failed: [] }, errors().join('\n'));
    const q = t.prompt.shown.filter((x) => x.kind === 'input').at(-1)!;
    assert.match(q.text, /\.env points at doomed\/one: its connection will fail until you switch it to another Neon branch\. Type "doomed\/one" to confirm\.$/);
    assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: doomed/one (deleted)');
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    await envPointsAt(repoDir, 'main');
    assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: main');

    // Deleted elsewhere (the Console): the first command that meets the 404 says the branch is gone, marks the link, offers the switch.
    git(repoDir, 'branch', '-q', 'gone/elsewhere');
    await switchAndWait(repoDir, 'gone/elsewhere');
    const em = emulator();
    const res2 = await fetch(`${em.url}/projects/${ACME_API}/branches/${byName('gone/elsewhere')!.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${em.apiKey}`, accept: 'application/json' } });
    assert.strictEqual(res2.status, 200);
    t.prompt.reset();
    t.prompt.script({ pick: 'Reset from Parent' });
    await vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir);
    const e = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'error'), { timeout: 10_000, message: 'the failure is said' });
    assert.strictEqual(
      e.text,
      "Couldn't reset the branch from its parent: The branch gone/elsewhere of project acme-api no longer exists in Neon (404); it was deleted or moved elsewhere, e.g. in the Neon Console. The view now shows what is left; choose Refresh to read it again.",
    );
    assert.deepStrictEqual(e.buttons, ['Switch .env to Another Neon Branch…', 'Refresh', 'Show Log']);
    await eventually(async () => assert.strictEqual((await t.git.statusBar.update()).text, '$(database) neon: gone/elsewhere (deleted)'), { timeout: 5000 });
    await switchAndWait(repoDir, 'main');
  });

  it('Link into a repository that would commit the .env asks first (as Save to .env does): Escape links nothing; "Add to .gitignore" ignores it, then links', async () => {
    const dir = path.join(workspaceDir(), `committable-${++n}`);
    fs.mkdirSync(dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, 'README.md'), '# app\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    fs.writeFileSync(path.join(dir, '.env'), 'PORT=3000\n');
    userChose(path.join(dir, '.env'));
    await openRepo(dir);
    const warned = () => t.prompt.shown.filter((x) => x.kind === 'warning' && x.modal && /is not ignored by git/.test(x.text));
    t.prompt.script({ pick: 'neondb_owner' }, { button: undefined });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), undefined, 'Escape links nothing');
    const q = warned().at(-1);
    assert.ok(q, `the warning shows: ${JSON.stringify(t.prompt.shown.slice(-3))}`);
    assert.strictEqual(q.text.split('\n')[0], '.env is not ignored by git.');
    assert.match(q.text, /DATABASE_URL, DATABASE_URL_UNPOOLED would be written to a file that git can commit and push/);
    assert.deepStrictEqual(q.buttons, ['Add to .gitignore', 'Write Anyway']);
    assert.strictEqual(fs.existsSync(path.join(dir, '.neon')), false, 'no .neon written');
    assert.strictEqual(envOf(dir), 'PORT=3000\n');
    assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');

    t.prompt.script({ pick: 'neondb_owner' }, { button: 'Add to .gitignore' });
    assert.ok(await vscode.commands.executeCommand('neonExplorer.linkFolder', r.project(ACME_API), dir), errors().join('\n'));
    assert.match(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), /^\/\.env$/m);
    assert.strictEqual(git(dir, 'status', '--porcelain', '--', '.env').trim(), '', 'git no longer sees the .env');
    const text = await envPointsAt(dir, 'main');
    assert.match(text, /^PORT=3000$/m);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === `Linked ${path.basename(dir)} to acme-api: .env points at branch main.`), JSON.stringify(t.prompt.shown.slice(-3)));
    t.prompt.script({ button: 'Unlink' });
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.unlinkFolder', dir), true);
    const unlink = t.prompt.shown.filter((x) => x.kind === 'warning').at(-1)!;
    assert.strictEqual(unlink.text.split('\n')[0], `Unlink ${path.basename(dir)} from Neon project acme-api?`, 'the project by its name');
    assert.strictEqual(t.prompt.shown.at(-1)!.text, `Unlinked ${path.basename(dir)} from Neon project acme-api. Its .env and the Neon branches are as they were.`);
  });

  it('Save to .env over a linked .env that follows git: the question names both branches and says the next checkout switches it again', async () => {
    const dir = newRepo('save-over');
    await openRepo(dir);
    await link(dir);
    await envPointsAt(dir, 'main');
    const before = envOf(dir);
    // Save to .env writes the workspace folder's envFile: here the linked repository's .env.
    await setSetting('envFile', path.join(dir, '.env'));
    const ask = async () => {
      t.prompt.reset();
      t.prompt.script({ button: undefined });
      assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'dev', 'neondb_owner')), 'cancelled', errors().join('\n'));
      return t.prompt.shown.find((x) => x.kind === 'warning' && x.modal)!.text.split('\n');
    };
    try {
      assert.deepStrictEqual(await ask(), [
        'DATABASE_URL connects to branch main (neondb_owner) — replace it with branch dev (neondb_owner)?',
        `Replace writes DATABASE_URL, DATABASE_URL_UNPOOLED. Another variable name keeps DATABASE_URL as it is. ${path.basename(dir)}/.env follows git: the next checkout switches DATABASE_URL again.`,
      ]);
      // Checkouts only ask ("ask"): a saved connection stays until the person agrees to a switch.
      await setSetting('git.autoBranch', 'ask');
      assert.deepStrictEqual((await ask())[1], 'Replace writes DATABASE_URL, DATABASE_URL_UNPOOLED. Another variable name keeps DATABASE_URL as it is.');
      assert.strictEqual(envOf(dir), before, 'Cancel writes nothing');
    } finally {
      await setSetting('git.autoBranch', 'always');
      await setSetting('envFile', undefined);
      t.prompt.script({ button: 'Unlink' });
      await vscode.commands.executeCommand('neonExplorer.unlinkFolder', dir);
    }
  });

  it('the status bar menu: switch to another Neon branch, open it in the Console, copy the URL, unlink', async () => {
    const menu = (...answers: Parameters<Testing['prompt']['script']>) => {
      t.prompt.script(...answers);
      return vscode.commands.executeCommand('neonExplorer.git.statusMenu', repoDir);
    };
    const before = envOf(repoDir);
    await menu({ pick: 'Switch .env to Another Neon Branch' }, { pick: 'dev' });
    const text = await envPointsAt(repoDir, 'dev', 5000);
    assert.strictEqual(unmanaged(text), unmanaged(before));
    const snap = await t.git.statusBar.update();
    assert.deepStrictEqual([snap.text, snap.warning], ['$(database) neon: dev', false]);
    // Back to the git branch's own Neon branch; asked again, it says there was nothing to change.
    const gitBranch = git(repoDir, 'rev-parse', '--abbrev-ref', 'HEAD').trim();
    // The menu's first items say what following git would do; when it would do nothing, it is not first.
    const followSays = async () => {
      let said: string[] = [];
      await menu({ pick: (items) => ((said = items.slice(0, 2).map((i) => `${i.label}${i.description ? ` — ${i.description}` : ''}`)), undefined) });
      t.prompt.reset();
      return said;
    };
    // After a switch by hand (dev), following git comes second: one Enter does not undo the choice (walk 24).
    assert.deepStrictEqual(await followSays(), ['Switch .env to Another Neon Branch…', `Switch .env to the Git Branch’s Neon Branch — git is on ${gitBranch}`]);
    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    const own = neonFile(repoDir).git?.map?.[gitBranch] ?? gitBranch;
    await envPointsAt(repoDir, own, 5000);
    // Said, as Switch to Another Branch says its switch.
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === `.env now points at Neon branch ${own}, the branch of git branch ${gitBranch}.`), JSON.stringify(t.prompt.shown));
    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.git.followGitBranch', repoDir);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && /^\.env already points at Neon branch .+, the branch of git branch .+; nothing changed\.$/.test(x.text)), JSON.stringify(t.prompt.shown));
    // Following git would change nothing: not offered; the placeholder says the .env serves git's branch.
    t.prompt.reset();
    let served: string[] = [];
    await menu({ pick: (items) => ((served = items.map((i) => i.label)), undefined) });
    assert.strictEqual(served[0], 'Switch .env to Another Neon Branch…', served.join(', '));
    assert.ok(!served.includes('Switch .env to the Git Branch’s Neon Branch'), served.join(', '));
    assert.strictEqual(t.prompt.shown.filter((x) => x.kind === 'pick').at(-1)!.placeHolder, `.env points at ${own}, the Neon branch of git branch ${gitBranch}`);
    t.prompt.reset();
    await menu({ pick: 'Switch .env to Another Neon Branch' }, { pick: 'dev' });
    await envPointsAt(repoDir, 'dev', 5000);
    // A protected branch is asked about; Escape leaves the .env as it was.
    const onDev = envOf(repoDir);
    t.prompt.reset();
    assert.strictEqual(await menu({ pick: 'Switch .env to Another Neon Branch' }, { pick: 'staging' }, { button: undefined }), undefined);
    const q = t.prompt.shown.find((x) => x.kind === 'warning' && x.modal)!;
    assert.strictEqual(q.text, 'staging is a protected branch.\nWhat runs from this workspace with .env (your app, migrations, tests) would read and write its data.');
    assert.deepStrictEqual(q.buttons, ['Point .env at staging']);
    assert.strictEqual(t.prompt.shown.find((x) => x.kind === 'pick' && x.items?.includes('staging'))!.text, 'Switch .env to Another Neon Branch: branch of acme-api');
    assert.strictEqual(envOf(repoDir), onDev, '.env byte-identical');
    assert.deepStrictEqual(errors(), [], 'cancelling is not a failure');

    const url = await menu({ pick: 'Open in Neon Console' });
    assert.match(String(url), new RegExp(`/app/projects/${ACME_API}/branches/${byName('dev')!.id}$`));
    await menu({ pick: 'Copy the Connection String' });
    assert.ok(t.prompt.shown.some((x) => x.kind === 'info' && x.text === 'Copied DATABASE_URL from .env.'));

    // Neon rejected the linked account's key: what asks Neon is not offered; updating the key is.
    await t.services.accounts.markRejected(you, true);
    // The item says so in the warning colour (checkouts cannot switch the .env meanwhile).
    const rejectedSnap = await eventually(async () => {
      const snap = await t.git.statusBar.update();
      assert.ok(snap.warning, snap.tooltip);
      return snap;
    });
    assert.match(rejectedSnap.tooltip, /^Neon rejected the API key of you: \.env is not switched until the key is updated\. Select this item to update it\.$/m);
    t.prompt.reset();
    let offered: string[] = [];
    await menu({ pick: (items) => ((offered = items.map((i) => `${i.label} ${i.description ?? ''}`.trim())), items[0]) }, { input: emulator().apiKey });
    assert.deepStrictEqual(offered, ['Update API Key… Neon rejected the key of you', 'Copy the Connection String DATABASE_URL from the .env', 'Open in Neon Console dev', 'Unlink Folder…']);
    await eventually(async () => assert.strictEqual(t.services.accounts.get(you)?.rejected, undefined, 'the new key clears "rejected"'));
    assert.doesNotMatch((await t.git.statusBar.update()).tooltip, /rejected/);
    assert.deepStrictEqual(errors(), []);
    await menu({ pick: (items) => ((offered = items.map((i) => i.label)), undefined) });
    // dev was chosen by hand: Another Branch comes first, following git second.
    assert.deepStrictEqual(offered.slice(0, 2), ['Switch .env to Another Neon Branch…', 'Switch .env to the Git Branch’s Neon Branch'], 'with a working key the switches are back');

    // The account removed (the link stays): what asks Neon is not offered; adding a key is.
    await removeAllAccounts();
    t.prompt.reset();
    await menu({ pick: (items) => ((offered = items.map((i) => i.label)), items.find((i) => /Add Neon API Key/.test(i.label))) }, { dismiss: true });
    assert.deepStrictEqual(offered, ['Add Neon API Key…', 'Copy the Connection String', 'Open in Neon Console', 'Unlink Folder…']);
    assert.ok(t.prompt.shown.some((x) => x.kind === 'input' && x.text.startsWith('Add Neon API Key Paste a personal')), 'Add Neon API Key asked for the key');
    assert.deepStrictEqual(errors(), [], 'Escape on the key is a cancel');

    // Its key added again: a new account with a new id. What asks Neon is offered again (it was
    // not: the link named the removed account); the first action that needs the account tries
    // the added ones on the project, and the link keeps the one that reaches it.
    const again = await addAccount(emulator().apiKey, 'you again');
    assert.notStrictEqual(again, you);
    t.prompt.reset();
    await menu({ pick: (items) => ((offered = items.map((i) => i.label)), undefined) });
    for (const label of ['Switch .env to the Git Branch’s Neon Branch', 'Reset from Parent…', 'Compare Schema with Parent', 'Test Connection', 'Open psql']) {
      assert.ok(offered.includes(label), `${label} offered: ${offered.join(', ')}`);
    }
    t.prompt.reset();
    await menu({ pick: 'Reset from Parent' }, { dismiss: true });
    assert.ok(t.prompt.shown.some((x) => x.kind === 'input' && /Type "dev" to confirm/.test(x.text)), `Reset asked: ${JSON.stringify(t.prompt.shown.slice(-2))}`);
    assert.strictEqual(t.git.links.settings(repoDir).accountId, again, 'the link keeps the account that reached the project');
    assert.deepStrictEqual(errors(), [], 'Escape at the confirm is a cancel');

    t.prompt.reset();
    await menu({ pick: 'Unlink Folder' }, { button: 'Unlink' });
    assert.strictEqual(fs.existsSync(path.join(repoDir, '.neon')), false);
    assert.deepStrictEqual(t.git.links.settings(repoDir), {});
    assert.strictEqual(envOf(repoDir), text, 'unlinking leaves the .env as it is');
    assert.deepStrictEqual(errors(), []);
    const count = t.git.autopilot.outcomes.length;
    git(repoDir, 'switch', '-q', 'feature/login');
    const o = await waitFor(() => t.git.autopilot.outcomes.slice(count).find((x) => x.folder === path.resolve(repoDir) && x.gitBranch === 'feature/login'), { timeout: 20_000 });
    assert.strictEqual(o.skipped, 'unlinked');
    assert.strictEqual(envOf(repoDir), text);
  });
});
