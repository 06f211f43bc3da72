#!/usr/bin/env node
// `npm run docs:screenshots`: the README's pictures, taken from the running demo rather than by
// hand. Starts `node scripts/demo.js --port N` (the emulator's small seed, a demo account, a real
// VS Code workbench from code-server), drives the workbench in headless Chromium with
// playwright-core at a fixed 1280×800 viewport, and saves PNGs into docs/images/.
//
//   node scripts/screenshots.js [--only tree,menu,consumption,statusbar,walkthrough]
//
// Each shot names what it shows; the README's captions say the same. Nothing here is a test: a
// shot whose subject does not appear fails the script (exit 1) rather than saving a wrong picture.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const { freePort } = require(path.join(ROOT, 'test', 'launcher', 'common.js'));
const OUT = path.join(ROOT, 'docs', 'images');
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'];
// The emulator's small seed (emulator/seed.ts).
const SEED = { account: 'Demo account', org: 'Acme Inc', orgId: 'org-morning-bread-81040908', project: 'acme-web', projectId: 'hidden-cell-76330112', branch: 'main' };

function opt(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const only = (opt('only') || '').split(',').filter(Boolean);
const wanted = (name) => only.length === 0 || only.includes(name);
const log = (msg) => console.log(`[screenshots] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the demo and resolves with its URL once it prints `[demo] Open: URL`. */
function startDemo(port) {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'demo.js'), '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL within 180 s:\n${out.slice(-2000)}`)), 180_000);
    const onData = (c) => {
      out += c;
      const m = /\[demo\] Open: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code ?? signal}) before printing its URL:\n${out.slice(-2000)}`));
    });
  });
  return { child, url };
}

/** Ends the demo we started (its own SIGINT handler stops the emulator and code-server and removes its folder). */
async function stopDemo(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

// ---- Driving the workbench ----------------------------------------------------------------

// A row's aria-label says what it is first ("Account …", "Organization …", "Branch main, default").
const row = (page, label) => page.locator(['', 'Account ', 'Organization ', 'Project ', 'Branch '].map((kind) => `.part.sidebar .monaco-list-row[aria-label^="${kind}${label}"]`).join(', ')).first();

async function expand(page, label) {
  const r = row(page, label);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') {
    await r.locator('.monaco-tl-twistie').click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await r.elementHandle(), { timeout: 15_000 });
  }
  // The children arrive after the API answers (the demo's emulator adds 80 ms a request).
  await page.waitForFunction(() => !document.querySelector('.part.sidebar .monaco-progress-container.active'), undefined, { timeout: 15_000 });
  await sleep(500);
}

/** Runs a command from the palette by its title, as a person would. */
async function palette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await sleep(600);
  const first = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await first.waitFor({ timeout: 10_000 });
  await first.click();
}

/** Picks the quick-pick row whose label starts with `label`. */
async function pick(page, label) {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(label);
  await sleep(500);
  await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Switches the colour theme as a person would: Preferences: Color Theme, then the theme's name. */
async function setTheme(page, theme, cssClass) {
  await palette(page, 'Preferences: Color Theme');
  await pick(page, theme);
  await page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), cssClass, { timeout: 30_000 });
  await sleep(1000);
}

async function closeEditors(page) {
  await palette(page, 'View: Close All Editors');
  await sleep(500);
}

async function quietFocus(page) {
  // Focus leaves the tree (its selection turns quiet), the mouse leaves every hover.
  await page.mouse.click(900, 450);
  await page.mouse.move(1100, 18);
  await sleep(600);
}

async function save(page, name, clip) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  log(`saved ${path.relative(ROOT, file)}`);
}

// ---- The shots ----------------------------------------------------------------------------

async function openTree(page) {
  const icon = page.locator('.activitybar .action-label[aria-label^="Neon Explorer"]').first();
  await icon.waitFor({ timeout: 60_000 });
  if ((await page.locator('.part.sidebar .pane-header[aria-label^="Accounts"]').count()) === 0) await icon.click();
  await row(page, SEED.account).waitFor({ timeout: 60_000 });
  // A wider side bar, so the descriptions are not cut.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar && sidebar.width < 450) {
    const x = sidebar.x + sidebar.width + 1;
    await page.mouse.move(x, 400);
    await page.mouse.down();
    await page.mouse.move(x + 200, 400, { steps: 8 });
    await page.mouse.up();
  }
  for (const label of [SEED.account, SEED.org, SEED.project, SEED.branch]) await expand(page, label);
}

const SHOTS = {
  /** The tree: account → organization → project → branch → roles and databases. */
  async tree(page, theme) {
    await openTree(page);
    await expand(page, 'Databases');
    await quietFocus(page);
    await save(page, `tree-${theme}`);
  },

  /** A branch's context menu. */
  async menu(page) {
    await openTree(page);
    await row(page, SEED.branch).click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu').first();
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    await page.mouse.move(1100, 18);
    await sleep(400);
    await save(page, 'context-menu');
    await page.keyboard.press('Escape');
  },

  /** The consumption chart of an organization. */
  async consumption(page) {
    await openTree(page);
    await row(page, SEED.org).click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: 'Show Consumption' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await item.click();
    const frame = await waitForFrame(page, (f) => f.locator('canvas').count().then((n) => n > 0), 60_000);
    if (!frame) throw new Error('the consumption panel drew no chart within 60 s');
    await sleep(2500);
    await quietFocus(page);
    await save(page, 'consumption');
    await closeEditors(page);
  },

  /** The status bar item of a folder linked to a project (after a switch of .env), and the menu it opens. */
  async statusbar(page) {
    const item = page.locator('.part.statusbar .statusbar-item', { hasText: 'neon:' }).first();
    await item.waitFor({ state: 'visible', timeout: 60_000 });
    if (!/neon: main/.test(await item.innerText())) {
      await item.click();
      await pick(page, 'Switch .env to the Git Branch');
      await page.locator('.part.statusbar .statusbar-item', { hasText: 'neon: main' }).first().waitFor({ timeout: 30_000 });
      await sleep(1500);
      await page.keyboard.press('Escape'); // a toast about the switch, if any
    }
    await item.click();
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 15_000 });
    await page.mouse.move(1100, 18);
    await sleep(800);
    await save(page, 'status-bar');
    await page.keyboard.press('Escape');
  },

  /** The walkthrough, its first step and that step's picture (dark), or the same in a light theme. */
  async walkthrough(page, theme) {
    // The side bar closed, so the steps and their pictures sit side by side.
    const sideBar = await page.locator('.part.sidebar').isVisible();
    if (sideBar) await palette(page, 'View: Close Primary Side Bar');
    await palette(page, 'Welcome: Open Walkthrough');
    await pick(page, 'Get started with Neon Explorer');
    await page.locator('.gettingStartedContainer').first().waitFor({ state: 'visible', timeout: 30_000 });
    // Each step's picture is an SVG drawn inline in a webview whose CSP refuses <style>; its
    // colours are presentation attributes with var(--vscode-…). Drawn means its text has the
    // theme's foreground (a lost colour would be the default black).
    const drawn = (f) => f.evaluate(() => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--vscode-foreground)';
      document.body.append(probe);
      const foreground = getComputedStyle(probe).color;
      probe.remove();
      return [...document.querySelectorAll('svg text')].some((t) => getComputedStyle(t).fill === foreground);
    });
    if (!(await waitForFrame(page, drawn, 30_000))) throw new Error('the walkthrough drew no step picture in theme colours within 30 s');
    await sleep(1500);
    await quietFocus(page);
    await save(page, theme === 'light' ? 'walkthrough-light' : 'walkthrough', { x: 48, y: 35, width: 1232, height: 743 });
    await closeEditors(page);
    if (sideBar) await palette(page, 'View: Toggle Primary Side Bar Visibility');
  },
};

async function waitForFrame(page, test, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (await test(f).catch(() => false)) return f;
    }
    await sleep(500);
  }
  return undefined;
}

async function main() {
  const port = await freePort();
  const demo = startDemo(port);
  let failed = false;
  try {
    const url = await demo.url;
    log(`demo at ${url}`);
    // Link the demo folder to the seed's project (as `neon link` writes it) so the status bar shows.
    const folder = new URL(url).searchParams.get('folder');
    fs.writeFileSync(path.join(folder, '.neon'), `${JSON.stringify({ orgId: SEED.orgId, projectId: SEED.projectId, branch: SEED.branch }, null, 2)}\n`);
    const { chromium } = require('playwright-core');
    const browser = await chromium.launch({ executablePath: process.env.NEON_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await sleep(3000);
      const plan = [
        ['tree', 'dark'],
        ['menu'],
        ['consumption'],
        ['statusbar'],
        ['walkthrough'],
        ['tree', 'light'],
        ['walkthrough', 'light'],
      ].filter(([name]) => wanted(name));
      for (const [name, theme] of plan) {
        if (theme === 'light') await setTheme(page, 'Light Modern', 'vs');
        try {
          await SHOTS[name](page, theme);
        } catch (e) {
          failed = true;
          log(`${name}${theme ? ` (${theme})` : ''} failed: ${e && e.message}`);
          fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
          await page.screenshot({ path: path.join(ROOT, 'test-results', `screenshots-${name}-failure.png`) }).catch(() => undefined);
          await page.keyboard.press('Escape').catch(() => undefined);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stopDemo(demo.child);
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`[screenshots] ${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
});
