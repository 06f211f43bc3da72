#!/usr/bin/env node
// `npm run docs:figures`: every generated block of the README and docs/, from the files that hold
// the facts, so no figure or list is copied by hand:
//   README.md           <!-- commands:* -->  package.json contributes.commands and menus
//                       <!-- settings:* -->  package.json contributes.configuration
//                       <!-- vsix:* -->      test-results/package.json (written by `npm run test:package`)
//   docs/reliability.md <!-- faults:* -->    test-results/faults.json (written by `npm run test:faults`)
//                       <!-- desk:* -->      test-results/reliability.json (scripts/reliability-readme.js)
// Each test record a page was written from is kept in docs/records/ (test-results/ is not committed).
// The Performance table (docs/performance.md, <!-- bench:* -->) is written by `npm run bench -- --readme`.
// A block whose source file is missing is left as it is, and the script says so.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const rel = (p) => path.relative(ROOT, p);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nlsFile = path.join(ROOT, 'package.nls.json');
const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
/** A manifest string, `%key%` resolved through package.nls.json. */
const text = (s) => (typeof s === 'string' ? s.replace(/^%([^%]+)%$/, (m, k) => nls[k] ?? m) : s);
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\r?\n+/g, ' ');
const n = (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : '—');

/** test-results/ is not committed: the record a page was written from is kept in docs/records/. */
function keepRecord(name) {
  const from = path.join(ROOT, 'test-results', name);
  const to = path.join(ROOT, 'docs', 'records', name);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  return rel(to);
}

/** Replaces what lies between `<!-- name:start -->` and `<!-- name:end -->` in `file`. */
function writeBlock(file, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const doc = fs.readFileSync(file, 'utf8');
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${rel(file)} needs the markers ${start} and ${end}`);
  fs.writeFileSync(file, `${doc.slice(0, a + start.length)}\n${body.trim()}\n${doc.slice(b)}`);
  console.log(`${rel(file)}: ${name} written`);
}

// ---- Commands, grouped by what they act on ----------------------------------------------------

const GROUPS = [
  ['Accounts', /^(addAccount|renameAccount|updateAccountKey|removeAccount)$/],
  ['Organizations and members', /^(showOrgDetails|changeMemberRole|removeMember|inviteMembers|createOrgApiKey|revokeOrgApiKey|copyEmail)$/],
  ['Projects', /^(createProject|renameProject|deleteProject|transferProject|transferProjectsHere|shareProject|manageGuests|filterProjects|clearProjectFilter|showConsumption)$/],
  ['Branches', /^(createBranch|deleteBranch|resetBranchFromParent|restoreToPointInTime|setBranchExpiration|renameBranch|setDefaultBranch|compareSchemaWithParent|compareSchemaWithBranch)$/],
  ['Roles and databases', /^(createRole|resetRolePassword|revealRolePassword|deleteRole|createDatabase|deleteDatabase)$/],
  ['Connecting', /^(copyConnectionString|saveConnectionToEnv|testConnection|openPsql)$/],
  ['Git branches (a linked folder)', /^(linkFolder|unlinkFolder|cleanUpBranches|git\..*)$/],
  ['The view', /.*/],
];

function commandsBlock() {
  const palette = new Map((pkg.contributes.menus?.commandPalette ?? []).map((m) => [m.command, m.when]));
  const itemMenus = new Set((pkg.contributes.menus?.['view/item/context'] ?? []).map((m) => m.command));
  // neonExplorer.view.X is X as the view's "…" menu runs it (without the focused row): X's "view title".
  const titleMenus = new Set((pkg.contributes.menus?.['view/title'] ?? []).map((m) => m.command.replace(/^neonExplorer\.view\./, 'neonExplorer.')));
  const groups = new Map(GROUPS.map(([g]) => [g, []]));
  const commands = pkg.contributes.commands.filter((c) => !c.command.startsWith('neonExplorer.view.'));
  for (const c of commands) {
    const id = c.command.replace(/^neonExplorer\./, '');
    const [group] = GROUPS.find(([, re]) => re.test(id));
    const where = [];
    if (palette.get(c.command) !== 'false') where.push('palette');
    if (itemMenus.has(c.command)) where.push('tree menu');
    if (titleMenus.has(c.command)) where.push('view title');
    // A key in the tree (F2, Delete): its key names it, as VS Code's Keyboard Shortcuts shows it.
    const keys = (pkg.contributes.keybindings ?? []).filter((k) => k.command === c.command && !/\bisMac\b/.test(k.when ?? ''));
    for (const k of keys) where.push(`${k.key.replace(/\b[a-z]/g, (ch) => ch.toUpperCase())} in the tree`);
    groups.get(group).push(`| ${cell(`${text(c.category) ? `${text(c.category)}: ` : ''}${text(c.title)}`)} | ${where.join(', ') || 'its own row in the tree'} |`);
  }
  const out = [`Generated by \`npm run docs:figures\` from \`package.json\` (${commands.length} commands). "Palette" commands that need an account appear there once one is added.`, ''];
  for (const [group, rows] of groups) {
    if (!rows.length) continue;
    out.push(`**${group}**`, '', '| Command | Where |', '|---|---|', ...rows, '');
  }
  return out.join('\n');
}

