/**
 * A span-reporting replica of dotenv v18's default `parse` (the regex parser,
 * not the opt-in `fast` scanner). We need positions, which dotenv does not
 * give, so we run the very same regex with capture groups added around the
 * separator and the `d` flag for indices. Neither change alters what matches.
 * test/unit/env-parse.test.ts checks this replica against `dotenv.parse`.
 */

// Copied verbatim from dotenv/dist/index.cjs except the added group around the separator.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

/** One `KEY=value` match. Offsets are into the ORIGINAL text (before CRLF normalisation). */
export interface EnvEntry {
  key: string;
  value: string;
  /** Start/end of the whole regex match (may span blank/comment lines around it). */
  start: number;
  end: number;
  /** End of the separator (`=`, ` = `, `: `...). */
  sepStart: number;
  sepEnd: number;
  /** The raw value group, if any (includes surrounding whitespace). */
  valueStart?: number;
  valueEnd?: number;
}

/**
 * dotenv rewrites `\r\n?` to `\n` before matching, so we do the same and keep a
 * table from normalised offsets back to original ones (length n + 1).
 */
function normalise(text: string): { norm: string; toOrig: Uint32Array } {
  const toOrig = new Uint32Array(text.length + 1);
  let norm = '';
  let chunkStart = 0;
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    toOrig[j] = i;
    if (text.charCodeAt(i) === 13) {
      norm += text.slice(chunkStart, i) + '\n';
      if (text.charCodeAt(i + 1) === 10) i++;
      chunkStart = i + 1;
    }
    j++;
  }
  norm += text.slice(chunkStart);
  toOrig[j] = text.length;
  return { norm, toOrig: toOrig.subarray(0, j + 1) };
}

/** Post-processing exactly as dotenv does it on the raw value group. */
export function cookValue(raw: string): string {
  let v = raw.trim();
  const first = v[0];
  v = v.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
  if (first === '"') v = v.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
  return v;
}

const TERMINATOR = /[\n\r\u2028\u2029]/; // where `^` matches in multiline mode

/**
 * All matches in file order (duplicates included; the last one wins in dotenv).
 *
 * Equivalent to dotenv's `while (re.exec(src))` loop, but without its quadratic
 * blow-up on long runs of blank lines: the pattern can only start at a line
 * start, and every line start before the next non-blank character X leads, via
 * the greedy `^\s*`, to the very same attempt at X. So we try once, from X's own
 * line start, and skip the whole run when that fails.
 */
export function scanEnv(text: string): EnvEntry[] {
  const { norm, toOrig } = normalise(text);
  const out: EnvEntry[] = [];
  const re = new RegExp(LINE.source, 'dmy');
  const nonBlank = /\S/g;
  let from = 0;
  while (from <= norm.length) {
    // The next line start at or after `from`.
    let p = from;
    if (p > 0 && !TERMINATOR.test(norm[p - 1])) {
      while (p < norm.length && !TERMINATOR.test(norm[p])) p++;
      if (p >= norm.length) break;
      p++;
    }
    nonBlank.lastIndex = p;
    if (!nonBlank.exec(norm)) break; // only whitespace left: nothing can match
    const x = nonBlank.lastIndex - 1;
    let q = x;
    while (q > p && !TERMINATOR.test(norm[q - 1])) q--;
    re.lastIndex = q;
    const m = re.exec(norm);
    if (!m) {
      from = x + 1;
      continue;
    }
    from = m.index + m[0].length;
    const ix = m.indices!;
    const e: EnvEntry = {
      key: m[1],
      value: cookValue(m[3] ?? ''),
      start: toOrig[m.index],
      end: toOrig[from],
      sepStart: toOrig[ix[2][0]],
      sepEnd: toOrig[ix[2][1]],
    };
    if (ix[3]) {
      e.valueStart = toOrig[ix[3][0]];
      e.valueEnd = toOrig[ix[3][1]];
    }
    out.push(e);
  }
  return out;
}

/** Same result as `dotenv.parse(text)`, as a Map (no prototype surprises). */
export function parseEnv(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of scanEnv(text)) {
    // dotenv assigns into a plain object, where `__proto__` is a no-op.
    if (e.key !== '__proto__') map.set(e.key, e.value);
  }
  return map;
}
