// The host in German (npm run test:l10n: code-server --locale de with a stand-in language pack):
// VS Code reads package.nls.de.json for the manifest (the palette shows German command titles)
// and hands the extension l10n/bundle.l10n.de.json (the tree's own rows are German), through
// vscode.l10n in the host code and through @vscode/l10n in the modules that cannot import vscode.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { browserAvailable, quickInputRows } from '../helpers/browser';
import { useEmulator } from '../helpers/emulator';
import { eventually } from '../helpers/eventually';
import { getExtension } from '../helpers/extension';
import { addAccount, removeAllAccounts, rows, setBaseUrl, testing, walk, type Testing } from '../tree.support';

describe('l10n: the extension in German', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: Testing;

  before(async () => {
    t = await testing();
    await removeAllAccounts();
    await setBaseUrl(emulator().url);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await removeAllAccounts();
    t?.prompt.reset();
  });

  it('the host runs in German and hands the extension its German bundle', () => {
    assert.strictEqual(vscode.env.language, 'de');
    assert.strictEqual(vscode.l10n.bundle?.['Members'], 'Mitglieder');
    assert.strictEqual(vscode.l10n.t('Show Log'), 'Protokoll anzeigen');
  });

  it('the manifest is read from package.nls.de.json', () => {
    // A localized command title is { value, original } (the English one stays searchable).
    type Text = string | { value: string; original: string };
    const pkg = getExtension().packageJSON as { contributes: { commands: { command: string; title: Text }[]; views: Record<string, { name: string }[]> } };
    const title = (id: string) => {
      const t = pkg.contributes.commands.find((c) => c.command === id)?.title;
      return typeof t === 'string' ? t : t?.value;
    };
    assert.strictEqual(title('neonExplorer.addAccount'), 'Neon-API-Schlüssel hinzufügen…');
    assert.strictEqual(title('neonExplorer.createBranch'), 'Branch erstellen…');
    assert.strictEqual(pkg.contributes.views['neonExplorer']![0]!.name, 'Konten');
  });

  it('the command palette shows the German titles', async () => {
    assert.ok(browserAvailable(), 'this run forces code-server, whose browser the test reads');
    await eventually(
      async () => {
        await vscode.commands.executeCommand('workbench.action.quickOpen', '>Neon: ');
        const listed = await quickInputRows();
        assert.ok(listed.includes('Neon: Neon-API-Schlüssel hinzufügen…'), JSON.stringify(listed));
        assert.ok(listed.includes('Neon: Protokoll anzeigen'), JSON.stringify(listed));
      },
      { timeout: 30_000, message: 'the palette lists the German titles' },
    );
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it("the tree's rows are German, from host code and from the modules that use @vscode/l10n", async () => {
    await addAccount(emulator().apiKey, 'du');
    const org = await rows(await walk('du', 'Acme Inc'));
    const labels = org.map((r) => r.label);
    // OrgFolderNode's labels are module-level constants: translated only because src/l10n.ts
    // configures @vscode/l10n before any other module runs.
    for (const l of ['Mitglieder', 'Einladungen', 'API-Schlüssel']) assert.ok(labels.includes(l), `${l} in ${JSON.stringify(labels)}`);
    assert.ok(!labels.includes('Members'), 'no English folder label');
  });

  /** The account added above and its project quiet-moon, as a tree row's ref; the prompter cleared. */
  const quietMoon = () => {
    const [account] = t.services.accounts.list();
    assert.ok(account, 'the account added above');
    const p = emulator().state.projects.get('quiet-moon-45120987')!;
    t.prompt.reset();
    return { p, ref: { accountId: account.id, orgId: p.orgId, projectId: p.id, projectName: p.name } };
  };

  it('a typed-name confirmation is one German sentence with its own word order; Escape deletes nothing', async () => {
    const { p, ref } = quietMoon();
    t.prompt.script({ dismiss: true });
    const done = await vscode.commands.executeCommand('neonExplorer.deleteProject', ref);
    assert.strictEqual(done, false);
    const asked = t.prompt.shown.find((s) => s.kind === 'input');
    assert.ok(asked?.text.startsWith(`Projekt „${p.name}“ löschen?`), JSON.stringify(asked));
    assert.ok(emulator().state.projects.has('quiet-moon-45120987'), 'nothing deleted');
  });

  it('a command of the lazily loaded bundle (dist/rarelyUsed.js) asks in German: Create Branch', async () => {
    const { p, ref } = quietMoon();
    t.prompt.script({ pick: undefined });
    await vscode.commands.executeCommand('neonExplorer.createBranch', ref);
    const asked = t.prompt.shown.find((s) => s.kind === 'pick');
    assert.ok(asked?.text.startsWith('Branch erstellen (1/5)'), JSON.stringify(t.prompt.shown));
    assert.ok(asked?.placeHolder && !/new branch/.test(asked.placeHolder), `placeholder in German: ${asked?.placeHolder}`);
    assert.deepStrictEqual(t.prompt.shown.filter((s) => s.kind === 'error'), [], 'Escape is no failure');
    // Its failure: one German sentence, the request id named once.
    const server = emulator().server;
    server.cfg.faultRates = { '5xx': 1 };
    try {
      t.prompt.reset();
      await vscode.commands.executeCommand('neonExplorer.createBranch', ref);
    } finally {
      server.cfg.faultRates = null;
    }
    const error = t.prompt.shown.find((s) => s.kind === 'error')?.text ?? '';
    assert.ok(error.startsWith(`Fehlgeschlagen (den Branch erstellen): Die Branches von ${p.name} konnten nicht gelesen werden, daher wurde nichts geändert.`), error);
    assert.strictEqual(error.match(/Anfrage-ID/g)?.length, 1, error);
    assert.doesNotMatch(error, /request id|could not|create the branch/, 'no English left');
  });

  it('a confirmation is asked in German, and its German button does what it says', async () => {
    const [account] = t.services.accounts.list();
    assert.ok(account, 'the account added above');
    t.prompt.reset();
    t.prompt.script({ button: 'Entfernen' });
    await vscode.commands.executeCommand('neonExplorer.removeAccount', { accountId: account.id });
    const asked = t.prompt.shown.find((s) => s.kind === 'warning');
    assert.ok(asked?.text.startsWith('Das Konto „du“ entfernen?'), JSON.stringify(t.prompt.shown));
    assert.deepStrictEqual(asked?.buttons, ['Entfernen']);
    assert.deepStrictEqual(t.services.accounts.list(), [], 'the account was removed');
  });
});
