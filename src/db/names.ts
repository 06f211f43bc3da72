// Checks of a new database name, as the input box validates while the person types. Postgres
// counts the 63-byte limit in UTF-8 bytes; Neon creates the database with the name as given
// (quoted), so spaces, quotes and other letters are allowed. Pure: no vscode.
import * as l10n from '@vscode/l10n';

/** Postgres's NAMEDATALEN - 1. */
export const NAME_MAX_BYTES = 63;

/** Databases every Postgres cluster has (hidden by Neon's API, but there). */
const SYSTEM_DATABASES = new Set(['postgres', 'template0', 'template1']);

/** Undefined when `name` may be created beside `existing`; else one sentence. */
export function databaseNameProblem(name: string, existing: readonly string[] = []): string | undefined {
  if (name.length === 0) return l10n.t('Enter a name for the database');
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > NAME_MAX_BYTES) {
    const multi = bytes !== name.length ? l10n.t(' (letters such as é, ß or 日 take 2 to 4 bytes each)') : '';
    return l10n.t('Database names are limited to {0} bytes of UTF-8; this one is {1} bytes{2}', NAME_MAX_BYTES, bytes, multi);
  }
  if (name.trim() === '') return l10n.t('A name cannot be only spaces: type one');
  if (name.trim() !== name) return l10n.t('Remove the spaces at the start or end of the name');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return l10n.t('A database name cannot contain control characters');
  if (SYSTEM_DATABASES.has(name)) return l10n.t('"{0}" exists in every Postgres cluster; choose another name', name);
  if (existing.includes(name)) return l10n.t('The branch already has a database named "{0}"; choose another name', name);
  return undefined;
}
