/** Helpers for reporting zod failures without echoing values. */
import * as l10n from '@vscode/l10n';

/** `['projects', 3, 'id']` → `projects[3].id` */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * What was wrong, from the issue's code and expected type only (zod/mini carries no message
 * locale, and the value itself may be a secret): "expected string, missing or of another type", …
 */
export function describeIssue(issue: { code: string; expected?: unknown; message?: string }): string {
  if (issue.code === 'invalid_type') return l10n.t('expected {0}, missing or of another type', String(issue.expected));
  if (issue.code === 'invalid_union') return l10n.t('matches none of the expected shapes');
  if (issue.code === 'invalid_value') return l10n.t('has a value that is not allowed');
  return issue.message && issue.message !== 'Invalid input' ? issue.message : l10n.t('is not valid ({0})', issue.code);
}
