// The API calls behind each tree level, free of vscode: the nodes use these, and so does the
// bench (bench/tree.ts), which measures exactly this code outside VS Code.
import { isNeonApiError, type NeonClient, type Organization, type Project, type ProjectsPage } from '../api';
import type { LoadedPage, PageSource } from './pagedLoader';

export const PROJECT_PAGE_SIZE = 400;

/**
 * The document: "If using a personal API key, include the `org_id` parameter" (personal accounts
 * were migrated to organizations). So a 400 to the unscoped first page — whose other parameters
 * are held to the document by test/unit/api-requests-conform.test.ts — means the account has no
 * personal project space, whatever the words of its message.
 */
export function isNoPersonalSpace(e: unknown): boolean {
  return isNeonApiError(e) && e.status === 400;
}

export interface AccountScope {
  kind: 'personal' | 'organization' | 'project';
  orgId?: string;
  /** false: an earlier read of the account answered that it has no personal space (it is not asked again). */
  personalSpace?: boolean;
}

/** An account's first level; `personalSpace` says what the read learnt about it (personal keys only). */
export interface AccountLevel {
  orgs: Organization[];
  personal?: LoadedPage<Project>;
  personalSpace?: boolean;
}

/**
 * The organizations an account sees. Personal keys: theirs. Org and project-scoped keys: the one
 * org that owns the key — from `GET /users/me/organizations` (spec 2.7.3) or, where that answers
 * 403 (older API), from `GET /organizations/{org_id}`.
 */
export async function loadOrganizations(client: NeonClient, scope: AccountScope, signal?: AbortSignal): Promise<Organization[]> {
  try {
    return await client.listMyOrganizations({ signal });
  } catch (e) {
    if (scope.kind !== 'personal' && scope.orgId && isNeonApiError(e) && e.status === 403) {
      return [await client.getOrganization(scope.orgId, { signal })];
    }
    throw e;
  }
}

/** First page of projects outside any org (personal keys), or undefined when there is no such space. */
export async function loadPersonalProjects(client: NeonClient, pageSize = PROJECT_PAGE_SIZE, signal?: AbortSignal): Promise<LoadedPage<Project> | undefined> {
  try {
    const page = await client.listProjectsPage({ limit: pageSize, signal });
    return { items: page.projects.filter((p) => !p.org_id), ...pageRest(page) };
  } catch (e) {
    if (isNoPersonalSpace(e)) return undefined;
    throw e;
  }
}

/**
 * An account's first level: its orgs, and its personal projects where the API still has them.
 * Organization and project keys have no personal space to ask for. A personal account known to
 * have none is not asked again: the unscoped list answers it 400 each time (walk 32), and Neon
 * migrated personal spaces to organizations, so one never comes back.
 */
export async function loadAccountLevel(client: NeonClient, scope: AccountScope, signal?: AbortSignal): Promise<AccountLevel> {
  if (scope.kind !== 'personal') return { orgs: await loadOrganizations(client, scope, signal) };
  if (scope.personalSpace === false) return { orgs: await loadOrganizations(client, scope, signal), personalSpace: false };
  const [orgs, personal] = await Promise.all([loadOrganizations(client, scope, signal), loadPersonalProjects(client, PROJECT_PAGE_SIZE, signal)]);
  if (!personal) return { orgs, personalSpace: false };
  return personal.items.length > 0 ? { orgs, personal, personalSpace: true } : { orgs, personalSpace: true };
}

export function orgProjectsSource(client: () => Promise<NeonClient>, orgId: string, search?: string, pageSize = PROJECT_PAGE_SIZE): PageSource<Project> {
  return async (cursor, signal, onNextCursor) => {
    const page = await (await client()).listProjectsPage({ orgId, cursor, limit: pageSize, ...(search ? { search } : {}), signal, onNextCursor });
    return { items: page.projects, ...pageRest(page) };
  };
}

export function personalProjectsSource(client: () => Promise<NeonClient>, pageSize = PROJECT_PAGE_SIZE): PageSource<Project> {
  return async (cursor, signal, onNextCursor) => {
    const page = await (await client()).listProjectsPage({ cursor, limit: pageSize, signal, onNextCursor });
    return { items: page.projects.filter((p) => !p.org_id), ...pageRest(page) };
  };
}

/** The cursor and the ids the API could not load in time, as the loader wants them. */
function pageRest(page: ProjectsPage): Omit<LoadedPage<Project>, 'items'> {
  return { ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}), ...(page.unavailableProjectIds?.length ? { unavailable: page.unavailableProjectIds } : {}) };
}

export function sharedProjectsSource(client: () => Promise<NeonClient>, pageSize = PROJECT_PAGE_SIZE): PageSource<Project> {
  return async (cursor, signal) => {
    const page = await (await client()).listSharedProjectsPage({ cursor, limit: pageSize, signal });
    return { items: page.projects, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  };
}

/** Drops repeats (a project created while paging can shift a page): tree ids must be unique. */
export function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((x) => (seen.has(x.id) ? false : (seen.add(x.id), true)));
}
