// package.json as the Marketplace and VS Code read it: listing fields, workspace trust and
// virtual workspaces, what the command palette offers with and without an account (its `when`
// clauses evaluated against the context keys), and the walkthrough.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { offeredCommand, type RowAction } from '../../src/commands/rowOffers';

const ROOT = path.resolve(__dirname, '..', '..');
// Read with its %key% strings filled from package.nls.json, as VS Code shows it in English.
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'), (_k, v: unknown) =>
  typeof v === 'string' && /^%[^%\s]+%$/.test(v) ? (nls[v.slice(1, -1)] ?? v) : v,
);

// https://code.visualstudio.com/api/references/extension-manifest (categories)
const ALLOWED_CATEGORIES = [
  'Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other',
  'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing', 'AI', 'Chat',
];

type Context = Record<string, string | number | boolean | undefined>;

/**
 * Evaluates the part of VS Code's when-clause language the palette entries use: `true`/`false`,
 * context keys, `!`, `&&`, `||`, parentheses, `==`, `!=`, `>`, `<`, `>=`, `<=`, `=~ /regex/`. Anything else throws,
 * so an entry this cannot read fails the test instead of passing unread.
 */
export function evaluateWhen(expr: string, ctx: Context): boolean {
  const tokens = expr.match(/\s*(\|\||&&|==|!=|=~|>=|<=|\/(?:\\.|[^/\\])+\/[a-z]*|[!()<>]|'[^']*'|[\w.\-:/]+)/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new Error(`cannot read when clause: ${expr}`);
  let i = 0;
  const peek = () => tokens[i];
  const value = (t: string): string | number | boolean | undefined => {
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (/^'.*'$/.test(t)) return t.slice(1, -1);
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    return t;
  };
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`unexpected end of when clause: ${expr}`);
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t === 'true') return true;
    if (t === 'false') return false;
    const left = ctx[t];
    const op = peek();
    if (op === '=~') {
      i++;
      const literal = /^\/(.+)\/([a-z]*)$/.exec(tokens[i++] ?? '');
      if (!literal) throw new Error(`=~ needs a /regex/ in ${expr}`);
      if (left === undefined) throw new Error(`${t} is not given, in ${expr}`);
      return new RegExp(literal[1]!, literal[2]).test(String(left));
    }
    if (op && ['==', '!=', '>', '<', '>=', '<='].includes(op)) {
      i++;
      const right = value(tokens[i++]!);
      switch (op) {
        case '==': return String(left) === String(right);
        case '!=': return String(left) !== String(right);
        case '>': return Number(left) > Number(right);
        case '<': return Number(left) < Number(right);
        case '>=': return Number(left) >= Number(right);
        default: return Number(left) <= Number(right);
      }
    }
    return !!left;
  };
  const and = (): boolean => {
    let v = primary();
    while (peek() === '&&') {
      i++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const result = or();
  if (i !== tokens.length) throw new Error(`cannot read when clause: ${expr}`);
  return result;
}

interface Command {
  command: string;
  title: string;
  category?: string;
}
const commands: Command[] = pkg.contributes.commands;
const palette: { command: string; when?: string }[] = pkg.contributes.menus.commandPalette;

/** The commands the palette lists in a window with these context keys. */
export function paletteCommands(ctx: Context): string[] {
  return commands
    .map((c) => c.command)
    .filter((id) => palette.filter((e) => e.command === id).every((e) => e.when === undefined || evaluateWhen(e.when, ctx)));
}

// Commands that act on the node they are run on and ask for nothing else: the palette cannot give them one.
const NODE_ONLY = ['neonExplorer.refreshNode', 'neonExplorer.loadMore', 'neonExplorer.retryNode', 'neonExplorer.copyId', 'neonExplorer.copyEmail', 'neonExplorer.copyName', 'neonExplorer.manageInvitation',
  // F2 and Delete in the Neon view: the focused row is what they act on.
  'neonExplorer.renameFocused', 'neonExplorer.deleteFocused',
  // The view's "…" menu's own ids for commands that would act on the focused row (the palette has the commands themselves).
  'neonExplorer.view.showConsumption', 'neonExplorer.view.linkFolder', 'neonExplorer.view.cleanUpBranches'];
// Commands that write into the workspace folder (hidden in a virtual workspace, which has none on disk).
const WORKSPACE_WRITERS = ['neonExplorer.saveConnectionToEnv', 'neonExplorer.linkFolder'].filter((id) => commands.some((c) => c.command === id));

describe('package.json: the manifest', () => {
  it('lists itself honestly: allowed categories (not Azure), the keywords, a banner, Q&A, preview while 0.x', () => {
    const bad = (pkg.categories as string[]).filter((c) => !ALLOWED_CATEGORIES.includes(c));
    assert.deepStrictEqual(bad, [], 'categories outside VS Code\'s list');
    assert.ok(!pkg.categories.includes('Azure'));
    for (const k of ['neon', 'postgres', 'postgresql', 'serverless', 'database', 'branching']) assert.ok(pkg.keywords.includes(k), `keyword ${k}`);
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
    assert.match(pkg.qna, /^https:\/\//);
    assert.strictEqual(pkg.preview, /^0\./.test(pkg.version), 'preview exactly while the version is 0.x');
  });

  it('vscode:prepublish builds the production bundles, and `package` does not build twice', () => {
    assert.match(pkg.scripts['vscode:prepublish'], /esbuild\.js --production/);
    assert.doesNotMatch(pkg.scripts.package, /esbuild/);
    assert.match(pkg.scripts.package, /^vsce package /);
  });
});

interface Setting { type?: string; description?: string; markdownDescription?: string; pattern?: string; patternErrorMessage?: string; format?: string; minimum?: number; maximum?: number; default?: unknown }

describe('package.json: the settings', () => {
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const sections = pkg.contributes.configuration as { id: string; title: string; order: number; properties: Record<string, Setting> }[];
  const en = (s: string) => nls[s.replace(/^%|%$/g, '')] ?? s;

  it('are grouped in titled sections (walk 29: one list of twelve), every id as released', () => {
    assert.ok(Array.isArray(sections), 'contributes.configuration is a list of sections');
    assert.deepStrictEqual(sections.map((c) => en(c.title)), ['Accounts & API', 'Tree', 'Confirmations', '.env File', 'psql', 'Git Branches']);
    assert.deepStrictEqual(sections.map((c) => c.order), [0, 1, 2, 3, 4, 5]);
    // A section's id is the settings' common prefix: the Settings editor drops it from their names ("Env: Variable Names" → "Variable Names").
    for (const c of sections) assert.match(c.id, /^neonExplorer\.[a-z]+$/);
    assert.deepStrictEqual(sections.flatMap((c) => Object.keys(c.properties)).sort(), [
      'neonExplorer.apiBaseUrl', 'neonExplorer.consoleUrl', 'neonExplorer.deleteConfirmation', 'neonExplorer.env.includePgVariables', 'neonExplorer.env.variableNames',
      'neonExplorer.env.verifyAfterWrite', 'neonExplorer.envFile', 'neonExplorer.git.autoBranch', 'neonExplorer.git.branchExpiryDays', 'neonExplorer.maxConcurrentRequests',
      'neonExplorer.projects.loadAll', 'neonExplorer.psql.path', 'neonExplorer.requestTimeoutSeconds',
    ]);
  });

  it('say what they do: the confirmation names what it covers (not Remove Account), the variable names say when each is written, the expiry says Neon deletes', () => {
    const say = (key: string) => { const p = sections.find((c) => c.properties[key])!.properties[key]!; return en((p.markdownDescription ?? p.description)!); };
    assert.match(say('neonExplorer.deleteConfirmation'), /resetting a role's password/);
    assert.match(say('neonExplorer.deleteConfirmation'), /Removing an account from Neon Explorer only forgets its key here/);
    for (const v of ['databaseUrl', 'pgHost', 'apiKey']) assert.match(say('neonExplorer.env.variableNames'), new RegExp(`${v}[^.]*: (whenever|at the same time|when)`), v);
    assert.match(say('neonExplorer.git.branchExpiryDays'), /^Neon deletes .* this many days after creating it\. 0: Neon never deletes them\./);
    assert.match(say('neonExplorer.maxConcurrentRequests'), /^The most requests Neon Explorer sends at once for one account/);
  });

  // Walk 38: a whole-number setting took 1.5; a URL setting showed its regex, or ran into VS Code's own "URI with a scheme is expected.".
  it('a count of days, requests or seconds is an integer; a URL setting says in a sentence what it wants, and adds no format check of its own', () => {
    const all: Record<string, Setting> = Object.assign({}, ...sections.map((c) => c.properties));
    for (const [key, p] of Object.entries(all)) {
      if (p.type === 'number' || p.type === 'integer') assert.strictEqual(p.type, 'integer', `${key}: whole numbers only`);
      if (p.pattern !== undefined) {
        assert.ok(p.patternErrorMessage, `${key}: a patternErrorMessage, not the raw regex`);
        assert.match(en(p.patternErrorMessage), /^Enter .*\.$/, `${key}: a sentence that ends with a full stop`);
        // VS Code appends its format message ("URI with a scheme is expected.") to ours; the pattern already asks for the scheme.
        assert.strictEqual(p.format, undefined, `${key}: the pattern does the check`);
        assert.ok(new RegExp(p.pattern).test(String(p.default)), `${key}: its default passes its pattern`);
      }
    }
    assert.strictEqual(all['neonExplorer.git.branchExpiryDays']!.type, 'integer');
  });

  it('a description that names another setting links it (`#key#`, as a markdownDescription), in English and German, and every link names a real setting', () => {
    const keys = new Set(sections.flatMap((c) => Object.keys(c.properties)));
    const de = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.de.json'), 'utf8')) as Record<string, string>;
    const links = (s: string) => [...s.matchAll(/`#([^#\s`]+)#`/g)].map((m) => m[1]!);
    // `pkg` has its %key% strings filled in already: the keys, to look up the German, are in the file.
    const raw = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration as typeof sections;
    let linked = 0;
    for (const c of raw) {
      for (const [key, p] of Object.entries(c.properties)) {
        const nlsKey = (p.markdownDescription ?? p.description ?? '').replace(/^%|%$/g, '');
        for (const [lang, strings] of [['en', nls], ['de', de]] as const) {
          const text = strings[nlsKey] ?? '';
          for (const target of links(text)) {
            assert.ok(keys.has(target), `${key} (${lang}) links ${target}, which is no setting`);
            assert.ok(p.markdownDescription, `${key}: a link shows as a link only in a markdownDescription`);
            linked++;
          }
          // The name a person reads in the Settings editor, written out instead of linked (walk 38: "when Include Pg Variables is on").
          for (const other of keys) {
            const title = other.split('.').pop()!.replace(/([A-Z])/g, ' $1').replace(/^./, (ch) => ch.toUpperCase());
            if (other !== key && title.includes(' ') && text.includes(title)) assert.fail(`${key} (${lang}) names "${title}": link it as \`#${other}#\``);
          }
        }
        assert.deepStrictEqual(links(de[nlsKey] ?? '').sort(), links(nls[nlsKey] ?? '').sort(), `${key}: German links the same settings`);
      }
    }
    assert.ok(linked >= 3, `${linked} links`);
  });
});

describe('package.json: workspace trust and virtual workspaces', () => {
  it('supports Restricted Mode in part, saying what is limited', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.strictEqual(u.supported, 'limited');
    assert.match(u.description, /trust/i);
  });

  it('every resource-scoped setting (they steer what is written into the folder) is a restricted configuration', () => {
    const props: Record<string, { scope?: string }> = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties));
    const resource = Object.keys(props).filter((k) => ['resource', 'language-overridable', 'machine-overridable', 'window', undefined].includes(props[k]!.scope)).sort();
    assert.ok(resource.includes('neonExplorer.envFile'));
    assert.deepStrictEqual([...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), resource);
  });

  it('supports virtual workspaces in part, and hides every workspace write there, in the palette and in menus', () => {
    assert.strictEqual(pkg.capabilities.virtualWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.virtualWorkspaces.description, /virtual workspace/);
    assert.ok(WORKSPACE_WRITERS.includes('neonExplorer.saveConnectionToEnv'));
    const virtual = { 'neonExplorer.accountCount': 1, virtualWorkspace: 'vscode-vfs', workspaceFolderCount: 1 };
    const listed = paletteCommands(virtual);
    assert.deepStrictEqual(WORKSPACE_WRITERS.filter((id) => listed.includes(id)), [], 'in the palette of a virtual workspace');
    assert.ok(paletteCommands({ ...virtual, virtualWorkspace: '' }).includes('neonExplorer.saveConnectionToEnv'), 'on disk it is offered');
    const menus: Record<string, { command: string; when?: string }[]> = pkg.contributes.menus;
    const unguarded = Object.entries(menus).flatMap(([menu, items]) =>
      items.filter((m) => WORKSPACE_WRITERS.includes(m.command) && !/!virtualWorkspace|^false$/.test(m.when ?? '')).map((m) => `${menu}: ${m.command}`),
    );
    assert.deepStrictEqual(unguarded, []);
  });
});

