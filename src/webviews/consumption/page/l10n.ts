// The page's translations: the host puts its `vscode.l10n.bundle` into the HTML as inert JSON
// (html.ts); this hands it to @vscode/l10n before any other module of the page runs, so labels
// built at load time are translated too. Without it (English) `l10n.t` returns the source string.
import * as l10n from '@vscode/l10n';
import { useNumberLocale } from '../../../consumption/formatNumber';

const el = document.getElementById('l10n-bundle');
if (el?.textContent) {
  try {
    l10n.config({ contents: JSON.parse(el.textContent) as Record<string, string> });
  } catch {
    // A bundle that does not parse leaves the page in English rather than blank.
  }
}
// Numbers in the page's language too (1.234,5 in German), from `<html lang>` (vscode.env.language).
useNumberLocale(document.documentElement.lang);
