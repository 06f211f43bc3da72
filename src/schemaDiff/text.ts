// What "Compare Schema with Parent" shows of a pg_dump --schema-only text (no vscode import: unit-tested).

/**
 * pg_dump since 17.6, 16.10 and 15.14 wraps its output in `\restrict KEY` … `\unrestrict KEY` (psql
 * meta-commands against a malicious server), with a new random KEY on every dump: two dumps of the
 * same schema would differ on those two lines. They are dropped; nothing else is touched.
 */
export function comparableSchema(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !/^\\(un)?restrict \S+\s*$/.test(line))
    .join('\n');
}

/** Whether two dumps hold the same schema, ignoring line endings. */
export function sameSchema(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trimEnd();
  return norm(a) === norm(b);
}
