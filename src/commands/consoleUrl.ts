// Neon Console addresses for "Open in Neon Console" (no vscode import). Apart from orgLogic.ts so
// that the tree's commands, loaded at activation, do not carry the org commands' logic with them.

/** An org's projects, its People page (members, pending invitations), a project or a branch (its roles too). */
export type ConsoleTarget = { orgId: string } | { orgId: string; page: 'people' } | { projectId: string } | { projectId: string; branchId: string };

export function consoleUrl(base: string | undefined, t: ConsoleTarget): string {
  const root = (base && /^https?:\/\//.test(base) ? base : 'https://console.neon.tech').replace(/\/+$/, '');
  const enc = encodeURIComponent;
  if ('page' in t) return `${root}/app/${enc(t.orgId)}/${t.page}`;
  if ('branchId' in t) return `${root}/app/projects/${enc(t.projectId)}/branches/${enc(t.branchId)}`;
  if ('projectId' in t) return `${root}/app/projects/${enc(t.projectId)}`;
  return `${root}/app/${enc(t.orgId)}/projects`;
}
