/**
 * The consumption page's HTML and Content-Security-Policy. No `vscode` import, so the Chromium
 * tests load exactly what the panel serves.
 */
import * as l10n from '@vscode/l10n';

export interface PageHtmlInput {
  /**
   * The page's script (dist/webviews/consumption.js) and style (media/consumption.css), put inside
   * the page under the nonce: a webview that loads them from the extension waits for two more
   * requests through VS Code's resource loader before its script runs (in the bench's Chromium
   * the page said ready 81 ms after navigation inline, 124 ms with the files loaded).
   */
  script: string;
  style: string;
  nonce: string;
  title: string;
  /**
   * The host's translations (`vscode.l10n.bundle`; undefined in English): the page cannot import
   * vscode, so they travel inside the page as inert JSON that page/l10n.ts hands to @vscode/l10n.
   */
  l10nBundle?: Record<string, string | { message: string; comment: string[] }>;
  /** `vscode.env.language`, for `<html lang>`. */
  language?: string;
}

/** JSON that is safe inside a <script> element: no "</script>" or "<!--" can end or open it early. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Nothing loads from anywhere: the script and the style are in the page, under the nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The text of an inline <script> or <style>, refused if anything in it could end the element
 * early or change how the HTML parser reads it (`</script`, `<!--`, `</style`). Rewriting such
 * text is not safe for every script, and the page's bundle and style hold none (a unit test reads
 * the built files).
 */
export function inertElementText(text: string, element: 'script' | 'style'): string {
  const bad = element === 'script' ? /<\/script|<!--/i : /<\/style/i;
  const m = bad.exec(text);
  if (m) throw new Error(`The consumption page's ${element} contains "${m[0]}", which would break out of its <${element}> element.`);
  return text;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A nonce from a CSPRNG: 32 bytes, base64 (Node's crypto or the browser's). */
export function makeNonce(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function pageHtml(i: PageHtmlInput): string {
  const csp = contentSecurityPolicy(i.nonce);
  const nonce = escapeHtml(i.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(i.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/[&"<>]/g, (c) => escapeHtml(c))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">${inertElementText(i.style, 'style')}</style>
<title>${escapeHtml(i.title)}</title>
</head>
<body>
${i.l10nBundle ? `<script type="application/json" id="l10n-bundle">${inertJson(i.l10nBundle)}</script>\n` : ''}<main id="app" aria-busy="true"><p class="state">${escapeHtml(l10n.t('Loading consumption…'))}</p></main>
<script nonce="${nonce}">${inertElementText(i.script, 'script')}</script>
</body>
</html>
`;
}
