'use strict';
// What the workbench page shows of a tree view and its notifications, read from the DOM the way a
// person sees it (used by browser-endpoint.js): the rows the tree renders, the toasts on screen,
// and the context menu a right-click on a row opens.

/** Every rendered tree row of the side bar: label, description, depth, expanded, what a screen reader says. */
async function treeRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]')].map((row) => ({
      label: (row.querySelector('.label-name') || {}).textContent || '',
      description: (row.querySelector('.label-description') || {}).textContent || '',
      level: Number(row.getAttribute('aria-level') || 0),
      expanded: row.getAttribute('aria-expanded') === 'true',
      ariaLabel: row.getAttribute('aria-label') || '',
    })),
  );
}

/** The text of every notification (toasts on screen and the notification center's list). */
async function notifications(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.notification-list-item')].map((n) => ({
      message: (n.querySelector('.notification-list-item-message') || n).textContent || '',
      severity: n.querySelector('.codicon-error') ? 'error' : n.querySelector('.codicon-warning') ? 'warning' : 'info',
    })),
  );
}

/**
 * Right-clicks the side-bar tree row labelled `label` (the first one, or the one at `level`),
 * reads the context menu it opens and closes it with Escape: [{label, enabled}] in menu order.
 */
async function contextMenu(page, label, level) {
  const index = await page.evaluate(
    ({ label, level }) => {
      const rows = [...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]')];
      const row = rows.find((r) => ((r.querySelector('.label-name') || {}).textContent || '') === label && (level === undefined || Number(r.getAttribute('aria-level')) === level));
      return row ? row.getAttribute('data-index') : null;
    },
    { label, level },
  );
  if (index === null) throw new Error(`no tree row "${label}"${level !== undefined ? ` at level ${level}` : ''}`);
  const target = page.locator(`.part.sidebar .monaco-list-row[role="treeitem"][data-index="${index}"]`).first();
  // A hover card the last right-click left open (the pointer rests on that row) can cover this row.
  await page.mouse.move(0, 0);
  await page.locator('.context-view .workbench-hover, .context-view .monaco-hover').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  await target.click({ button: 'right', timeout: 5000 });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor({ state: 'visible', timeout: 5000 });
  const items = await menu.locator('.action-item:not(.disabled) .action-label, .action-item.disabled .action-label').evaluateAll((labels) =>
    labels
      .filter((l) => !l.classList.contains('separator') && (l.textContent || '').trim())
      .map((l) => ({ label: (l.textContent || '').trim(), enabled: !l.closest('.action-item').classList.contains('disabled') && l.getAttribute('aria-disabled') !== 'true' })),
  );
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  return items;
}

/**
 * The rows of the open quick input (the command palette opened with a filter, a quick pick): every
 * row's label, scrolling through the virtual list until every position (aria-posinset of
 * aria-setsize) has been rendered once.
 */
async function quickInputRows(page) {
  const widget = page.locator('.quick-input-widget').first();
  await widget.waitFor({ state: 'visible', timeout: 5000 });
  const read = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].map((row) => {
        const label = row.querySelector('.quick-input-list-label .label-name') || row.querySelector('.label-name');
        return { pos: Number(row.getAttribute('aria-posinset')), size: Number(row.getAttribute('aria-setsize')), label: ((label && label.textContent) || '').trim() };
      }),
    );
  const byPos = new Map();
  let size = 0;
  for (let pass = 0; pass < 50; pass++) {
    const before = byPos.size;
    const deadline = Date.now() + 3000;
    // Poll until this page's rows are rendered (new positions appear), or nothing more comes.
    for (;;) {
      for (const r of await read()) {
        size = Math.max(size, r.size || 0);
        if (r.pos) byPos.set(r.pos, r.label);
      }
      if (byPos.size > before || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (byPos.size >= size || byPos.size === before) break;
    // Scroll the list as a mouse wheel would (the keyboard focus may be elsewhere in the page).
    await page.locator('.quick-input-widget .monaco-list').first().hover({ timeout: 5000 });
    await page.mouse.wheel(0, 400);
  }
  return [...byPos.entries()].sort((a, b) => a[0] - b[0]).map(([, label]) => label);
}

/**
 * Acts on the open quick input as a person would, then reads it. `action`: `type` replaces the
 * text in its box, `click: 'back'` presses its Back button, `press` a key (e.g. Enter, Escape).
 * Returns what it shows: visible, title, value, validation message, the active row, whether the
 * Back button is there. With no action it only reads (and answers visible: false when closed).
 */
async function quickInput(page, action = {}) {
  const acting = typeof action.type === 'string' || action.click === 'back' || typeof action.press === 'string';
  if (acting) await page.locator('.quick-input-widget').first().waitFor({ state: 'visible', timeout: 10000 });
  if (typeof action.type === 'string') await page.locator('.quick-input-widget .quick-input-box input').first().fill(action.type, { timeout: 5000 });
  if (action.click === 'back') await page.locator('.quick-input-widget .quick-input-left-action-bar .action-label').first().click({ timeout: 5000 });
  if (typeof action.press === 'string') {
    await page.locator('.quick-input-widget .quick-input-box input').first().focus({ timeout: 5000 });
    await page.keyboard.press(action.press);
  }
  return page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget');
    const shown = (el) => !!el && el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
    if (!w || !shown(w)) return { visible: false };
    const text = (sel) => ((w.querySelector(sel) || {}).textContent || '').trim();
    const input = w.querySelector('.quick-input-box input');
    const active = w.querySelector('.monaco-list-row.focused .label-name');
    const back = w.querySelector('.quick-input-left-action-bar .action-label');
    return {
      visible: true,
      title: text('.quick-input-title'),
      value: input ? input.value : '',
      message: text('.quick-input-message'),
      active: active ? active.textContent.trim() : undefined,
      back: shown(back),
    };
  });
}

