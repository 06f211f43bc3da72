/**
 * The consumption page's HTML and Content-Security-Policy. No `vscode` import, so the Chromium
 * tests load exactly what the panel serves.
 */
import * as l10n from '@vscode/l10n';

export interface PageHtmlInput {
  /** `webview.cspSource` */
  cspSource: string;
  /** URI (as a string) of dist/webviews/consumption.js */
  scriptUri: string;
  /** URI (as a string) of media/consumption.css */
  styleUri: string;
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

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
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
  const csp = contentSecurityPolicy(i.cspSource, i.nonce);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(i.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/[&"<>]/g, (c) => escapeHtml(c))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(i.styleUri)}">
<title>${escapeHtml(i.title)}</title>
</head>
<body>
${i.l10nBundle ? `<script type="application/json" id="l10n-bundle">${inertJson(i.l10nBundle)}</script>\n` : ''}<main id="app" aria-busy="true"><p class="state">${escapeHtml(l10n.t('Loading consumption…'))}</p></main>
<script nonce="${escapeHtml(i.nonce)}" src="${escapeHtml(i.scriptUri)}"></script>
</body>
</html>
`;
}