// ---- Settings -------------------------------------------------------------------------------

function settingsBlock() {
  // Sections (Accounts & API, .env File, …) in their order, each setting in its own.
  const props = Object.assign({}, ...[].concat(pkg.contributes.configuration ?? []).map((c) => c.properties));
  const restricted = new Set(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const fmt = (v) => (v === undefined ? '—' : `\`${JSON.stringify(v)}\``);
  // An object's default as one JSON string cannot wrap: it made the table 2,230 px wide on VS Code's
  // extension page (walk 38). Its first two values go in the Default column, every key and value
  // after the description, each its own code span so the line can break between them.
  const shortDefault = (v) => {
    const values = Object.values(v);
    return `${values.slice(0, 2).map((x) => `\`${x}\``).join(', ')}${values.length > 2 ? `, … (${values.length} names: see What it does)` : ''}`;
  };
  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  // The Settings editor turns `#key#` into a link to that setting; here it is the key in code.
  const settingLinks = (s) => s.replace(/`#([^#\s`]+)#`/g, '`$1`');
  const rows = Object.entries(props).map(([key, p]) => {
    let what = settingLinks(text(p.markdownDescription ?? p.description ?? ''));
    if (p.enum) what += ` One of ${p.enum.map((e) => `\`${e}\``).join(', ')}.`;
    if (isObject(p.default)) what += ` Default: ${Object.entries(p.default).map(([k, v]) => `${k} \`${v}\``).join(', ')}.`;
    if (restricted.has(key)) what += ' In Restricted Mode only your user setting counts.';
    return `| \`${key}\` | ${cell(isObject(p.default) ? shortDefault(p.default) : fmt(p.default))} | ${cell(what)} |`;
  });
  return [`Generated by \`npm run docs:figures\` from \`package.json\` (${rows.length} settings).`, '', '| Setting | Default | What it does |', '|---|---|---|', ...rows].join('\n');
}

// ---- The .vsix --------------------------------------------------------------------------------

function vsixBlock() {
  // Written by `npm run test:package` (test/package/vsix.test.ts), which packages a staging copy.
  const file = path.join(ROOT, 'test-results', 'package.json');
  if (!fs.existsSync(file)) return undefined;
  const rec = JSON.parse(fs.readFileSync(file, 'utf8'));
  const kept = keepRecord('package.json');
  const entries = (rec.files ?? []).filter((f) => f.name.startsWith('extension/'));
  const when = fs.statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ');
  return `The \`.vsix\` is ${n(Math.round(rec.bytes / 1024))} KiB (${n(Math.round(rec.unpackedBytes / 1024))} KiB unpacked) and holds ${n(entries.length)} files of the extension (written by \`npm run docs:figures\` from the record of \`npm run test:package\` of ${when} UTC, kept as [\`${kept}\`](${kept}); the record lists every file).`;
}

// ---- The fault run --------------------------------------------------------------------------

