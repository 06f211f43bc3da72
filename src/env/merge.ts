/**
 * Set keys in a .env text without disturbing anything else.
 *
 * Strategy: locate entries with a replica of dotenv's own parser (./parse), splice
 * a freshly encoded value into the one entry dotenv would actually use, and then
 * RE-PARSE the result and check that exactly the intended key changed. If an
 * encoding would be misread in this particular file (e.g. an unterminated quote
 * earlier in the file swallows it), the next encoding is tried; if none works we
 * throw instead of writing something that reads back differently.
 */
import { parseEnv, scanEnv, type EnvEntry } from './parse';
import * as l10n from '@vscode/l10n';

/**
 * POSIX shell names only: dotenv would also read `owner.db-url`, but `set -a; . ./.env` fails on
 * that line (and bash echoes it, password and all, to stderr).
 */
export const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Thrown for invalid keys and unrepresentable values. Never contains a value. */
export class EnvMergeError extends Error {
  constructor(message: string, readonly key: string) {
    super(message);
    this.name = 'EnvMergeError';
  }
}

export function validateEnvKey(key: string): void {
  // `__proto__` passes the pattern but dotenv.parse silently drops it.
  if (!ENV_KEY_PATTERN.test(key) || key === '__proto__') {
    throw new EnvMergeError(
      l10n.t('"{0}" is not a valid environment variable name: use letters, digits and "_" only, not starting with a digit, so that a shell can read it too.', key),
      key,
    );
  }
}

// Characters that are fine unquoted for dotenv AND for a POSIX shell that sources the file
// (`set -a; . ./.env`, with or without `export`), so plain values and URLs stay bare. Not `&`
// (a URL's `&channel_binding=require` would start a background job), nor `~` (expanded after
// `:` in an assignment). `?` is no glob in an assignment (nor in dash's and bash's `export`), and
// elsewhere it would need a path starting with `KEY=` to match.
const PLAIN = /^[A-Za-z0-9_\-.:/@%+=,?]*$/;
const JS_WS = /^\s|\s$/; // String.prototype.trim and \s agree on this set.
const LINE_BREAK = /[\r\n\u2028\u2029]/;

type Encoder = (v: string, eol: string) => string | undefined;

