// What "Compare Schema with Parent" shows of a pg_dump --schema-only text (no vscode import: unit-tested).

/**
 * pg_dump since 17.6, 16.10 and 15.14 wraps its output in `\restrict KEY` … `\unrestrict KEY` (psql
 * meta-commands against a malicious server), with a new random KEY on every dump: two dumps of the
 * same schema would differ on those two lines.
 */
const RESTRICT = /^\\(un)?restrict \S+\s*$/;

/**
 * pg_dump's session settings for the restore (`SET statement_timeout = 0;`, `SELECT
 * pg_catalog.set_config('search_path', '', false);`, and `SET default_tablespace = '';` / `SET
 * default_table_access_method = heap;` before the first table): not schema, yet a branch's first
 * table made them look added (walk 29).
 */
const SESSION_SETTING = /^(SET [a-z_]+ = .*|SELECT pg_catalog\.set_config\('[a-z_]+', .*\));\s*$/;

/** A quoted text open at the end of a line: its closing quote, and whether a backslash escapes (E'…'). */
type Quote = { end: string; backslash: boolean } | undefined;

/**
 * The quote still open after `line`, given the one open before it: a line inside a function body
 * ($$ … $$) or a string is never taken for one of pg_dump's own statements.
 */
function quoteAfter(line: string, open: Quote): Quote {
  let q = open;
  let i = 0;
  while (i < line.length) {
    if (q) {
      if (q.backslash && line[i] === '\\') i += 2;
      else if (!line.startsWith(q.end, i)) i += 1;
      // A doubled quote inside '…' or "…" is the quote character itself.
      else if (q.end.length === 1 && line[i + 1] === q.end) i += 2;
      else {
        i += q.end.length;
        q = undefined;
      }
      continue;
    }
    const c = line[i]!;
    const before = line.slice(0, i);
    if (c === '-' && line[i + 1] === '-') break;
    if (c === "'") q = { end: "'", backslash: /(^|[^A-Za-z0-9_$])[Ee]$/.test(before) };
    else if (c === '"') q = { end: '"', backslash: false };
    else if (c === '$' && !/[A-Za-z0-9_$]$/.test(before)) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(line.slice(i))?.[0];
      if (tag) {
        q = { end: tag, backslash: false };
        i += tag.length;
        continue;
      }
    }
    i += 1;
  }
  return q;
}

/**
 * The dump without the lines above (outside quoted text), and without the blank line pg_dump writes
 * after each of them when one is already there, so both sides line up; every other byte is kept.
 */
export function comparableSchema(sql: string): string {
  const kept: string[] = [];
  let quote: Quote;
  let afterDropped = false;
  for (const line of sql.split('\n')) {
    const topLevel = quote === undefined;
    quote = quoteAfter(line, quote);
    if (topLevel && (RESTRICT.test(line) || SESSION_SETTING.test(line))) {
      afterDropped = true;
      continue;
    }
    const blank = line.trim() === '';
    const wasDropped = afterDropped;
    afterDropped = false;
    if (wasDropped && blank && (kept.length === 0 || kept[kept.length - 1]!.trim() === '')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

/** Whether two dumps hold the same schema, ignoring line endings. */
export function sameSchema(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trimEnd();
  return norm(a) === norm(b);
}
