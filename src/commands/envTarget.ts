// Where secrets (connection strings, passwords, API keys) are written: the workspace's .env file
// (setting `neonExplorer.envFile`, relative to the workspace folder), or the clipboard when the
// person prefers or no folder is open. The merge and the atomic write are src/env's; this module
// adds the choices a person makes: which folder, git safety, what to do when a write fails.
//
// Values never appear in a message, a log line or an error: only the variable names and paths.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { addToGitignore, isIgnoredByGit } from '../env/gitignore';
import { mergeEnv } from '../env/merge';
import { parseEnv } from '../env/parse';
import { EnvWriteError, removeFromEnvFile, writeEnvFile } from '../env/write';
import type { Services } from '../services';
import type { PickItem } from '../ui/prompt';
import { registerSecret } from '../util/redact';
import { PickCancelled, required } from './pickers';
import { requireTrust } from './trust';
import { envFileOf } from './envFileOf';

export type SaveOutcome = 'written' | 'copied' | 'cancelled';

export interface SaveOptions {
  /** What is being saved, for the questions: "the password of role app_user", "the API key ci". */
  reason: string;
  /**
   * The file to write, when it is known already (a warning named its variables): no folder is
   * asked. Still only in a trusted workspace.
   */
  into?: Target;
  /** The folders to choose from; default: the workspace's (tests pass others). */
  folders?: readonly vscode.WorkspaceFolder[];
  /**
   * Called with the file's current variables (and the file) before anything is written: returns
   * the entries to write (the same, or under other names), or undefined when the person cancelled.
   */
  review?: (current: ReadonlyMap<string, string>, entries: Record<string, string>, file: string) => Promise<Record<string, string> | undefined>;
  /**
   * Runs once the file was written (not after a copy) with what was written (after the review), e.g. a
   * check of what it now holds; `changed` names the variables whose values changed (none: the file already held them).
   */
  afterWrite?: (file: string, written: Readonly<Record<string, string>>, changed: readonly string[]) => Promise<unknown>;
}

export const ADD_TO_GITIGNORE = vscode.l10n.t('Add to .gitignore');
export const WRITE_ANYWAY = vscode.l10n.t('Write Anyway');
export const COPY_INSTEAD = vscode.l10n.t('Copy to Clipboard');

export interface Target {
  /** Absolute path of the file. */
  file: string;
  /** The workspace folder it belongs to (symbolic links must not lead out of it). */
  root?: string;
  /** How the file is named to the person: relative to its folder, or the full path. */
  display: string;
}

/**
 * Which values to scrub from logs and messages, as a safety net (callers register their secrets
 * themselves): passwords, keys, tokens and URLs with credentials — not PGUSER or PGDATABASE, whose
 * plain words ("neondb") would otherwise be blanked out of every sentence.
 */
function looksSecret(key: string, value: string): boolean {
  return /PASS|SECRET|TOKEN|KEY|URL|URI|DSN/i.test(key) || /:\/\/[^/@\s]*:[^@\s]+@/.test(value);
}

function names(entries: Record<string, string>): string {
  return Object.keys(entries).join(', ');
}

/** The text put on the clipboard: the bare value for one entry, else valid dotenv lines. */
export function clipboardText(entries: Record<string, string>): string {
  const keys = Object.keys(entries);
  if (keys.length === 1) return entries[keys[0]!]!;
  return mergeEnv('', entries);
}

async function copy(s: Services, entries: Record<string, string>): Promise<SaveOutcome> {
  await vscode.env.clipboard.writeText(clipboardText(entries));
  void s.prompt.message('info', vscode.l10n.t('Copied {0} to the clipboard.', names(entries)), {});
  return 'copied';
}