describe('package.json: the command palette', () => {
  it('activates after startup (no network I/O), so neonExplorer.accountCount is set before the palette is opened', () => {
    // Without it, a person with accounts who has not opened the Neon view would see only Add Key.
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
  });

  it('a schema diff tab restored after a reload activates the extension (its neon-schema: file system)', () => {
    assert.ok(pkg.activationEvents.includes('onFileSystem:neon-schema'));
  });

  it('the welcome view (Add Neon API Key) shows only once the extension has said there is no account, not while its host is starting', () => {
    const welcome = (pkg.contributes.viewsWelcome as { view: string; when: string }[]).filter((w) => w.view === 'neonExplorer.accounts');
    assert.strictEqual(welcome.length, 1);
    assert.strictEqual(evaluateWhen(welcome[0]!.when, {}), false, 'no context key set yet (after a reload, before activation)');
    assert.strictEqual(evaluateWhen(welcome[0]!.when, { 'neonExplorer.accountCount': 0 }), true, 'no account');
    assert.strictEqual(evaluateWhen(welcome[0]!.when, { 'neonExplorer.accountCount': 2 }), false, 'accounts');
    const store = fs.readFileSync(path.join(ROOT, 'src', 'accounts', 'store.ts'), 'utf8');
    assert.ok(store.includes("'setContext', 'neonExplorer.accountCount', this.accounts.length"), 'store.ts sets the key the welcome view reads');
  });

  it('before any account exists it offers only Add Neon API Key, Get Started, Open Settings and Show Log', () => {
    const first = ['neonExplorer.addAccount', 'neonExplorer.openSettings', 'neonExplorer.openWalkthrough', 'neonExplorer.showLog'];
    assert.deepStrictEqual(paletteCommands({ 'neonExplorer.accountCount': 0, workspaceFolderCount: 1 }).sort(), first);
    // Before activation the key is not set: nothing that needs an account is offered either.
    assert.deepStrictEqual(paletteCommands({ workspaceFolderCount: 1 }).sort(), first);
    // One key says whether there are accounts (a second, boolean one was set alongside once).
    assert.doesNotMatch(JSON.stringify(pkg.contributes), /neonExplorer\.hasAccounts/);
  });

  it('the id the walkthrough and settings commands open is publisher.name', () => {
    const help = fs.readFileSync(path.join(ROOT, 'src', 'commands', 'help.ts'), 'utf8');
    // The extension's id is the running one's (context.extension.id, publisher.name); the walkthrough's is package.json's.
    assert.ok(help.includes('s.context.extension.id'), 'help.ts opens them under the running extension\'s id');
    const walkthroughs = (pkg.contributes.walkthroughs as { id: string }[]).map((w) => w.id);
    assert.ok(help.includes(`export const WALKTHROUGH = '${walkthroughs[0]}';`), `WALKTHROUGH in src/commands/help.ts is ${walkthroughs[0]}`);
  });

  it('with an account it offers every command that can ask for what it acts on, and no node-only one', () => {
    const listed = paletteCommands({ 'neonExplorer.accountCount': 1, workspaceFolderCount: 1, 'neonExplorer.hasLinkedFolder': true });
    const all = commands.map((c) => c.command);
    // Stop Loading while something loads, Clear Project Filter while a filter is set (both below).
    const expected = all.filter((id) => !NODE_ONLY.includes(id) && id !== 'neonExplorer.stopLoading' && id !== 'neonExplorer.clearProjectFilter');
    assert.deepStrictEqual(listed.sort(), expected.sort());
    // A linked folder's own commands wait for a link; Link itself does not.
    const unlinked = paletteCommands({ 'neonExplorer.accountCount': 1, workspaceFolderCount: 1, 'neonExplorer.hasLinkedFolder': false });
    assert.deepStrictEqual(
      listed.filter((id) => !unlinked.includes(id)).sort(),
      ['neonExplorer.cleanUpBranches', 'neonExplorer.git.copyEnvUrl', 'neonExplorer.git.followGitBranch', 'neonExplorer.git.statusMenu', 'neonExplorer.git.switchEnvBranch', 'neonExplorer.unlinkFolder'],
    );
    assert.ok(paletteCommands({ 'neonExplorer.accountCount': 1, 'neonExplorer.loading': true }).includes('neonExplorer.stopLoading'), 'Stop Loading while loading');
    assert.ok(paletteCommands({ 'neonExplorer.accountCount': 1, 'neonExplorer.projectFilterSet': true }).includes('neonExplorer.clearProjectFilter'), 'Clear Project Filter while a filter is set');
    const provider = fs.readFileSync(path.join(ROOT, 'src', 'tree', 'provider.ts'), 'utf8');
    assert.ok(provider.includes("FILTER_CONTEXT = 'neonExplorer.projectFilterSet'") && provider.includes("'setContext', FILTER_CONTEXT"), 'provider.ts sets the key the palette reads');
  });

  it('every palette entry names a contributed command, once', () => {
    const ids = palette.map((e) => e.command);
    assert.deepStrictEqual(ids.filter((id) => !commands.some((c) => c.command === id)), []);
    assert.deepStrictEqual(ids.filter((id, n) => ids.indexOf(id) !== n), []);
  });

  it('the evaluator reads what it is given (and refuses what it cannot read)', () => {
    assert.strictEqual(evaluateWhen('a && !b', { a: true, b: false }), true);
    assert.strictEqual(evaluateWhen('a && (b || c)', { a: true, b: false, c: false }), false);
    assert.strictEqual(evaluateWhen('workspaceFolderCount > 0', { workspaceFolderCount: 0 }), false);
    assert.strictEqual(evaluateWhen("x == 'y'", { x: 'y' }), true);
    assert.strictEqual(evaluateWhen('viewItem =~ /^a(;|$)/', { viewItem: 'a;b' }), true);
    assert.strictEqual(evaluateWhen('viewItem =~ /^a(;|$)/ && x', { viewItem: 'ab', x: true }), false);
    assert.throws(() => evaluateWhen('viewItem =~ /^a/', {}));
    assert.throws(() => evaluateWhen('viewItem =~ a', { viewItem: 'a' }));
  });

  // The tree's menus, for the context values the nodes set (src/tree/*Node.ts).
  const itemMenus: { command: string; when?: string; group?: string }[] = pkg.contributes.menus['view/item/context'];
  const offered = (viewItem: string, inline: boolean) =>
    itemMenus.filter((m) => (m.group ?? '').startsWith('inline') === inline && evaluateWhen(m.when ?? 'true', { view: 'neonExplorer.accounts', viewItem })).map((m) => m.command);

  it('Clean Up Branches… is on a project row and in the view\'s "…" menu once a folder is linked, as on the palette (docs/git-branches.md, Lifecycle)', () => {
    const linked = { view: 'neonExplorer.accounts', workspaceFolderCount: 1, 'neonExplorer.accountCount': 1, 'neonExplorer.hasLinkedFolder': true };
    const rowMenu = (viewItem: string, ctx: Context) => itemMenus.filter((m) => m.command === 'neonExplorer.cleanUpBranches' && evaluateWhen(m.when ?? 'true', { ...ctx, viewItem }));
    for (const viewItem of ['project', 'project;admin', 'project;shared', 'project;admin;free']) {
      assert.deepStrictEqual(rowMenu(viewItem, linked).map((m) => m.group), ['5_git@2'], viewItem);
      assert.deepStrictEqual(rowMenu(viewItem, { ...linked, 'neonExplorer.hasLinkedFolder': false }), [], `${viewItem}, no folder linked`);
    }
    for (const viewItem of ['branch', 'account', 'org;admin', 'database']) assert.deepStrictEqual(rowMenu(viewItem, linked), [], viewItem);
    const titleMenus: { command: string; when?: string; group?: string }[] = pkg.contributes.menus['view/title'];
    const inTitle = (ctx: Context) => titleMenus.filter((m) => m.command === 'neonExplorer.view.cleanUpBranches' && evaluateWhen(m.when ?? 'true', ctx)).map((m) => m.group);
    assert.deepStrictEqual(inTitle(linked), ['2_folder@2'], 'beside Link Folder in the "…" menu');
    assert.deepStrictEqual(inTitle({ ...linked, 'neonExplorer.hasLinkedFolder': false }), []);
    assert.deepStrictEqual(inTitle({ ...linked, view: 'explorer' }), []);
  });

  it('the org folders offer creating and inviting only where you manage the organization (not to an organization key, which Neon refuses)', () => {
    for (const inline of [false, true]) {
      assert.ok(offered('folder;apiKeys;manage', inline).includes('neonExplorer.createOrgApiKey'), `an admin's API Keys folder (inline ${inline})`);
      assert.ok(!offered('folder;apiKeys', inline).includes('neonExplorer.createOrgApiKey'), `an organization key's API Keys folder (inline ${inline})`);
      for (const folder of ['members', 'invitations']) {
        assert.ok(offered(`folder;${folder};manage`, inline).includes('neonExplorer.inviteMembers'), folder);
        assert.ok(!offered(`folder;${folder}`, inline).includes('neonExplorer.inviteMembers'), folder);
      }
    }
  });

  it('a role that cannot log in (src/tree/RoleNode.ts: nologin) is offered no password and no connection, inline or in its menu; it can still be deleted and its name copied', () => {
    const connecting = ['revealRolePassword', 'resetRolePassword', 'copyConnectionString', 'saveConnectionToEnv', 'testConnection', 'openPsql'].map((c) => `neonExplorer.${c}`);
    const all = (viewItem: string) => [...offered(viewItem, false), ...offered(viewItem, true)];
    for (const c of connecting) assert.ok(all('role').includes(c), `a login role offers ${c}`);
    for (const viewItem of ['role;nologin', 'role;owner;nologin']) {
      assert.deepStrictEqual(all(viewItem).filter((c) => connecting.includes(c)), [], viewItem);
    }
    assert.ok(offered('role;nologin', false).includes('neonExplorer.deleteRole') && offered('role;nologin', false).includes('neonExplorer.copyName'));
  });
});

