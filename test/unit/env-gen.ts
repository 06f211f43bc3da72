/**
 * fast-check generators for realistic .env files, shared by the env tests.
 * A file is a list of items; each item knows the exact text it renders to, so
 * tests can check that items nobody asked to change survive byte for byte.
 */
import * as fc from 'fast-check';

export interface Item {
  kind: 'blank' | 'comment' | 'junk' | 'entry';
  key?: string;
  lines: string[]; // without terminators
}

export interface GenFile {
  items: Item[];
  /** Text of each item including its line terminators (BOM folded into the first). */
  chunks: string[];
  text: string;
}

export const KEYS = ['A', 'DB_URL', 'x.y', 'K-2', '_S'];

const word = (chars: string, max = 8) =>
  fc.string({ unit: fc.constantFrom(...Array.from(chars)), maxLength: max });

// Bare values: dotenv cuts at `#` and trims, and a leading quote changes meaning.
const bare = fc
  .tuple(fc.constantFrom(...'aXZ09_-./:@$=é'.split('')), word('abc XYZ019_-./:@$\'"`=é😀\\'))
  .map(([a, b]) => (a + b).trimEnd());

const inner = (quote: string) => word(`abc #=$'"\`\\é😀 `.replace(quote, ''), 10).filter((s) => !s.endsWith('\\'));

const entry = fc
  .record({
    key: fc.constantFrom(...KEYS),
    exp: fc.constantFrom('', 'export ', 'export  '),
    sep: fc.constantFrom('=', ' = ', '= ', ': '),
    form: fc.oneof(
      bare.map((v) => [v]),
      fc.constant(['']),
      inner("'").map((v) => [`'${v}'`]),
      inner('"').map((v) => [`"${v}"`]),
      inner('`').map((v) => [`\`${v}\``]),
      // Multi-line quoted values whose inner lines look like keys or comments.
      fc.tuple(fc.constantFrom("'", '"', '`'), inner('"').map((s) => s.replace(/['`]/g, '')), fc.constantFrom('B=2', '# no', 'export A=x', '')).map(
        ([q, a, b]) => [`${q}${a}`, b, `end${q}`],
      ),
    ),
    comment: fc.constantFrom('', ' # note', '   #c=1', ' # \'"'),
  })
  .map(({ key, exp, sep, form, comment }): Item => {
    const lines = [...form];
    lines[0] = `${exp}${key}${sep}${lines[0]}`;
    lines[lines.length - 1] += comment;
    return { kind: 'entry', key, lines };
  });

const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 5, arbitrary: entry },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t').map((l): Item => ({ kind: 'blank', lines: [l] })) },
  { weight: 2, arbitrary: word('abc =#\'"`$A').map((t): Item => ({ kind: 'comment', lines: [`#${t}`] })) },
  { weight: 1, arbitrary: fc.constantFrom('just text', '===', ';ini', '[section]').map((l): Item => ({ kind: 'junk', lines: [l] })) },
);

export const envFile: fc.Arbitrary<GenFile> = fc
  .record({
    items: fc.array(item, { maxLength: 14 }),
    eol: fc.constantFrom('lf', 'crlf', 'mixed'),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    seed: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  })
  .map(({ items, eol, bom, finalNewline, seed }) => {
    let n = 0;
    const term = () => (eol === 'lf' ? '\n' : eol === 'crlf' ? '\r\n' : seed[n++ % 64] ? '\r\n' : '\n');
    const chunks = items.map((it, i) => {
      const last = i === items.length - 1;
      return it.lines.map((l, j) => l + (last && j === it.lines.length - 1 && !finalNewline ? '' : term())).join('');
    });
    if (bom) {
      if (chunks.length) chunks[0] = '\uFEFF' + chunks[0];
    }
    const text = (bom && !chunks.length ? '\uFEFF' : '') + chunks.join('');
    return { items, chunks, text };
  });

/** Values the writer must always manage (some quoting always applies). */
export const safeValue = fc
  .string({ unit: fc.oneof(fc.constantFrom('a', ' ', '#', "'", '"', '\\', '$', '\n', '\t', '=', 'é', '😀', '\u2028', '\u00a0'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 })
  .map((s) => s.replace(/[`\r]/g, ''))
  .filter((s) => !s.endsWith('\\'));

/** Anything at all, including values dotenv cannot represent. */
export const anyValue = fc.string({
  unit: fc.constantFrom('a', ' ', '#', "'", '"', '`', '\\', 'n', 'r', '$', '\n', '\r', '\u2028', '\uFEFF'),
  maxLength: 10,
});

/** Keys written are shell names only (files may hold others: dotenv reads `x.y` and `K-2`). */
export const updates = (value: fc.Arbitrary<string>) =>
  fc.dictionary(fc.constantFrom(...KEYS.filter((k) => /^[A-Za-z_]\w*$/.test(k)), 'NEW_1', 'NEW_TWO'), value, { maxKeys: 4 });
