'use strict';
// What the workbench page shows of a tree view and its notifications, read from the DOM the way a
// person sees it (used by browser-endpoint.js): the rows the tree renders, the toasts on screen,
// and the context menu a right-click on a row opens.

/** Every rendered tree row of the side bar: label, description, depth, expanded. */
async function treeRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]')].map((row) => ({
      label: (row.querySelector('.label-name') || {}).textContent || '',
      description: (row.querySelector('.label-description') || {}).textContent || '',
      level: Number(row.getAttribute('aria-level') || 0),
      expanded: row.getAttribute('aria-expanded') === 'true',
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

module.exports = { treeRows, notifications, contextMenu };
