// Which branch is a project's default. The API document: `default` says so; `primary` is its
// deprecated name ("DEPRECATED. Use `default` field"), which older answers carry alone. So `default`
// decides whenever it is there, `primary` only when it is not.
import type { Branch } from '../api';

export function isDefaultBranch(b: Pick<Branch, 'default' | 'primary'>): boolean {
  return b.default ?? b.primary ?? false;
}

/** The default branch first, then by name. */
export function defaultFirst<B extends Pick<Branch, 'default' | 'primary' | 'name'>>(branches: readonly B[]): B[] {
  return [...branches].sort((a, b) => Number(isDefaultBranch(b)) - Number(isDefaultBranch(a)) || a.name.localeCompare(b.name));
}
