/** Colours for the canvas, read from VS Code's `--vscode-*` CSS variables. */

export interface ChartTheme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  /** One colour per series slot; "Others" uses `others`. */
  palette: string[];
  others: string;
  lineWidth: number;
}

const SERIES_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
  '--vscode-terminal-ansiCyan',
  '--vscode-terminal-ansiMagenta',
  '--vscode-terminal-ansiBrightBlue',
  '--vscode-terminal-ansiBrightGreen',
];
// Used only when a variable is missing (e.g. outside VS Code).
const FALLBACK_DARK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700', '#29b8db', '#bc3fbc', '#3b8eea', '#23d18b'];
const FALLBACK_LIGHT = ['#1a85ff', '#d18616', '#388a34', '#652d90', '#e51400', '#bf8803', '#0598bc', '#bc05bc', '#0451a5', '#14ce14'];

export function themeKind(body: HTMLElement = document.body): ChartTheme['kind'] {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark')) return 'dark';
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/**
 * Reads `--vscode-*` variables where VS Code puts them, the root element's style attribute: no
 * style is computed for that. Only a variable missing there (a page outside VS Code) is read from
 * the body's computed style, which first makes Chromium recalculate the page's styles, on the
 * first chart's path (bench/consumption-load.ts).
 */
function themeVars(body: HTMLElement): (name: string) => string {
  const inline = document.documentElement.style;
  let computed: CSSStyleDeclaration | undefined;
  return (name) => inline.getPropertyValue(name).trim() || (computed ??= getComputedStyle(body)).getPropertyValue(name).trim();
}

export function readTheme(body: HTMLElement = document.body): ChartTheme {
  const cssVar = themeVars(body);
  const kind = themeKind(body);
  const light = kind === 'light' || kind === 'high-contrast-light';
  const fallback = light ? FALLBACK_LIGHT : FALLBACK_DARK;
  const palette = SERIES_VARS.map((v, i) => cssVar(v) || fallback[i]!);
  const foreground = cssVar('--vscode-editor-foreground') || cssVar('--vscode-foreground') || (light ? '#333333' : '#cccccc');
  const muted = cssVar('--vscode-descriptionForeground') || (light ? '#717171' : '#9d9d9d');
  const grid = cssVar('--vscode-editorWidget-border') || cssVar('--vscode-panel-border') || (light ? '#e5e5e5' : '#454545');
  const background = cssVar('--vscode-editor-background') || (light ? '#ffffff' : '#1e1e1e');
  const family = cssVar('--vscode-font-family') || 'system-ui, sans-serif';
  const size = cssVar('--vscode-font-size') || '13px';
  return {
    kind,
    foreground,
    muted,
    grid,
    background,
    font: `${size} ${family}`,
    palette,
    others: muted,
    lineWidth: kind.startsWith('high-contrast') ? 2.5 : 1.5,
  };
}

let current: { signature: string; theme: ChartTheme } | undefined;

/**
 * The theme, read again only when VS Code has switched it (the body's classes or the root's
 * `--vscode-*` variables changed). Reading it right after the page changed its DOM made Chromium
 * recalculate every style first, 5–13 ms per chart here.
 */
export function currentTheme(body: HTMLElement = document.body): ChartTheme {
  const signature = themeSignature(body);
  if (current?.signature !== signature) current = { signature, theme: readTheme(body) };
  return current.theme;
}

/** What changes when VS Code switches theme: strings only, so reading it forces no style work. */
function themeSignature(body: HTMLElement): string {
  return `${body.className}|${body.getAttribute('data-vscode-theme-kind') ?? ''}|${document.documentElement.getAttribute('style') ?? ''}`;
}

/**
 * One 2D context, made on first use: a canvas and its context per call cost ~1 ms each on a
 * 2-core machine, and every chart asks for one per series (9 for the top 8 and the others).
 */
let colorContext: CanvasRenderingContext2D | null | undefined;

/**
 * `color` with an alpha, for area fills. VS Code's theme colours are `#rrggbb` or `#rrggbbaa`:
 * those are read as they are; any other CSS colour is normalised by a canvas (the first one a
 * page makes is set up on the first chart's path).
 */
export function withAlpha(color: string, alpha: number): string {
  const plain = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(color.trim());
  const ctx = plain ? undefined : (colorContext ??= document.createElement('canvas').getContext('2d'));
  let c = plain ? `#${plain[1]}` : color;
  if (ctx) {
    ctx.fillStyle = '#000000';
    ctx.fillStyle = color;
    c = String(ctx.fillStyle);
  }
  const hex = /^#([0-9a-f]{6})$/i.exec(c);
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgba = /^rgba?\(([^)]+)\)$/.exec(c);
  if (rgba) {
    const [r, g, b] = rgba[1]!.split(',').map((x) => x.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return c;
}

/**
 * Calls `onChange` when VS Code switches theme: it rewrites the body's classes (`vscode-dark`,
 * `vscode-light`, `vscode-high-contrast`…) and, for two themes of the same kind, only the
 * `--vscode-*` variables in the root element's style attribute.
 */
export function watchTheme(onChange: () => void, body: HTMLElement = document.body): () => void {
  const root = document.documentElement;
  const signature = () => themeSignature(body);
  let last = signature();
  const mo = new MutationObserver(() => {
    const now = signature();
    if (now !== last) {
      last = now;
      onChange();
    }
  });
  mo.observe(body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  mo.observe(root, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => mo.disconnect();
}