async function chooseTarget(s: Services, entries: Record<string, string>, opts: SaveOptions): Promise<Target | 'clipboard'> {
  if (opts.into) {
    const trusted = await requireTrust(s, `writing ${names(entries)} to ${opts.into.display}`, COPY_INSTEAD);
    if (trusted === COPY_INSTEAD) return 'clipboard';
    if (trusted !== true) throw new PickCancelled(vscode.l10n.t('workspace trust'));
    return opts.into;
  }
  const folders = (opts.folders ?? vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    const how = required(
      await s.prompt.pick<'file' | 'clipboard'>(
        [
          { icon: 'save', label: vscode.l10n.t('Save to a file…'), description: vscode.l10n.t('choose a .env file'), value: 'file' },
          { icon: 'clippy', label: vscode.l10n.t('Copy to the clipboard'), description: names(entries), value: 'clipboard' },
        ],
        { title: vscode.l10n.t('Where should {0} go?', opts.reason), placeHolder: vscode.l10n.t('No workspace folder is open') },
      ),
      'destination',
    ).value;
    if (how === 'clipboard') return 'clipboard';
    const uri = await s.prompt.saveDialog({
      title: vscode.l10n.t('Save {0} to', names(entries)),
      saveLabel: vscode.l10n.t('Save'),
      defaultUri: vscode.Uri.file(path.join(process.env.HOME ?? process.cwd(), '.env')),
      filters: { 'Environment files': ['env'], 'All files': ['*'] },
    });
    if (!uri) throw new PickCancelled('save dialog');
    if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('{0} is not on this machine\'s disk; choose a local file', uri.toString()));
    return { file: uri.fsPath, display: uri.fsPath };
  }
  // Restricted Mode: nothing is written into the workspace (.env, .gitignore) before it is trusted.
  const trusted = await requireTrust(s, `writing ${names(entries)} to ${envFileOf(folders[0]!).setting}`, COPY_INSTEAD);
  if (trusted === COPY_INSTEAD) return 'clipboard';
  if (trusted !== true) throw new PickCancelled(vscode.l10n.t('workspace trust'));
  let folder = folders[0]!;
  if (folders.length > 1) {
    const items: PickItem<vscode.WorkspaceFolder>[] = folders.map((f) => ({ label: f.name, description: envFileOf(f).setting, detail: f.uri.fsPath, value: f }));
    folder = required(await s.prompt.pick(items, { title: vscode.l10n.t('Which workspace folder\'s .env gets {0}?', opts.reason), placeHolder: vscode.l10n.t('Choose a workspace folder') }), vscode.l10n.t('workspace folder')).value;
  }
  const { file, setting, inside } = envFileOf(folder);
  if (!inside) {
    throw new Error(
      vscode.l10n.t('The setting neonExplorer.envFile ("{0}") leads outside the workspace folder {1}; secrets are only written inside it. Set a path relative to the folder, such as .env', setting, folder.name),
    );
  }
  const rel = path.relative(folder.uri.fsPath, file);
  return { file, root: folder.uri.fsPath, display: folders.length > 1 ? `${folder.name}/${rel.split(path.sep).join('/')}` : rel.split(path.sep).join('/') };
}

function gitTopLevel(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir, timeout: 10_000, windowsHide: true }, (err, stdout) => {
      resolve(err ? undefined : stdout.trim() || undefined);
    });
  });
}

