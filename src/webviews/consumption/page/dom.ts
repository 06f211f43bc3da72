/** Tiny DOM helpers: elements from tag + attributes + children, text only (no innerHTML). */
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/**
 * Text with every hyphenated word ("CU-hours", "2026-01-31", "usage-based") in a nowrap span: a
 * line may still break between words, never at a hyphen inside one ("CU-" / "hours", walk 28).
 * CSS rather than U+2011, so copied text keeps its hyphens.
 */
export function wholeWords(text: string): (string | HTMLSpanElement)[] {
  return text
    .split(/([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+)/u)
    .map((part, i) => (i % 2 ? h('span', { class: 'nowrap' }, part) : part))
    .filter((part) => part !== '');
}

/**
 * wholeWords, with every https address a link: the webview opens a clicked link in the browser
 * (the CSP limits what the page loads, not where a link goes). A full stop or bracket after the
 * address ends the sentence, not the address ("… check https://neonstatus.com. (request id …)").
 */
export function linkedWords(text: string): (string | HTMLElement)[] {
  return text
    .split(/(https:\/\/[^\s]*[^\s.,;:!?)])/)
    .flatMap((part, i) => (i % 2 ? [h('a', { href: part }, part)] : wholeWords(part)));
}
