// Bad input in the real VS Code host against the emulator: each case is refused (or explained)
// with the exact sentence a person reads, and the emulator's request log shows no request where
// none should go. The table in bad-input.md lists every case with the test that proves it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Answer } from '../../src/testing';
import { ACME_API, refs, setSetting } from './commands-role.support';
import { settled, useEmulator, type Emulator } from './helpers/emulator';
import { eventually, sleep } from './helpers/eventually';
import { postFromWebview, skipUnlessBrowser, webviewText } from './helpers/browser';
import { workspaceDir } from './helpers/extension';
import { requestsSince as netRequestsSince } from './helpers/netprobe';
import { children, control, current, mintKey, removeAllAccounts, rows, setBaseUrl, walk, type Testing } from './tree.support';
import { startWithAccount } from './helpers/suite';

const ACME = 'org-morning-bread-81040908';
const consumptionTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((x) => x.label).filter((l) => l.startsWith('Consumption: '));

describe('bad input: a clear sentence, and no request where none should go', function () {
  this.timeout(60_000);
  const emulator = useEmulator({ seed: 'small', operationMs: 50 });
  let t: Testing;
  let you = '';
  const r = refs(emulator, () => you);
  const errors = () => t.prompt.shown.filter((m) => m.kind === 'error');
  const lastError = () => {
    const e = errors();
    assert.ok(e.length > 0, `an error is shown: ${JSON.stringify(t.prompt.shown)}`);
    return e[e.length - 1];
  };
  // Marks in the emulator's arrival order, not milliseconds: a request that ended just before can share one.
  const mark = () => emulator().server.log.mark();
  /** "METHOD route status" of every request the emulator received after `since` (a mark). */
  const sent = (since: number) => emulator().server.log.since(since).map((e) => `${e.route} ${e.status}`);
  /** Full log entries (with the request id) after `since` (a mark). */
  const entries = (since: number) => emulator().server.log.since(since);
  const accountCount = () => t.services.accounts.list().length;

  before(async () => {
    ({ t, accountId: you } = await startWithAccount(emulator()));
  });
  beforeEach(async () => {
    t.prompt.reset();
    await settled(emulator(), 300); // requests the tree sends by itself are not the case's
  });
  after(async () => {
    await setSetting('envFile', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
  });

  describe('API keys and the API URL', () => {
    it('an empty key (spaces only) is refused by the input box; nothing stored, no request', async () => {
      const since = mark();
      t.prompt.script({ input: '   ' });
      await vscode.commands.executeCommand('neonExplorer.addAccount');
      // ScriptedPrompter reports what the real input box would show under the field.
      assert.match(lastError().text, /rejected by validation: No key was pasted: paste a Neon API key, or press Escape to add nothing\.$/);
      assert.strictEqual(accountCount(), 1);
      assert.deepStrictEqual(sent(since), []);
    });

    it('a malformed key (accents, an inner space) is refused before any request; the key is never repeated', async () => {
      const since = mark();
      const key = 'napi_clé secrète';
      // The key box comes back with the key in it and the reason; Escape there ends it quietly.
      const from = t.prompt.shown.length;
      t.prompt.script({ input: key }, { dismiss: true });
      await vscode.commands.executeCommand('neonExplorer.addAccount');
      const asked = t.prompt.shown.slice(from).filter((x) => x.kind === 'input');
      assert.strictEqual(asked.length, 2);
      assert.strictEqual(asked[1]!.validation, 'The API key contains characters that are not allowed; paste it again. Nothing is saved until Neon accepts a key.');
      assert.strictEqual(asked[1]!.value, '(password)', 'the key is kept in the box');
      assert.ok(!t.prompt.shown.slice(from).some((x) => x.kind === 'error'), 'no notification: the box says it');
      assert.ok(!JSON.stringify(t.prompt.shown).includes('secrète') && !t.logLines.join('\n').includes('secrète'));
      assert.strictEqual(accountCount(), 1);
      assert.deepStrictEqual(sent(since), []);
    });

    it('a revoked key: GET /auth and GET /users/me (asked together) answered 401, then one sentence; nothing stored', async () => {
      const key = await mintKey(emulator(), { kind: 'personal', email: 'revoked@example.com' });
      await control(emulator(), '/revoke', { token: key });
      const since = mark();
      // Only the key is answered: it is checked before its name is asked; the box comes back with the reason.
      t.prompt.script({ input: key }, { dismiss: true });
      const from = t.prompt.shown.length;
      await vscode.commands.executeCommand('neonExplorer.addAccount');
      assert.ok(!t.prompt.shown.slice(from).some((x) => x.kind === 'input' && /name for this account/.test(x.text)), 'no name asked for a refused key');
      // The two are asked side by side, so their order is the network's; the sentence names /auth's id.
      const auth = entries(since).find((e) => e.route === 'GET /auth');
      assert.ok(auth, 'GET /auth was sent');
      assert.deepStrictEqual([...sent(since)].sort(), ['GET /auth 401', 'GET /users/me 401']);
      const again = t.prompt.shown.slice(from).filter((x) => x.kind === 'input')[1];
      assert.strictEqual(
        again?.validation,
        `Neon rejected this API key (401): it is mistyped, expired or revoked. Copy the whole key from the Neon Console and try again. Nothing is saved until Neon accepts a key. (request id ${auth.requestId})`,
      );
      assert.ok(!t.prompt.shown.slice(from).some((x) => x.kind === 'error'), 'Escape after a refusal is not a failure');
      assert.ok(!JSON.stringify(t.prompt.shown).includes(key));
      assert.strictEqual(accountCount(), 1);
    });

    it('neonExplorer.apiBaseUrl set to garbage: named with "Open Settings", before the key is asked; nothing leaves the host', async () => {
      const good = emulator().url;
      try {
        for (const bad of ['not a url', 'ftp://console.neon.tech/api/v2']) {
          t.prompt.reset();
          await setBaseUrl(bad);
          const since = mark();
          const at = Date.now(); // the network probe's clock
          t.prompt.script({ button: 'Open Settings' });
          await vscode.commands.executeCommand('neonExplorer.addAccount');
          const e = lastError();
          assert.strictEqual(
            e.text,
            `Couldn't add the API key: The setting neonExplorer.apiBaseUrl ("${bad}") is not an http(s) URL, so Neon cannot be reached. Correct it in Settings (the default is https://console.neon.tech/api/v2), then add the key again; nothing was sent.`,
          );
          assert.deepStrictEqual(e.buttons, ['Open Settings', 'Show Log']);
          assert.ok(!t.prompt.shown.some((m) => m.kind === 'input'), 'the key is not asked for');
          assert.deepStrictEqual(sent(since), []);
          assert.deepStrictEqual(netRequestsSince(at).map((x) => x.target), [], 'no request of any kind left the extension host');
          // "Open Settings" opens the Settings editor.
          await eventually(() => assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((tab) => /Settings/.test(tab.label)), 'the Settings editor is open'));
          await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        }
        // An API key pasted into the URL setting is not repeated in the message.
        const key = 'napi_pastedintothewrongbox0123456789abcdefghijklmnopqrstuvwxyz01';
        t.prompt.reset();
        await setBaseUrl(key);
        t.prompt.script({ button: undefined });
        await vscode.commands.executeCommand('neonExplorer.addAccount');
        assert.match(lastError().text, /^Couldn't add the API key: The setting neonExplorer\.apiBaseUrl is not an http\(s\) URL, so Neon cannot be reached\./);
        assert.ok(!JSON.stringify(t.prompt.shown).includes('pastedintothewrongbox'), 'the pasted key was shown');
        assert.ok(!t.logLines.some((l) => l.includes('pastedintothewrongbox')), 'the pasted key was logged');
      } finally {
        await setBaseUrl(good);
      }
    });

    it('neonExplorer.apiBaseUrl set to an address that does not answer: the failure names the setting and offers "Open Settings" beside Retry (walk 40)', async () => {
      const good = emulator().url;
      try {
        t.prompt.reset();
        await setBaseUrl('http://127.0.0.1:1');
        t.prompt.script({ input: 'napi_unreachable0123456789abcdefghijklmnopqrstuvwxyz0123456789' }, { button: 'Open Settings' });
        await vscode.commands.executeCommand('neonExplorer.addAccount');
        const e = lastError();
        assert.match(
          e.text,
          /^Couldn't add the API key: Could not reach the Neon API at 127\.0\.0\.1:1\. Check your network connection and proxy settings\. The address http:\/\/127\.0\.0\.1:1 comes from the setting neonExplorer\.apiBaseUrl: correct it, or clear it to use Neon's default \(https:\/\/console\.neon\.tech\/api\/v2\), then add the key again; nothing was saved\.( \(request id [^)]+\))?$/,
        );
        assert.deepStrictEqual(e.buttons, ['Open Settings', 'Retry', 'Show Log']);
        await eventually(() => assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((tab) => /Settings/.test(tab.label)), 'the Settings editor is open'));
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        assert.strictEqual(accountCount(), 1, 'nothing was added');
      } finally {
        await setBaseUrl(good);
      }
    });
  });

  describe('names and emails', () => {
    it('blank and over-long project names are refused by the input box; no request', async () => {
      const since = mark();
      const cases: [string, string][] = [
        ['   ', 'Enter a name'],
        ['p'.repeat(257), 'At most 256 characters (257 now)'],
      ];
      for (const [typed, problem] of cases) {
        t.prompt.script({ input: typed });
        await vscode.commands.executeCommand('neonExplorer.renameProject', r.project(ACME_API));
        assert.ok(lastError().text.endsWith(`rejected by validation: ${problem}.`), lastError().text);
      }
      assert.deepStrictEqual(sent(since), []);
      assert.strictEqual(emulator().state.projects.get(ACME_API)!.name, 'acme-api');
    });

    it('blank role names, and role names counted in bytes (日本 takes 3 bytes a letter), are refused; no request', async () => {
      const since = mark();
      const name = '日本'.repeat(11); // 22 letters, 66 bytes
      const cases: [string, RegExp][] = [
        ['', /rejected by validation: Enter a name for the role\.$/],
        ['   ', /rejected by validation: A name cannot be only spaces: type one\.$/],
        [name, /Role names are limited to 63 bytes of UTF-8; this one is 66 bytes \(letters such as é, ß or 日 take 2 to 4 bytes each\)\.$/],
      ];
      for (const [typed, problem] of cases) {
        t.prompt.script({ input: typed });
        await vscode.commands.executeCommand('neonExplorer.createRole', r.branch(ACME_API, 'main'));
        assert.match(lastError().text, problem);
      }
      // The branch's roles are read to suggest a free name; nothing is created.
      assert.deepStrictEqual(sent(since).filter((l) => !l.startsWith('GET /projects/{project_id}/branches/{branch_id}/roles ')), []);
    });

    it('invalid emails (an invitation list, a guest) are refused in the input box; no request but the reads before and while they are typed', async () => {
      const since = mark();
      t.prompt.script({ input: 'ok@x.example, not-an-email, @nope' });
      await vscode.commands.executeCommand('neonExplorer.inviteMembers', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
      assert.ok(lastError().text.endsWith('rejected by validation: Not email addresses: not-an-email, @nope.'), lastError().text);
      t.prompt.script({ input: 'bob@' });
      await vscode.commands.executeCommand('neonExplorer.shareProject', r.project(ACME_API));
      assert.ok(lastError().text.endsWith('rejected by validation: Not an email address: bob@.'), lastError().text);
      // Inviting is for admins: your role is read before anything is asked (a refusal then costs no
      // typing); who is invited already, and who has the project already (and who reaches it as a
      // member of its organization, with the organization's name), while the addresses are typed.
      await eventually(() =>
        assert.deepStrictEqual(sent(since).sort(), [
          'GET /organizations/{org_id} 200',
          'GET /organizations/{org_id}/invitations 200',
          'GET /organizations/{org_id}/members 200',
          'GET /organizations/{org_id}/members 200',
          'GET /projects/{project_id}/permissions 200',
          'GET /users/me 200',
        ]),
      );
    });
  });

  describe('a project deleted in the console while the tree shows it', () => {
    /** Deletes a project straight through the API, as the Neon Console would. */
    async function deleteElsewhere(em: Emulator, projectId: string): Promise<void> {
      const res = await fetch(`${em.url}/projects/${projectId}`, { method: 'DELETE', headers: { authorization: `Bearer ${em.apiKey}`, accept: 'application/json' } });
      assert.strictEqual(res.status, 200);
    }

    it('rename, delete and create-branch on the stale node: "no longer exists (404)", the list refreshed, Refresh offered', async () => {
      const em = emulator();
      const org = await walk('you', 'Acme Inc');
      const stale = (await children(org)).find((n) => n.id.endsWith('/project/hidden-cell-76330112'));
      assert.ok(stale, 'acme-web is shown');
      await deleteElsewhere(em, 'hidden-cell-76330112');

      const runs: [string, string, Answer[]][] = [
        ['neonExplorer.renameProject', 'rename the project', [{ input: 'acme-web-2' }]],
        ['neonExplorer.deleteProject', 'delete the project', [{ input: 'acme-web' }]],
        ['neonExplorer.createBranch', 'create the branch', []],
      ];
      for (const [command, action, answers] of runs) {
        t.prompt.reset();
        const since = mark();
        t.prompt.script(...answers);
        await vscode.commands.executeCommand(command, stale);
        const calls = entries(since);
        assert.ok(calls.length >= 1 && calls.every((c) => c.status === 404), `${command}: only the requests that found it gone: ${sent(since).join(', ')}`);
        const e = lastError();
        assert.strictEqual(
          e.text,
          `Couldn't ${action}: The project acme-web no longer exists in Neon (404); it was deleted or moved elsewhere, e.g. in the Neon Console. The view now shows what is left; choose Refresh to read it again. (request id ${calls[calls.length - 1].requestId})`,
        );
        assert.deepStrictEqual(e.buttons, ['Refresh', 'Show Log']);
        assert.strictEqual(t.prompt.pending(), 0);
      }
      // The org's list was read again: acme-web is gone from the tree.
      const now = await rows(await current(org.id));
      assert.ok(!now.some((x) => x.label === 'acme-web'), now.map((x) => x.label).join(', '));
      assert.ok(now.some((x) => x.label === 'acme-api'));
    });
  });

  describe('the consumption panel and .env files', () => {
    it('webview messages of the wrong shape, posted from the real page, are dropped and logged, without effect or request', async function () {
      skipUnlessBrowser(this);
      const logAtOpen = t.logLines.length;
      await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: ACME, orgName: 'Acme Inc' });
      await eventually(async () => assert.match(await webviewText(), /Total: [\d.,]+ CU-hours/), { timeout: 45_000 });
      // The page's own loading is over first: once drawn, it has the host fetch the other metrics
      // (a CI run marked before that request left and counted it).
      await eventually(() => assert.ok(t.logLines.slice(logAtOpen).some((l) => /consumption: organization .* the other \d+ metrics in \d+ ms/.test(l)), t.logLines.slice(logAtOpen).join('\n')), { timeout: 45_000 });
      await settled(emulator());
      const since = mark();
      const logBefore = t.logLines.length;
      const bad: unknown[] = [
        null,
        'load',
        42,
        [],
        { type: 'load' },
        { type: 'load', requestId: -1, range: { kind: 'preset', preset: '30d' } },
        { type: 'load', requestId: 1, range: { kind: 'preset', preset: '5y' } },
        { type: 'load', requestId: 2, range: { kind: 'custom', from: 'x'.repeat(500), to: 'y', granularity: 'daily' } },
        { type: 'cancel', requestId: '1' },
        { type: 'exportCsv', metric: 'm'.repeat(81) },
        { type: 'deleteProject', projectId: 'hidden-cell-76330112' },
        { type: { toString: 'load' } },
      ];
      // Through VS Code's webview bridge, as the page's own postMessage sends them.
      assert.strictEqual(await postFromWebview('CU-hours', bad), bad.length);
      const droppedSince = () => t.logLines.slice(logBefore).filter((l) => /consumption page: dropped a malformed message \(type .*\)/.test(l));
      await eventually(() => assert.strictEqual(droppedSince().length, bad.length, `${droppedSince().length} of ${bad.length} dropped:\n${t.logLines.slice(logBefore).join('\n')}`), { timeout: 10_000 });
      const dropped = droppedSince();
      assert.ok(dropped.some((l) => l.includes('(type "deleteProject")')));
      assert.ok(dropped.some((l) => l.includes('(type "object")')), 'null is named by its typeof');
      await sleep(300);
      assert.deepStrictEqual(sent(since), []);
      assert.deepStrictEqual(errors(), []);
      assert.deepStrictEqual(consumptionTabs(), ['Consumption: Acme Inc'], 'the panel is still open');
      // The same channel carries a valid message through: the panel loads again (force skips the cache).
      await postFromWebview('CU-hours', [{ type: 'load', requestId: 4242, range: { kind: 'preset', preset: '7d' }, force: true }]);
      await eventually(() => assert.ok(sent(since).some((e) => e.includes('consumption'))), { timeout: 20_000 });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('a huge .env (over 1 MiB) is left byte for byte; the sentence says why and offers the clipboard', async () => {
      const file = path.join(workspaceDir(), 'huge.env');
      const bytes = Buffer.alloc(1024 * 1024 + 1, 'A=1\n');
      fs.writeFileSync(file, bytes);
      await setSetting('envFile', 'huge.env');
      const since = mark();
      t.prompt.script({ button: undefined });
      const res = await vscode.commands.executeCommand('neonExplorer.saveConnectionToEnv', r.role(ACME_API, 'main', 'neondb_owner'));
      assert.strictEqual(res, 'cancelled');
      const e = lastError();
      assert.match(e.text, /^Couldn't write DATABASE_URL, DATABASE_URL_UNPOOLED to huge\.env\.\n.*huge\.env is larger than 1 MiB, too big for a \.env file; it was not changed\./s);
      assert.deepStrictEqual(e.buttons, ['Copy to Clipboard']);
      assert.ok(fs.readFileSync(file).equals(bytes), 'the file is unchanged');
      // Only the reads that build the connection string (offered on the clipboard instead); no change.
      const calls = sent(since);
      assert.ok(calls.length > 0 && calls.every((c) => c.startsWith('GET ')), calls.join(', '));
      fs.rmSync(file);
    });
  });
});