describe('package.json: the walkthrough', () => {
  const walkthroughs = pkg.contributes.walkthroughs as {
    id: string;
    title: string;
    description: string;
    steps: { id: string; title: string; description: string; media: { svg?: string; altText: string }; completionEvents: string[]; when?: string }[];
  }[];

  it('walks from a key to consumption in five steps, each ticked by a context key the extension sets once its button\'s work is done, never by a bare run of a command', () => {
    assert.strictEqual(walkthroughs.length, 1);
    const [w] = walkthroughs;
    assert.deepStrictEqual(w!.steps.map((s) => s.id), ['addKey', 'explore', 'saveEnv', 'linkFolder', 'consumption']);
    // walkthroughProgress.ts: the commands whose run that ends well sets a step's key.
    const progress = fs.readFileSync(path.join(ROOT, 'src', 'walkthroughProgress.ts'), 'utf8');
    const commandSteps = new Map([...progress.matchAll(/'(neonExplorer\.\w+)': '(neonExplorer\.walkthrough\.\w+)'/g)].map((m) => [m[1]!, m[2]!]));
    for (const s of w!.steps) {
      const links = [...s.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)\s]+))?\)/g)];
      assert.strictEqual(links.length, 1, `${s.id}: one button`);
      // A button whose command runs in the extension host first moves the keyboard focus to the Neon
      // view in the window itself (runCommands): Enter's keyup, arriving before the command's box,
      // would otherwise re-select the step, whose focus VS Code restores 250 ms later, taking it
      // from the box (walk 36). The view's own focus command runs in the window already.
      const [, command, query] = links[0]!;
      let buttons = [command!];
      if (command === 'runCommands') {
        const commands = (JSON.parse(decodeURIComponent(query!)) as { commands: string[] }).commands;
        assert.strictEqual(commands[0], 'neonExplorer.accounts.focus', `${s.id}: the focus moves to the view first`);
        assert.strictEqual(commands.length, 2, `${s.id}: then the step's command`);
        buttons = [commands[1]!];
      } else assert.strictEqual(command, 'neonExplorer.accounts.focus', `${s.id}: an extension command is run after the view's focus (runCommands)`);
      // VS Code ticks an onCommand: step on any run, failed or cancelled (walk 29 saw all five ticked with no account).
      assert.deepStrictEqual(s.completionEvents.filter((e) => e.startsWith('onCommand:')), [], `${s.id}: no onCommand: event`);
      const keys = s.completionEvents.filter((e) => e.startsWith('onContext:')).map((e) => e.slice('onContext:'.length));
      assert.strictEqual(keys.length, 1, `${s.id}: one context key`);
      if (s.id === 'addKey') assert.strictEqual(keys[0], 'neonExplorer.walkthrough.keyAdded');
      else if (s.id === 'explore') assert.ok(s.completionEvents.includes(`onView:${buttons[0]!.replace(/\.focus$/, '')}`), `${s.id}: ${buttons[0]}`);
      else assert.strictEqual(commandSteps.get(buttons[0]!), keys[0], `${s.id}: ${buttons[0]} sets ${keys[0]} when it ends well`);
    }
    const link = w!.steps.find((s) => s.id === 'linkFolder')!;
    assert.match(link.when ?? '', /!virtualWorkspace/);
  });

  it('its images are SVGs in media/ that take their colours from the theme', () => {
    for (const s of walkthroughs[0]!.steps) {
      assert.ok(s.media.svg, `${s.id}: an svg`);
      assert.ok(s.media.altText.length > 10, `${s.id}: alt text`);
      const svg = fs.readFileSync(path.join(ROOT, s.media.svg!), 'utf8');
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>\s*<title>[^<]+<\/title>/, `${s.media.svg}: a <title> first, its accessible name`);
      assert.match(svg, /var\(--vscode-foreground\)/);
      const fixed = svg.match(/(fill|stroke)\s*[:=]\s*"?#[0-9a-f]{3,6}/gi) ?? [];
      assert.deepStrictEqual(fixed, [], `${s.media.svg}: no fixed colours`);
    }
  });

  it("its images colour every shape with attributes, as the walkthrough's CSP refuses <style> and style=\"\"", () => {
    // VS Code puts a step's SVG inline in a webview whose CSP is `style-src 'nonce-…'`: a <style>
    // element or a style attribute in the file is dropped, and a shape left without a fill
    // attribute is drawn black. Presentation attributes are not styles, so var(--vscode-…) in
    // them follows the theme (as VS Code's own walkthrough SVGs do).
    for (const s of walkthroughs[0]!.steps) {
      const file = s.media.svg!;
      const svg = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      assert.doesNotMatch(svg, /<style[\s>]/, `${file}: no <style> element`);
      assert.doesNotMatch(svg, /\sstyle\s*=/, `${file}: no style attribute`);
      assert.doesNotMatch(svg, /\sclass\s*=/, `${file}: no class (no stylesheet would reach it)`);
      const shapes = [...svg.matchAll(/<(rect|circle|ellipse|line|polyline|polygon|path|text)\b([^>]*)>/g)];
      assert.ok(shapes.length > 3, `${file}: draws something`);
      for (const [tag, , attrs] of shapes) {
        const fill = /\sfill="([^"]*)"/.exec(attrs!)?.[1];
        const stroke = /\sstroke="([^"]*)"/.exec(attrs!)?.[1];
        assert.ok(fill === 'none' || fill?.startsWith('var(--vscode-'), `${file}: ${tag} has a theme fill or fill="none"`);
        if (fill === 'none') assert.ok(stroke?.startsWith('var(--vscode-'), `${file}: ${tag} without fill has a theme stroke`);
      }
    }
  });
});

