// What a new user meets first, read from the workbench page: the command palette before and after
// an account exists (only Add Key and Show Log before; never a command that needs a tree node), and
// the walkthrough, whose steps complete as their commands run.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { keyboardFocus, quickInput, quickInputRows, skipUnlessBrowser, typeText, walkthroughSteps } from './helpers/browser';
import { WindowPrompter } from '../../src/ui/prompt';
import { useEmulator } from './helpers/emulator';
import { eventually } from './helpers/eventually';
import { EXTENSION_ID, packageJson } from './helpers/extension';
import { addAccount, removeAllAccounts, type Testing } from './tree.support';
import { startClean } from './helpers/suite';
import { WALKTHROUGH_DONE_STATE } from '../../src/walkthroughProgress';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: { commandPalette: { command: string; when?: string }[] };
  };
}

const manifest = () => packageJson() as unknown as Manifest;
const title = (id: string) => {
  const c = manifest().contributes.commands.find((x) => x.command === id)!;
  return `${c.category}: ${c.title}`;
};

/** Opens the palette filtered to "Neon: " and returns the Neon commands it lists. */
async function neonPalette(): Promise<string[]> {
  await vscode.commands.executeCommand('workbench.action.quickOpen', '>Neon: ');
  try {
    return [...new Set((await quickInputRows()).filter((l) => l.startsWith('Neon: ')))].sort();
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
}

describe('Marketplace: the palette and the walkthrough a new user meets', function () {
  this.timeout(90_000);
  const emulator = useEmulator({ seed: 'small' });
  let t: Testing;

  before(async function () {
    skipUnlessBrowser(this);
    t = await startClean(emulator());
    // Earlier suites of this host saved connections, linked folders and showed consumption: what
    // the walkthrough remembers of them is forgotten, so this suite sees a new user's walkthrough.
    await t.services.context.globalState.update(WALKTHROUGH_DONE_STATE, undefined);
    // Those runs may have ticked Save a connection and Link the folder already (each run is
    // remembered and ticked once the walkthrough is registered): VS Code's own "Mark Step
    // Incomplete" opens them again. (Its step ids: extension id # walkthrough id # step id.)
    const walkthrough = (packageJson() as unknown as { contributes: { walkthroughs: { id: string }[] } }).contributes.walkthroughs[0]!.id;
    // Run alone, the walkthrough is not registered yet: VS Code refuses the step, which is not ticked either.
    for (const step of ['saveEnv', 'linkFolder']) await vscode.commands.executeCommand('welcome.markStepIncomplete', `${EXTENSION_ID}#${walkthrough}#${step}`).then(undefined, () => undefined);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
    t?.prompt.reset();
  });

  it('before any account, the palette offers only Add Neon API Key, Get Started, Open Settings and Show Log', async () => {
    const expected = [title('neonExplorer.addAccount'), title('neonExplorer.openWalkthrough'), title('neonExplorer.openSettings'), title('neonExplorer.showLog')].sort();
    await eventually(async () => assert.deepStrictEqual(await neonPalette(), expected), { timeout: 20_000, message: 'palette without an account' });
  });

  it('before any account, a command that needs one says so as information with Add Neon API Key…, not as an error, and completes no walkthrough step', async () => {
    t.prompt.reset();
    assert.strictEqual(await vscode.commands.executeCommand('neonExplorer.showConsumption'), undefined);
    const shown = t.prompt.shown;
    assert.deepStrictEqual(shown.map((x) => [x.kind, x.text, x.buttons]), [['info', 'No Neon account is added yet. Add a Neon API key first.', ['Add Neon API Key…']]]);
    assert.ok(!(t.services.context.globalState.get<string[]>(WALKTHROUGH_DONE_STATE) ?? []).includes('neonExplorer.walkthrough.consumptionShown'), 'not remembered as done');
  });

  it('the walkthrough shows its five steps; those that need an action of their own are not done yet, except one done before it was opened', async () => {
    // Consumption shown before the walkthrough was ever opened (VS Code registers it only then, so
    // its own onCommand event is missed): the step is ticked all the same when it opens.
    const you = await addAccount(emulator().apiKey, 'you');
    await vscode.commands.executeCommand('neonExplorer.showConsumption', { accountId: you, orgId: 'org-morning-bread-81040908', orgName: 'Acme Inc' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllAccounts();
    // As the view's "…" menu opens it (Get Started with Neon Explorer).
    await vscode.commands.executeCommand('neonExplorer.openWalkthrough');
    const steps = await eventually(async () => {
      const s = await walkthroughSteps();
      assert.deepStrictEqual(s.map((x) => x.id), ['addKey', 'explore', 'saveEnv', 'linkFolder', 'consumption']);
      return s;
    }, { timeout: 20_000, message: 'the walkthrough opens' });
    assert.strictEqual(steps[0]!.title, 'Add a Neon API key');
    // Steps done by an action of their own are not done yet. "Add a Neon API key" and "Explore" may
    // be: earlier suites of this host had an account and showed the Neon view while its Welcome page
    // was open, and the walkthrough ticks what was done before it opened (src/walkthroughProgress.ts).
    await eventually(async () => assert.ok((await walkthroughSteps()).find((s) => s.id === 'consumption')!.done, 'consumption done before'), { timeout: 20_000, message: 'the step done before the walkthrough opened' });
    assert.deepStrictEqual(steps.filter((s) => s.done && !['explore', 'addKey', 'consumption'].includes(s.id)).map((s) => s.id), [], 'nothing else done yet');
  });

  it('adding a key completes the first step; clicking a step\'s button runs its command and completes it', async () => {
    await addAccount(emulator().apiKey, 'you');
    await eventually(async () => assert.ok((await walkthroughSteps()).find((s) => s.id === 'addKey')!.done, 'addKey done'), { timeout: 20_000, message: 'first step done' });
    // The button runs Save Connection to .env from the Welcome page; its first question is dismissed:
    // a cancelled run completes nothing (walk 29 saw VS Code tick steps on any run of their command).
    t.prompt.script({ dismiss: true });
    await walkthroughSteps('saveEnv');
    await eventually(() => assert.strictEqual(t.prompt.pending(), 0, 'the command ran and asked its first question'), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 1000));
    const steps = await walkthroughSteps();
    assert.strictEqual(steps.find((s) => s.id === 'saveEnv')!.done, false, 'a step whose command was cancelled stays open');
    assert.strictEqual(steps.find((s) => s.id === 'linkFolder')!.done, false, 'a step whose command did not run stays open');
  });

  it('a keyboard user: Enter on Add Neon API Key opens the box, which keeps the focus (walk 36: VS Code took it back for the step); the empty box is not red', async () => {
    t.prompt.reset();
    t.prompt.passThrough = new WindowPrompter();
    try {
      await walkthroughSteps(undefined, 'addKey');
      await eventually(async () => {
        const q = await quickInput();
        assert.ok(q.visible && q.title?.includes('Add Neon API Key'), JSON.stringify(q));
      }, { timeout: 20_000, message: 'the key box opens' });
      // VS Code focuses a step 250 ms after a key-up on it: well after that, the box still has the focus.
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepStrictEqual(await keyboardFocus(), { where: 'quick-input' });
      // What to paste is the grey prompt; no red error before anything was typed.
      const message = (await quickInput()).message ?? '';
      assert.ok(message.startsWith('Paste a personal, organization or project-scoped Neon API key. It is checked with Neon, then kept in VS Code’s secret storage.'), message);
      await typeText('napi_typed');
      assert.strictEqual((await quickInput()).value, 'napi_typed', 'what was typed is in the box');
    } finally {
      if ((await quickInput()).visible) await quickInput({ press: 'Escape' });
      t.prompt.reset();
    }
  });

  it('Open Settings opens the Settings editor on this extension\'s settings', async () => {
    await vscode.commands.executeCommand('neonExplorer.openSettings');
    await eventually(() => assert.match(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '', /Settings/), { timeout: 10_000, message: 'the Settings editor is open' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('with an account, the palette offers every command that can ask for what it acts on, and no node-only command', async () => {
    const { commands, menus } = manifest().contributes;
    // A linked folder's commands show only once a folder is linked, which depends on the suites
    // run before this one in the host (git-branches links some): asked, not assumed.
    const linked = (await t.git.statusBar.activeFolder()) !== undefined;
    // Clear Project Filter shows only while some organization's projects are filtered.
    const filtered = t.tree.provider.env.filters.size > 0;
    const hiddenAlways = new Set(
      menus.commandPalette
        .filter((e) => e.when === 'false' || e.when === 'neonExplorer.loading' || (!linked && /\bneonExplorer\.hasLinkedFolder\b/.test(e.when ?? '')) || (!filtered && e.when === 'neonExplorer.projectFilterSet'))
        .map((e) => e.command),
    );
    const expected = [...new Set(commands.filter((c) => !hiddenAlways.has(c.command)).map((c) => title(c.command)))].sort();
    assert.ok(expected.length > 20);
    await eventually(async () => assert.deepStrictEqual(await neonPalette(), expected), { timeout: 20_000, message: 'palette with an account' });
  });
});
