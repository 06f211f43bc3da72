// The .env target in the real extension host: git safety (warning, "Add to .gitignore"), writes
// racing each other, writes that cannot happen (the file is left as it was and the reason is
// shown, with the clipboard offered instead), the envFile setting kept inside the workspace.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { saveSecretsToEnv } from '../../src/commands/envTarget';
import { ACME_API, clearClipboard, readClipboard, refs, setSetting, useSecretScan } from './commands-role.support';
import { useEmulator } from './helpers/emulator';
import { waitFor } from './helpers/eventually';
import { workspaceDir } from './helpers/extension';
import { removeAllAccounts, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** Skips where git is not installed, except in CI (which installs it), where that is a failure. */
function needGit(ctx: Mocha.Context): void {
  try {
    git(os.tmpdir(), '--version');
  } catch (e) {
    if (process.env.CI === 'true') throw new Error(`git is required in CI: ${(e as Error).message}`);
    ctx.skip();
  }
}

/**
 * The writer's write-permission check on `file` answers as it would for a non-root user (EACCES
 * for a file without write bits): the host runs as root in CI, which permission bits do not bind.
 * Injected at the fs edge (node:fs promises.access, which src/env/write.ts calls); returns how
 * many checks were refused and puts the real function back.
 */
function refuseWriteAccess(file: string): () => number {
  const real = fs.promises.access;
  let refused = 0;
  fs.promises.access = async (p: fs.PathLike, mode?: number) => {
    await real(p, mode);
    if (path.resolve(String(p)) === file && mode !== undefined && mode & fs.constants.W_OK && !(fs.statSync(file).mode & 0o222)) {
      refused++;
      throw Object.assign(new Error(`EACCES: permission denied, access '${String(p)}'`), { code: 'EACCES', errno: -13, syscall: 'access', path: String(p) });
    }
  };
  return () => {
    fs.promises.access = real;
    return refused;
  };
}

describe('env: the .env target', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 40 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  const ws = () => workspaceDir();

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator(), 'you', [ACME_API]));
  });
  after(async () => {
    await setSetting('envFile', undefined);
    await setSetting('env.includePgVariables', undefined);
    await removeAllAccounts();
  });
  useSecretScan(() => t, emulator);

  it('a file git would commit: the warning shows; "Add to .gitignore" adds it, then the connection is written', async function () {
    needGit(this);
    const repo = path.join(ws(), 'gitrepo');
    fs.mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    await setSetting('envFile', 'gitrepo/.env');
    t.prompt.script({ button: 'Add to .gitignore' });
    const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res, 'written');
    const warning = t.prompt.shown.find((x) => x.kind === 'warning')!;
    assert.strictEqual(warning.text.split('\n')[0], 'gitrepo/.env is not ignored by git.');
    assert.deepStrictEqual(warning.buttons, ['Add to .gitignore', 'Write Anyway']);
    assert.strictEqual(fs.readFileSync(path.join(repo, '.gitignore'), 'utf8'), 'node_modules\n/.env\n');
    assert.strictEqual(git(repo, 'check-ignore', '.env').trim(), '.env');
    assert.match(fs.readFileSync(path.join(repo, '.env'), 'utf8'), /^DATABASE_URL=postgresql:\/\/neondb_owner:/);
    // The message names the .gitignore change too: the person did not open that file.
    const wrote = await waitFor(() => t.prompt.shown.find((x) => x.kind === 'info' && /^Wrote /.test(x.text)), { timeout: 5000 });
    assert.strictEqual(wrote.text, 'Wrote DATABASE_URL, DATABASE_URL_UNPOOLED to gitrepo/.env and added gitrepo/.env to .gitignore.');

    // Now ignored: the next write asks nothing (this emulator has no data plane, so the check
    // after writing may warn that the connection failed: not a git warning).
    t.prompt.reset();
    await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.ok(!t.prompt.shown.some((x) => x.kind === 'warning' && /git/.test(x.text)), JSON.stringify(t.prompt.shown));
  });

  it('a tracked file: "Add to .gitignore" cannot help, so it says so; Cancel writes nothing', async function () {
    needGit(this);
    const repo = path.join(ws(), 'tracked');
    fs.mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, 'app.env'), 'A=1\n');
    git(repo, 'add', 'app.env');
    await setSetting('envFile', 'tracked/app.env');
    t.prompt.script({ button: 'Add to .gitignore' }, { button: undefined });
    const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res, 'cancelled');
    assert.match(t.prompt.shown.filter((x) => x.kind === 'warning')[1]!.text, /tracked by git.*git rm --cached app\.env/s);
    assert.strictEqual(fs.readFileSync(path.join(repo, 'app.env'), 'utf8'), 'A=1\n');
  });

  it('two writes racing (the extension and another writer in this process) both land, nothing else changes', async () => {
    const file = path.join(ws(), 'race.env');
    fs.writeFileSync(file, '# keep\nKEEP=yes\n');
    await setSetting('envFile', 'race.env');
    const role = r.role(ACME_API, 'dev', 'app_user');
    const a = vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', role);
    // A second copy of the module (this test bundle's) has its own in-process queue, as another
    // window would: only the lock file beside the .env makes them take turns.
    const others = ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'].map((k) => saveSecretsToEnv(t.services, { [`RACE_${k}`]: `token-${k.toLowerCase()}-1234` }, { reason: 'a test token' }));
    assert.deepStrictEqual(await Promise.all([a, ...others]), Array(6).fill('written'));
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('# keep\nKEEP=yes\n'), text.slice(0, 40));
    const keys = text.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=')[0]).sort();
    assert.deepStrictEqual(keys, ['DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'KEEP', 'RACE_FIVE', 'RACE_FOUR', 'RACE_ONE', 'RACE_THREE', 'RACE_TWO']);
    assert.deepStrictEqual(fs.readdirSync(ws()).filter((n) => /race\.env\..*(lock|tmp)$/.test(n)), [], 'no lock or temporary file left behind');
  });

  it('a write that cannot happen leaves the file intact, says why, and offers the clipboard', async () => {
    // A .env that is a folder, and a binary .env: errors root cannot bypass.
    fs.mkdirSync(path.join(ws(), 'folder.env'), { recursive: true });
    await setSetting('envFile', 'folder.env');
    t.prompt.script({ button: undefined });
    const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res, 'cancelled');
    const err = t.prompt.shown.find((x) => x.kind === 'error')!;
    assert.match(err.text, /^Couldn't write DATABASE_URL, DATABASE_URL_UNPOOLED to folder\.env\.\n.*is a folder, not a file/s);
    assert.deepStrictEqual(err.buttons, ['Copy to Clipboard']);

    t.prompt.reset();
    const bin = path.join(ws(), 'binary.env');
    const bytes = Buffer.from([0x41, 0x3d, 0x31, 0x0a, 0x00, 0xff, 0x10]);
    fs.writeFileSync(bin, bytes);
    await setSetting('envFile', 'binary.env');
    t.prompt.script({ button: 'Copy to Clipboard' });
    await clearClipboard();
    const res2 = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.strictEqual(res2, 'copied');
    assert.ok(fs.readFileSync(bin).equals(bytes), 'the file is unchanged');
    assert.match(t.prompt.shown.find((x) => x.kind === 'error')!.text, /looks binary/);
    const clip = await readClipboard();
    assert.match(clip, /^DATABASE_URL=postgresql:\/\/neondb_owner:.*\nDATABASE_URL_UNPOOLED=postgresql:/s);
  });

  it('a read-only file is left intact; the sentence says why and offers the clipboard (EACCES at the fs edge: the host runs as root)', async () => {
    const file = path.join(ws(), 'readonly.env');
    fs.writeFileSync(file, 'X=1\n');
    fs.chmodSync(file, 0o444);
    await setSetting('envFile', 'readonly.env');
    t.prompt.script({ button: undefined });
    const restore = refuseWriteAccess(file);
    let res: unknown;
    let refused = 0;
    try {
      res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    } finally {
      refused = restore();
    }
    assert.ok(refused >= 1, 'the writer checked that it may write the file');
    assert.strictEqual(res, 'cancelled');
    const err = t.prompt.shown.find((x) => x.kind === 'error');
    assert.ok(err, `an error was shown: ${JSON.stringify(t.prompt.shown)}`);
    assert.match(err.text, /^Couldn't write DATABASE_URL, DATABASE_URL_UNPOOLED to readonly\.env\.\n.*readonly\.env cannot be written .*\(EACCES\): the file or its folder is read-only/s);
    assert.deepStrictEqual(err.buttons, ['Copy to Clipboard']);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'X=1\n');
    assert.deepStrictEqual(fs.readdirSync(ws()).filter((n) => /^readonly\.env\..*(lock|tmp)$/.test(n)), [], 'no lock or temporary file left behind');
  });

  it('a symbolic link leading outside the workspace is refused; the envFile setting may not leave the folder', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-outside-'));
    const target = path.join(outside, 'secrets.env');
    fs.writeFileSync(target, 'OUT=1\n');
    fs.symlinkSync(target, path.join(ws(), 'link.env'));
    await setSetting('envFile', 'link.env');
    t.prompt.script({ button: undefined });
    await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.match(t.prompt.shown.find((x) => x.kind === 'error')!.text, /outside the workspace/);
    assert.strictEqual(fs.readFileSync(target, 'utf8'), 'OUT=1\n');

    t.prompt.reset();
    await setSetting('envFile', '../escape.env');
    await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
    assert.match(t.prompt.shown.find((x) => x.kind === 'error')!.text, /neonExplorer\.envFile \("\.\.\/escape\.env"\) leads outside the workspace folder/);
    assert.ok(!fs.existsSync(path.join(ws(), '..', 'escape.env')));
  });

  it('an API key (the org-keys engineer\'s call): one variable, its name only in the message', async () => {
    await setSetting('envFile', 'keys.env');
    const res = await saveSecretsToEnv(t.services, { NEON_API_KEY: 'napi_abcdefghijklmnopqrstuvwxyz0123456789' }, { reason: 'the API key ci' });
    assert.strictEqual(res, 'written');
    assert.strictEqual(fs.readFileSync(path.join(ws(), 'keys.env'), 'utf8'), 'NEON_API_KEY=napi_abcdefghijklmnopqrstuvwxyz0123456789\n');
    assert.ok(t.prompt.shown.some((x) => x.text === 'Wrote NEON_API_KEY to keys.env.'));
    assert.ok(!JSON.stringify(t.prompt.shown).includes('napi_'));
  });

  it('saving a connection the file already holds rewrites nothing and says so; after one variable is gone, only that one is named as written', async () => {
    const file = path.join(ws(), 'same.env');
    fs.writeFileSync(file, '# app\nA=1\n');
    await setSetting('envFile', 'same.env');
    t.prompt.reset();
    const role = r.role(ACME_API, 'main', 'neondb_owner');
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', role), 'written');
    const infos = () => t.prompt.shown.filter((x) => x.kind === 'info').map((x) => x.text);
    assert.ok(infos().includes('Wrote DATABASE_URL, DATABASE_URL_UNPOOLED to same.env.'), infos().join('\n'));
    const held = fs.readFileSync(file, 'utf8');
    const old = new Date('2020-01-02T03:04:05Z');
    fs.utimesSync(file, old, old);

    t.prompt.reset();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', role), 'written');
    assert.ok(infos().includes('same.env already holds DATABASE_URL, DATABASE_URL_UNPOOLED with these values; nothing changed.'), infos().join('\n'));
    // Nor does the check after it (this emulator has no data plane: it may warn) say "Wrote".
    assert.ok(!t.prompt.shown.some((x) => /^Wrote /.test(x.text)), JSON.stringify(t.prompt.shown.map((x) => x.text)));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), held);
    assert.strictEqual(fs.statSync(file).mtimeMs, old.getTime(), 'the file was not rewritten');

    fs.writeFileSync(file, held.replace(/^DATABASE_URL_UNPOOLED=.*\n/m, ''));
    t.prompt.reset();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', role), 'written');
    assert.ok(infos().includes('Wrote DATABASE_URL_UNPOOLED to same.env.'), infos().join('\n'));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), held);
    fs.rmSync(file, { force: true });
  });

  it('several workspace folders: asks which one; the message names the folder', async () => {
    await setSetting('envFile', '.env');
    const folder = (name: string, index: number): vscode.WorkspaceFolder => {
      fs.mkdirSync(path.join(ws(), name), { recursive: true });
      return { uri: vscode.Uri.file(path.join(ws(), name)), name, index };
    };
    const folders = [folder('multi-a', 0), folder('multi-b', 1)];
    t.prompt.script({ pick: 'multi-b' });
    const res = await saveSecretsToEnv(t.services, { MULTI_TOKEN: 'multi-token-value' }, { reason: 'a test token', folders });
    assert.strictEqual(res, 'written');
    assert.deepStrictEqual(t.prompt.shown[0]!.items, ['multi-a', 'multi-b']);
    assert.match(t.prompt.shown[0]!.text, /Which workspace folder's \.env gets a test token\?/);
    assert.strictEqual(fs.readFileSync(path.join(ws(), 'multi-b', '.env'), 'utf8'), 'MULTI_TOKEN=multi-token-value\n');
    assert.ok(!fs.existsSync(path.join(ws(), 'multi-a', '.env')));
    assert.ok(t.prompt.shown.some((x) => x.text === 'Wrote MULTI_TOKEN to multi-b/.env.'));
    t.prompt.reset();
    t.prompt.script({ pick: undefined });
    assert.strictEqual(await saveSecretsToEnv(t.services, { MULTI_TOKEN: 'x-value-123' }, { reason: 'a test token', folders }), 'cancelled');
  });

  it('no workspace folder: a save dialog, or the clipboard', async () => {
    const chosen = path.join(ws(), 'elsewhere', 'picked.env');
    fs.mkdirSync(path.dirname(chosen), { recursive: true });
    t.prompt.script({ pick: 'Save to a file' }, { save: vscode.Uri.file(chosen) });
    assert.strictEqual(await saveSecretsToEnv(t.services, { LONE_TOKEN: 'lone-token-value' }, { reason: 'a test token', folders: [] }), 'written');
    assert.strictEqual(fs.readFileSync(chosen, 'utf8'), 'LONE_TOKEN=lone-token-value\n');
    assert.ok(t.prompt.shown.some((x) => x.text === `Wrote LONE_TOKEN to ${chosen}.`));
    t.prompt.reset();
    t.prompt.script({ pick: 'Copy to the clipboard' });
    assert.strictEqual(await saveSecretsToEnv(t.services, { LONE_TOKEN: 'lone-token-value' }, { reason: 'a test token', folders: [] }), 'copied');
    const clip = await readClipboard();
    assert.strictEqual(clip, 'lone-token-value');
    assert.ok(t.prompt.shown.some((x) => x.text === 'Copied LONE_TOKEN to the clipboard.'));
    t.prompt.reset();
    t.prompt.script({ pick: 'Save to a file' }, { save: undefined });
    assert.strictEqual(await saveSecretsToEnv(t.services, { LONE_TOKEN: 'lone-token-value' }, { reason: 'a test token', folders: [] }), 'cancelled');
  });
});
