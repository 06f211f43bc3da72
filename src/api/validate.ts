/** Helpers for reporting zod failures without echoing values. */

/** `['projects', 3, 'id']` → `projects[3].id` */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