describe('package.json: F2 and Delete in the Neon view', () => {
  const VIEW = 'neonExplorer.accounts';
  const bindings: { command: string; key: string; when: string; args?: unknown }[] = pkg.contributes.keybindings ?? [];
  const inTree = { focusedView: VIEW, listFocus: true, inputFocus: false, isMac: false };

  it('F2 renames and Delete (Cmd+Backspace on a Mac too) deletes the focused row, only while the Neon tree has the focus and no input box does', () => {
    const bound = (key: string, ctx: Context) => bindings.filter((b) => b.key === key && evaluateWhen(b.when, ctx)).map((b) => b.command);
    assert.deepStrictEqual(bound('f2', inTree), ['neonExplorer.renameFocused']);
    assert.deepStrictEqual(bound('delete', inTree), ['neonExplorer.deleteFocused']);
    // One binding: Delete, and Cmd+Backspace on a Mac ("mac"), as VS Code's Explorer binds them.
    // A key with an isMac clause was listed as "Super + Backspace … false" elsewhere (walk 38).
    const deletes = bindings.filter((b) => b.command === 'neonExplorer.deleteFocused');
    assert.deepStrictEqual(deletes.map((b) => [b.key, (b as { mac?: string }).mac]), [['delete', 'cmd+backspace']]);
    for (const b of bindings) assert.doesNotMatch(b.when, /isMac|isLinux|isWindows/, `${b.command}: the platform is said by "mac", not by the when clause`);
    for (const key of ['f2', 'delete']) {
      for (const elsewhere of [{ focusedView: 'workbench.explorer.fileView' }, { focusedView: '' }, { inputFocus: true }, { listFocus: false }]) {
        assert.deepStrictEqual(bound(key, { ...inTree, isMac: true, ...elsewhere }), [], `${key} with ${JSON.stringify(elsewhere)}`);
      }
    }
    // The args ask VS Code for the focused row (a keybinding passes none): the view is ours.
    assert.ok((pkg.contributes.views.neonExplorer as { id: string }[]).some((v) => v.id === VIEW));
    for (const b of bindings) assert.deepStrictEqual(b.args, { $treeViewId: VIEW, $focusedTreeItem: true }, b.key);
  });

  it('each key runs, on every kind of row, the Rename…/Delete… its context menu offers there, and nothing where it offers none', () => {
    const FLAGS: Record<string, string[]> = {
      account: ['rejected'],
      org: ['admin', 'roleunknown', 'filtered', 'free'],
      folder: ['members', 'invitations', 'apiKeys', 'databases', 'shared', 'personal', 'manage'],
      project: ['admin', 'shared', 'free'],
      branch: ['default', 'protected', 'parent', 'child', 'expiring', 'nocompute'],
      role: ['protected', 'owner', 'nocompute'],
      database: ['child', 'nocompute'],
      member: ['admin', 'self', 'manage'],
      invitation: [],
      orgApiKey: [],
      empty: [], error: [], loadMore: [], stopped: [], unavailable: [],
    };
    // What each key means, read from the titles: "Rename …", and "Delete …", "Remove …", "Revoke …".
    const titled = (re: RegExp) => new Set(commands.filter((c) => re.test(c.title) && !/Focused/.test(c.command)).map((c) => c.command));
    const meaning: Record<RowAction, Set<string>> = { rename: titled(/^Rename /), delete: titled(/^(Delete|Remove|Revoke) /) };
    assert.ok(meaning.delete.has('neonExplorer.revokeOrgApiKey') && meaning.delete.has('neonExplorer.removeMember') && meaning.rename.has('neonExplorer.renameBranch'));
    const menu: { command: string; when: string }[] = pkg.contributes.menus['view/item/context'];
    let checked = 0;
    for (const [kind, flags] of Object.entries(FLAGS)) {
      for (let mask = 0; mask < 1 << flags.length; mask++) {
        const viewItem = [kind, ...flags.filter((_f, i) => mask & (1 << i))].join(';');
        const ctx = { view: VIEW, viewItem, workspaceFolderCount: 1 };
        for (const action of ['rename', 'delete'] as const) {
          const offered = [...new Set(menu.filter((m) => meaning[action].has(m.command) && evaluateWhen(m.when, ctx)).map((m) => m.command))];
          assert.deepStrictEqual(offeredCommand(action, viewItem) === undefined ? [] : [offeredCommand(action, viewItem)], offered, `${action} on ${viewItem}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 300, `${checked} rows checked`);
  });
});

describe('package.json: command titles and the view\'s title menu', () => {
  const titleOf = (id: string) => commands.find((c) => c.command === id)!.title;
  // Run from the palette these act at once (Clear Project Filter, Follow and Copy ask only when
  // several filters or linked folders leave a choice): no "…". Every other palette command asks
  // something first (the account, project, branch, a name): "…", as VS Code's guidelines ask.
  const ACT_AT_ONCE = ['neonExplorer.refresh', 'neonExplorer.stopLoading', 'neonExplorer.showLog', 'neonExplorer.openWalkthrough', 'neonExplorer.openSettings', 'neonExplorer.clearProjectFilter', 'neonExplorer.git.followGitBranch', 'neonExplorer.git.copyEnvUrl'];

  it('a command that asks before it acts ends with "…" (walk 38: Show Consumption asked for an organization), one that acts at once does not', () => {
    const listed = paletteCommands({ 'neonExplorer.accountCount': 1, workspaceFolderCount: 1, 'neonExplorer.hasLinkedFolder': true, 'neonExplorer.loading': true, 'neonExplorer.projectFilterSet': true });
    for (const id of ACT_AT_ONCE) assert.ok(listed.includes(id), `${id} is on the palette`);
    const asking = listed.filter((id) => !ACT_AT_ONCE.includes(id));
    assert.deepStrictEqual(asking.filter((id) => !titleOf(id).endsWith('…')).map(titleOf), [], 'ask first, without "…"');
    assert.deepStrictEqual(ACT_AT_ONCE.filter((id) => titleOf(id).endsWith('…')).map(titleOf), [], 'act at once, with "…"');
    for (const id of ['neonExplorer.showConsumption', 'neonExplorer.showOrgDetails', 'neonExplorer.compareSchemaWithParent', 'neonExplorer.openInConsole']) assert.ok(asking.includes(id), id);
  });

  it('titles say what they act on outside the tree, and do not repeat the category "Neon"', () => {
    assert.deepStrictEqual(
      ['setBranchExpiration', 'resetRolePassword', 'revealRolePassword', 'revokeOrgApiKey', 'resetBranchFromParent', 'restoreToPointInTime', 'git.statusMenu'].map((id) => titleOf(`neonExplorer.${id}`)),
      ['Set Branch Expiration…', 'Reset Role Password…', 'Copy or Save Role Password…', 'Revoke Organization API Key…', 'Reset Branch from Parent…', 'Restore Branch to a Point in Time…', 'Branch Actions…'],
    );
    for (const c of commands) {
      assert.strictEqual(c.category, 'Neon', c.command);
      assert.doesNotMatch(c.title, /^Neon /, `${c.command}: "Neon: Neon …" in the palette`);
    }
  });

  it('the view\'s "…" menu never runs a command on the focused row VS Code passes it: those that take a row have ids of their own that ask', () => {
    const titleMenus: { command: string; when?: string }[] = pkg.contributes.menus['view/title'];
    // VS Code passes a view/title command the tree's focused row (`$focusedTreeItem`): walk 38's
    // Link Folder took the selected project and went straight to its role.
    const TAKE_A_ROW = ['neonExplorer.showConsumption', 'neonExplorer.linkFolder', 'neonExplorer.cleanUpBranches'];
    const ids = titleMenus.map((m) => m.command);
    for (const id of TAKE_A_ROW) {
      const alias = id.replace('neonExplorer.', 'neonExplorer.view.');
      assert.ok(!ids.includes(id) && ids.includes(alias), `${id} in the title menu as ${alias}`);
      assert.strictEqual(titleOf(alias), titleOf(id), `${alias} is called as ${id} is`);
    }
    const ignoresRow = ['neonExplorer.addAccount', 'neonExplorer.stopLoading', 'neonExplorer.refresh', 'neonExplorer.openWalkthrough', 'neonExplorer.openSettings', 'neonExplorer.showLog'];
    assert.deepStrictEqual(ids.filter((id) => !id.startsWith('neonExplorer.view.') && !ignoresRow.includes(id)), [], 'another title command: does it act on the focused row?');
    const handlers = ['consumption.ts', 'link.ts', 'cleanup.ts'].map((f) => fs.readFileSync(path.join(ROOT, 'src', 'commands', f), 'utf8')).join('\n');
    for (const name of ['viewShowConsumption', 'viewLinkFolder', 'viewCleanUpBranches']) {
      assert.match(handlers, new RegExp(`id: CommandIds\\.${name}, action: [^\\n]*run: \\(s\\) => \\w+\\(s\\) \\}`), `${name} drops the row it is given`);
    }
  });

  it('Refresh All is in the view\'s title only once there is an account (the welcome view has nothing to refresh)', () => {
    const titleMenus: { command: string; when?: string }[] = pkg.contributes.menus['view/title'];
    const refresh = (ctx: Context) => titleMenus.filter((m) => m.command === 'neonExplorer.refresh' && evaluateWhen(m.when ?? 'true', { view: 'neonExplorer.accounts', ...ctx }));
    assert.strictEqual(refresh({ 'neonExplorer.accountCount': 0 }).length, 0);
    assert.strictEqual(refresh({ 'neonExplorer.accountCount': 1 }).length, 1);
    const store = fs.readFileSync(path.join(ROOT, 'src', 'accounts', 'store.ts'), 'utf8');
    assert.match(store, /'setContext', 'neonExplorer\.accountCount'/, 'the extension sets the key the menu reads');
  });
});