/**
 * The open walkthrough's steps as the Welcome page shows them: [{id, title, done}], `id` being the
 * step's own id (VS Code prefixes it with the extension and walkthrough ids). With `click`, first
 * selects that step and clicks the button in its description, as a person would.
 */
async function walkthroughSteps(page, click, press) {
  await page.locator('button.getting-started-step').first().waitFor({ state: 'visible', timeout: 10000 });
  if (press) {
    // As a keyboard user: the step selected, Tab to its button, Enter (down and up at once: a key's
    // up before the command's box opens is what walk 36 tripped on).
    const step = page.locator(`button.getting-started-step[data-step-id$="#${press}"]`).first();
    await step.click({ timeout: 5000 });
    // Selecting a step focuses it 250 ms later (VS Code's slide animation): wait that out first.
    await page.waitForTimeout(600);
    const button = page.locator(`[x-step-description-for$="#${press}"] .monaco-button`).first();
    await button.waitFor({ state: 'visible', timeout: 5000 });
    await button.focus({ timeout: 5000 });
    await page.keyboard.press('Enter');
  }
  if (click) {
    const step = page.locator(`button.getting-started-step[data-step-id$="#${click}"]`).first();
    await step.click({ timeout: 5000 });
    const button = page.locator(`[x-step-description-for$="#${click}"] .monaco-button`).first();
    await button.waitFor({ state: 'visible', timeout: 5000 });
    await button.click({ timeout: 5000 });
  }
  return page.evaluate(() =>
    [...document.querySelectorAll('button.getting-started-step[data-step-id]')].map((el) => {
      const full = el.getAttribute('data-step-id') || '';
      const box = el.querySelector('[data-done-step-id]');
      return {
        id: full.slice(full.lastIndexOf('#') + 1),
        title: ((el.querySelector('.step-title') || {}).textContent || '').trim(),
        done: !!box && box.getAttribute('aria-checked') === 'true',
      };
    }),
  );
}

/**
 * Presses `key` (Playwright's name, e.g. F2, Delete) where the keyboard focus is, as a person
 * would; first says which side-bar tree row has the focus and which is selected (labels, '' for none).
 */
async function pressKey(page, key) {
  const rows = await page.evaluate(() => {
    const label = (sel) => ((document.querySelector(`.part.sidebar .monaco-list-row[role="treeitem"]${sel} .label-name`) || {}).textContent || '');
    return { focused: label('.focused'), selected: label('.selected') };
  });
  await page.keyboard.press(key);
  return rows;
}

/**
 * Where the keyboard focus is: the quick input's box, a side-bar tree row (its label), the view's
 * welcome content, a walkthrough step, or else the element's tag (body: nowhere).
 */
async function keyboardFocus(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { where: 'body' };
    if (e.closest('.quick-input-widget')) return { where: 'quick-input' };
    if (e.closest('.welcome-view-content') || e.classList.contains('welcome-view-content')) return { where: 'welcome-view', text: (e.textContent || '').trim().slice(0, 80) };
    if (e.closest('.part.sidebar .monaco-list')) {
      const row = e.closest('.monaco-list-row') || (e.querySelector && e.querySelector('.monaco-list-row.focused'));
      return { where: 'tree', label: row ? ((row.querySelector('.label-name') || {}).textContent || '').trim() : '' };
    }
    if (e.closest('.getting-started-step') || e.closest('.gettingStartedContainer')) return { where: 'walkthrough' };
    return { where: e.tagName.toLowerCase() };
  });
}

module.exports = { keyboardFocus, treeRows, notifications, contextMenu, quickInputRows, quickInput, walkthroughSteps, pressKey };