function faultsBlock() {
  const file = path.join(ROOT, 'test-results', 'faults.json');
  if (!fs.existsSync(file)) return undefined;
  const f = JSON.parse(fs.readFileSync(file, 'utf8'));
  const kept = keepRecord('faults.json').replace(/^docs\//, ''); // the link is relative to docs/
  const when = fs.statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ');
  const share = (k) => (f.requests ? ` (${((100 * k) / f.requests).toFixed(1)} %)` : '');
  const names = { '5xx': '5xx answers', drop: 'dropped connections', malformed: 'malformed bodies', spike: 'answers 2 s late', 429: '429s in bursts' };
  const faults = Object.entries(f.faults ?? {}).sort().map(([k, v]) => `${n(v)} ${names[k] ?? k}${share(v)}`).join(', ') || 'none';
  // The success floor's record (test/integration/faults, written into test-results/reliability.json).
  const relFile = path.join(ROOT, 'test-results', 'reliability.json');
  const chaos = fs.existsSync(relFile) ? JSON.parse(fs.readFileSync(relFile, 'utf8')).faults : undefined;
  const failed = chaos ? Object.entries(chaos.failedUnderChaos ?? {}).map(([c, k]) => `${c} ×${k}`).join(', ') : '';
  const rows = [
    ...(chaos
      ? [['Commands that did their work under the chaos profile (the run fails below its floor)', `${n(chaos.succeededUnderChaos)} of ${n(chaos.commandsUnderChaos)} (${(100 * chaos.successRateUnderChaos).toFixed(1)} %; floor ${Math.round(100 * chaos.successFloor)} %)${failed ? `; ended in a sentence: ${failed}` : ''}`]]
      : []),
    ['Requests served under faults', `${n(f.requests)} by ${n(f.emulators)} emulator(s); faults injected: ${faults}`],
    ['Retries the client made', n(f.retries)],
    ['Commands run', `${n(f.commandsRun)}: ${n(f.commandsSucceeded)} did their work, ${n(f.errorSentences)} ended in a "Couldn't …" sentence with the request id`],
    ['Tree under faults', `${n(f.treeLoads)} levels loaded, ${n(f.treeNodes)} nodes, ${n(f.errorNodes)} error nodes (each retried to data)`],
    ['Creates', `${n(f.creates)}, of which ${n(f.createsUnsure)} ended in an error sentence; objects created twice: the run fails on any`],
    ['Secrets found in what was shown or logged', f.secretsFound === undefined ? '—' : `${n(f.secretsFound)} (of ${n(f.secretsChecked)} keys and passwords checked)`],
    ['Unhandled rejections from the extension', `${n((f.unhandled ?? []).length)} in the host; ${n((f.unhandledInLogs ?? []).length)} in ${n(f.logFiles)} extension host log file(s)`],
  ];
  return [
    `Written by \`npm run docs:figures\` from \`test-results/faults.json\` (the fault run of ${when} UTC, \`npm run test:faults\`; kept as [\`${kept}\`](${kept})). Bursts and spikes depend on timing: the figures move a little from run to run.`,
    '',
    '| Check | Figure |',
    '|---|---|',
    ...rows.map(([a, b]) => `| ${cell(a)} | ${cell(b)} |`),
  ].join('\n');
}

/** The text between a page's markers, as it stands. */
function readBlock(file, name) {
  const doc = fs.readFileSync(file, 'utf8');
  const a = doc.indexOf(`<!-- ${name}:start -->`);
  const b = doc.indexOf(`<!-- ${name}:end -->`);
  return a < 0 || b < a ? undefined : doc.slice(a + `<!-- ${name}:start -->`.length, b).trim();
}

function main() {
  const readme = path.join(ROOT, 'README.md');
  const reliability = path.join(ROOT, 'docs', 'reliability.md');
  writeBlock(readme, 'commands', commandsBlock());
  writeBlock(readme, 'settings', settingsBlock());
  const vsix = vsixBlock();
  if (vsix) writeBlock(readme, 'vsix', vsix);
  else console.log('README.md: vsix block left as it is (no test-results/package.json: run npm run test:package first)');
  const faults = faultsBlock();
  if (faults) writeBlock(reliability, 'faults', faults);
  else console.log('docs/reliability.md: faults block left as it is (no test-results/faults.json: run npm run test:faults first)');
  if (fs.existsSync(path.join(ROOT, 'test-results', 'reliability.json'))) {
    require('./reliability-readme.js'); // it keeps its record in docs/records/ too
  }
  else console.log('docs/reliability.md: desk block left as it is (no test-results/reliability.json: run the unit and integration suites first)');
}

module.exports = { commandsBlock, settingsBlock, readBlock };
if (require.main === module) main();
