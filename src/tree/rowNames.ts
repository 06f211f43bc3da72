// How a log line names the row a command ran on or the tree loaded. No vscode import: unit-tested in Node.

const NAMES = ['orgName', 'projectName', 'branchName', 'databaseName', 'roleName', 'email', 'keyName'] as const;

/**
 * "acme-api › main › app_user": a tree row (or the ref a command got) by the names the person sees.
 * A row without names of its own (Load more, a stopped load) is named by its parent's and its kind,
 * the last part of its id. Names of projects, branches and roles are not secrets.
 */
export function rowNames(arg: unknown): string | undefined {
  type Row = Partial<Record<(typeof NAMES)[number] | 'id', unknown>> & { parent?: unknown; accountId?: unknown; account?: { label?: unknown } };
  const row = arg as Row | undefined;
  if (!row || typeof row !== 'object' || typeof row.accountId !== 'string') return undefined;
  const named = (r: Row) => {
    // A project's org is left out: "acme-api › main" says enough.
    const names = NAMES.filter((k) => k !== 'orgName' || typeof r.projectName !== 'string')
      .map((k) => r[k])
      .filter((v): v is string => typeof v === 'string' && v !== '');
    // The account's label names the account row itself (org rows carry the account too).
    return names.length === 0 && typeof r.account?.label === 'string' ? [r.account.label] : names;
  };
  const own = named(row);
  if (own.length) return own.join(' › ');
  const up = row.parent && typeof row.parent === 'object' ? named(row.parent as Row) : [];
  const kind = typeof row.id === 'string' ? row.id.split('/').pop() : undefined;
  const parts = [...up, ...(kind ? [kind] : [])];
  return parts.length ? parts.join(' › ') : undefined;
}