const bare: Encoder = (v) => (PLAIN.test(v) ? v : undefined);
// Single quotes are literal to both dotenv and sh.
const single: Encoder = (v) => (v.includes("'") || LINE_BREAK.test(v) || v.endsWith('\\') ? undefined : `'${v}'`);
// Inside double quotes sh still expands `$`, `` ` `` and `\`; dotenv unescapes `\n` and `\r`.
const shellDouble: Encoder = (v) => (/["$`\\]/.test(v) || LINE_BREAK.test(v) ? undefined : `"${v}"`);

/** The encodings both dotenv and sh read back exactly, by the quote character they use. */
const SHELL_SAFE: ReadonlyArray<[quote: string, enc: Encoder]> = [
  ['', bare],
  ["'", single],
  ['"', shellDouble],
];

/**
 * Encodings in order of preference after the shell-safe ones, for values only dotenv can carry.
 * Each returns undefined when dotenv's rules cannot carry the value that way. Quoted forms never
 * contain their own quote (dotenv keeps the backslash of `\"`) and never end in a backslash (it
 * would read as an escaped closing quote and the regex would look further ahead).
 */
const DOTENV_ONLY: readonly Encoder[] = [
  // Only `\n` and `\r` are unescaped inside double quotes, and a backslash cannot
  // be escaped, so a literal `\n`/`\r` text in the value cannot be expressed.
  (v) =>
    v.includes('"') || /\\[nr]/.test(v) || v.endsWith('\\')
      ? undefined
      : `"${v.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`,
  // Backticks take everything literally; newlines are written in the file's own
  // style because dotenv folds CRLF to LF before parsing. A bare CR cannot survive.
  (v, eol) => (v.includes('`') || v.includes('\r') || v.endsWith('\\') ? undefined : `\`${v.replace(/\n/g, eol)}\``),
  // Last resort: anything dotenv reads literally without quotes.
  (v) => (v.includes('#') || LINE_BREAK.test(v) || JS_WS.test(v) || /^['"`]/.test(v) ? undefined : v),
];

/** Shell-safe encodings first, the replaced line's own quoting (when it is one of them) first of all. */
function encoders(ownQuote: string | undefined): Encoder[] {
  const own = SHELL_SAFE.filter(([q]) => q === ownQuote);
  return [...own, ...SHELL_SAFE.filter((x) => !own.includes(x))].map(([, enc]) => enc).concat(DOTENV_ONLY);
}

/** The line ending used by most lines; LF when there are none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Where, in `text`, the new value goes for an existing entry: [from, to, prefix]. */
function valueSlot(text: string, e: EnvEntry): [number, number, string] {
  if (e.valueStart === undefined || e.valueEnd === undefined) {
    const sep = text.slice(e.sepStart, e.sepEnd);
    // `KEY:` needs one blank after the colon; if that blank is the line break, add a space.
    if (sep.startsWith(':') && /[\r\n]/.test(sep)) return [e.sepStart + 1, e.sepStart + 1, ' '];
    return [e.sepEnd, e.sepEnd, ''];
  }
  const raw = text.slice(e.valueStart, e.valueEnd);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed === '') return [e.valueStart, e.valueStart, ''];
  // A quoted value may begin on the next line (`KEY=\n"v"`); pull it back onto the key's line.
  const from = /[\r\n]/.test(raw.slice(0, lead)) ? e.valueStart : e.valueStart + lead;
  return [from, e.valueStart + lead + trimmed.length, ''];
}

/** The quote character an entry's value is written with ('' when bare), undefined without a value. */
function quoteOf(text: string, e: EnvEntry): string | undefined {
  if (e.valueStart === undefined || e.valueEnd === undefined) return undefined;
  const first = text.slice(e.valueStart, e.valueEnd).trim()[0];
  return first === undefined ? undefined : /['"`]/.test(first) ? first : '';
}

/** Candidate texts with `KEY=<encoded>` in place, most natural first. */
function* placements(text: string, key: string, v: string, eol: string, last: EnvEntry | undefined): Generator<string> {
  if (last) {
    const [from, to, pre] = valueSlot(text, last);
    yield text.slice(0, from) + pre + v + text.slice(to);
    return;
  }
  const line = `${key}=${v}`;
  const endsWithEol = /[\r\n]$/.test(text);
  // A brand-new (or BOM-only) file gets a final newline; otherwise its presence or absence is kept.
  if (text === '' || text === '\uFEFF') yield text + line + eol;
  else yield endsWithEol ? text + line + eol : text + eol + line;
  // After e.g. `A:` + newline, dotenv reads the next line as A's value; a blank line stops that.
  yield endsWithEol ? text + eol + line + eol : text + eol + eol + line;
  // A dangling `A:` at the very end becomes an entry once anything follows it: put ours first.
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  yield text.slice(0, bom) + line + eol + text.slice(bom);
}

/** Sets one key; `before` is parseEnv(text). Returns the new text and its parse. */
function setOne(text: string, before: Map<string, string>, key: string, value: string, eol: string): [string, Map<string, string>] {
  const expected = new Map(before).set(key, value);
  let last: EnvEntry | undefined;
  for (const e of scanEnv(text)) if (e.key === key) last = e; // dotenv: last one wins
  const tried = new Set<string>();
  for (const enc of encoders(last && quoteOf(text, last))) {
    const v = enc(value, eol);
    if (v === undefined || tried.has(v)) continue;
    tried.add(v);
    for (const c of placements(text, key, v, eol, last)) {
      const parsed = parseEnv(c);
      if (sameMap(parsed, expected)) return [c, parsed];
    }
  }
  throw new EnvMergeError(
    tried.size === 0
      ? l10n.t('The value for {0} cannot be written in .env syntax (it mixes quotes, "#", line breaks or a trailing backslash in a way dotenv cannot read back).', key)
      : l10n.t('{0} cannot be written safely into this file: its surroundings (for example an unterminated quote) would change how it is read. Fix the file by hand and retry.', key),
    key,
  );
}

/** The keys of `updates` whose value, as dotenv reads `content`, differs: those mergeEnv would change. */
export function keysToChange(content: string, updates: Readonly<Record<string, string>>): string[] {
  const parsed = parseEnv(content);
  return Object.entries(updates)
    .filter(([key, value]) => parsed.get(key) !== value)
    .map(([key]) => key);
}

/**
 * Returns `content` with every key of `updates` set. Unchanged values are left
 * exactly as written (including their quoting), so merging is idempotent.
 */
export function mergeEnv(content: string, updates: Record<string, string>): string {
  const entries = Object.entries(updates);
  for (const [key, value] of entries) {
    validateEnvKey(key);
    if (typeof value !== 'string') throw new EnvMergeError(l10n.t('The value for {0} must be a string.', key), key);
  }
  const eol = detectEol(content);
  let text = content;
  let parsed = parseEnv(text);
  for (const [key, value] of entries) {
    if (parsed.get(key) === value) continue;
    [text, parsed] = setOne(text, parsed, key, value, eol);
  }
  return text;
}

/** Where the line (or lines, for a quoted multi-line value) of entry `e` begins and ends, with its line break. */
function lineSpan(text: string, e: EnvEntry): [number, number] {
  const keyStart = e.sepStart - e.key.length;
  const lineStart = Math.max(text.lastIndexOf('\n', keyStart - 1), text.lastIndexOf('\r', keyStart - 1)) + 1;
  const from = lineStart === 0 && text.startsWith('\uFEFF') ? 1 : lineStart; // the BOM stays
  const last = Math.max(e.valueEnd ?? e.sepEnd, e.sepEnd);
  const rest = /\r\n|\n|\r|$/.exec(text.slice(last))!;
  const to = last + rest.index + rest[0].length;
  if (rest[0] !== '' || lineStart === 0) return [from, to];
  // The file's last line has no line break: take the one before it, so the file still ends without one.
  const before = /(\r\n|\n|\r)$/.exec(text.slice(0, from));
  return [from - (before?.[0].length ?? 0), to];
}

/**
 * Returns `content` without the lines that set `keys` (every one of them: with only the last one
 * gone, dotenv would read an earlier one). Every other byte stays; the result is parsed again and
 * refused unless exactly those keys are gone and every other value reads as before.
 */
export function removeEnvKeys(content: string, keys: readonly string[]): string {
  const drop = new Set(keys);
  const spans = scanEnv(content)
    .filter((e) => drop.has(e.key))
    .map((e) => lineSpan(content, e))
    .sort((a, b) => b[0] - a[0]);
  let text = content;
  let floor = Infinity;
  for (const [from, to] of spans) {
    const end = Math.min(to, floor);
    if (from >= end) continue;
    text = text.slice(0, from) + text.slice(end);
    floor = from;
  }
  const expected = parseEnv(content);
  for (const k of drop) expected.delete(k);
  if (!sameMap(parseEnv(text), expected)) {
    const key = [...drop].join(', ');
    throw new EnvMergeError(l10n.t('{0} cannot be removed safely from this file: its surroundings (for example an unterminated quote) would change how the rest is read. Remove the lines by hand.', key), key);
  }
  return text;
}