async function existingDir(p: string): Promise<string> {
  let dir = path.dirname(p);
  while (!(await fsp.stat(dir).then((st) => st.isDirectory(), () => false))) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

/**
 * Before a secret lands in a file git would commit: warn, offering to add it to .gitignore.
 * `what` names the variables (never their values). Returns false when the person cancelled.
 */
export async function confirmGitIgnores(s: Services, t: Pick<Target, 'file' | 'display'>, what: string): Promise<boolean | 'added'> {
  if ((await isIgnoredByGit(t.file)) !== false) return true; // ignored, or not in a git repository
  const choice = await s.prompt.message(
    'warning',
    vscode.l10n.t('{0} is not ignored by git.', t.display),
    { modal: true, detail: vscode.l10n.t('{0} would be written to a file that git can commit and push. Add {1} to .gitignore first?', what, t.display) },
    ADD_TO_GITIGNORE,
    WRITE_ANYWAY,
  );
  if (choice === WRITE_ANYWAY) return true;
  if (choice !== ADD_TO_GITIGNORE) return false;
  const dir = await existingDir(t.file);
  const top = await gitTopLevel(dir);
  if (!top) throw new Error(vscode.l10n.t('Could not find the git repository of {0}', t.display));
  const realTop = await fsp.realpath(top).catch(() => top);
  const realDir = await fsp.realpath(dir).catch(() => dir);
  const rel = path.relative(realTop, path.join(realDir, path.relative(dir, t.file)));
  const added = await addToGitignore(realTop, rel);
  s.log.info(added ? vscode.l10n.t('Added {0} to {1}', rel.split(path.sep).join('/'), path.join(realTop, '.gitignore')) : vscode.l10n.t('{0} was already listed in .gitignore', rel));
  if ((await isIgnoredByGit(t.file)) === false) {
    // A tracked file stays committable whatever .gitignore says.
    const again = await s.prompt.message(
      'warning',
      vscode.l10n.t('{0} is tracked by git, so .gitignore does not keep it out of commits.', t.display),
      { modal: true, detail: vscode.l10n.t('Run "git rm --cached {0}" to stop tracking it. Write {1} to it anyway?', rel.split(path.sep).join('/'), what) },
      WRITE_ANYWAY,
    );
    return again === WRITE_ANYWAY && (added ? 'added' : true);
  }
  // 'added': the write's message says .gitignore changed too (a file the person did not open).
  return added ? 'added' : true;
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 15_000;

/**
 * Runs `job` holding `.<name>.neon-explorer.lock` beside the file (created exclusively), so that
 * writers in other windows or extension hosts take turns: src/env re-reads before replacing the
 * file, but two writers can still pass that check together and the second rename would drop the
 * first one's keys. A lock older than 30 s is taken as left behind by a crash. When no lock can be
 * created at all (a read-only folder), the write goes ahead and reports its own error.
 */
export async function withFileLock<T>(file: string, job: () => Promise<T>): Promise<T> {
  const lock = path.join(path.dirname(file), `.${path.basename(file)}.neon-explorer.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let held = false;
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    try {
      await fsp.writeFile(lock, `${process.pid} ${new Date().toISOString()}\n`, { flag: 'wx', mode: 0o600 });
      held = true;
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') break; // no folder, read-only folder…: let the write say why
      const age = await fsp.stat(lock).then((st) => Date.now() - st.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) {
        await fsp.unlink(lock).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) break; // better a re-checked write than none
      await new Promise((r) => setTimeout(r, pause + Math.random() * pause));
    }
  }
  try {
    return await job();
  } finally {
    if (held) await fsp.unlink(lock).catch(() => undefined);
  }
}

/**
 * Writes `entries` where the person chooses: the workspace .env (after git safety checks) or the
 * clipboard. Only names are ever shown. A failed write leaves the file as it was and says why,
 * offering the clipboard instead so a secret shown once is not lost.
 */
export async function saveSecretsToEnv(s: Services, entries: Record<string, string>, opts: SaveOptions): Promise<SaveOutcome> {
  for (const [k, v] of Object.entries(entries)) if (looksSecret(k, v)) registerSecret(v);
  if (Object.keys(entries).length === 0) throw new Error(vscode.l10n.t('There is nothing to save'));
  let target: Target | 'clipboard';
  let ignoreAdded = false;
  try {
    target = await chooseTarget(s, entries, opts);
    if (target === 'clipboard') return await copy(s, entries);
    const ignores = await confirmGitIgnores(s, target, names(entries));
    if (!ignores) return 'cancelled';
    ignoreAdded = ignores === 'added';
    if (opts.review) {
      const text = await fsp.readFile(target.file, 'utf8').catch(() => '');
      const reviewed = await opts.review(parseEnv(text.replace(/^\uFEFF/, '')), entries, target.file);
      if (!reviewed) return 'cancelled';
      entries = reviewed;
    }
  } catch (e) {
    if (e instanceof PickCancelled) return 'cancelled';
    throw e;
  }
  let changed: string[];
  try {
    const { file, root } = target;
    const r = await withFileLock(file, () => writeEnvFile(file, entries, root ? { workspaceRoot: root } : {}));
    changed = r.changedKeys;
    s.log.info(changed.length ? `Wrote ${changed.join(', ')} to ${target.file}${r.created ? vscode.l10n.t(' (new file)') : ''}` : `${target.file} already held ${names(entries)} with these values; it was not rewritten`);
  } catch (e) {
    if (!(e instanceof EnvWriteError)) throw e;
    s.log.warn(`Writing ${names(entries)} to ${target.file} failed: ${e.message}`);
    const choice = await s.prompt.message('error', vscode.l10n.t('Couldn\'t write {0} to {1}.', names(entries), target.display), { modal: true, detail: e.message }, COPY_INSTEAD);
    return choice === COPY_INSTEAD ? copy(s, entries) : 'cancelled';
  }
  const open = vscode.l10n.t('Open {0}', path.basename(target.file));
  const file = target.file;
  // Saying "Wrote" for variables that already held these values would claim a change that did not happen.
  const said = changed.length
    ? ignoreAdded
      ? vscode.l10n.t('Wrote {0} to {1} and added {1} to .gitignore.', changed.join(', '), target.display)
      : vscode.l10n.t('Wrote {0} to {1}.', changed.join(', '), target.display)
    : ignoreAdded
      ? vscode.l10n.t('{0} already holds {1} with these values; added {0} to .gitignore.', target.display, names(entries))
      : vscode.l10n.t('{0} already holds {1} with these values; nothing changed.', target.display, names(entries));
  void s.prompt.message('info', said, {}, open).then(
    async (choice) => {
      if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    },
    () => undefined,
  );
  if (opts.afterWrite) await opts.afterWrite(file, entries, changed).catch((e: unknown) => s.log.warn(`The check after writing ${target.display} failed: ${(e as Error).message}`));
  return 'written';
}

/**
 * Removes the lines that set `keys` from `t.file` (every other byte stays; a failed or interrupted
 * write leaves the old file), then says so. Only in a trusted workspace. Values are never shown.
 */
export async function removeFromEnv(s: Services, t: Target, keys: readonly string[]): Promise<boolean> {
  const what = keys.join(', ');
  const trusted = await requireTrust(s, `removing ${what} from ${t.display}`);
  if (trusted !== true) return false;
  try {
    const r = await withFileLock(t.file, () => removeFromEnvFile(t.file, keys, t.root ? { workspaceRoot: t.root } : {}));
    s.log.info(r.changed ? `Removed ${what} from ${t.file}` : `${what} were no longer in ${t.file}`);
  } catch (e) {
    if (!(e instanceof EnvWriteError)) throw e;
    s.log.warn(`Removing ${what} from ${t.file} failed: ${e.message}`);
    void s.prompt.message('error', vscode.l10n.t('Couldn\'t remove {0} from {1}.', what, t.display), { modal: true, detail: e.message });
    return false;
  }
  void s.prompt.message('info', vscode.l10n.t('Removed {0} from {1}.', what, t.display), {});
  return true;
}
