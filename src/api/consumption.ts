/**
 * The consumption endpoints, as functions over a NeonClient rather than its methods: only the
 * consumption panel reads them, and it is loaded on first use (src/rarelyUsed.ts), so these, their
 * schemas and their one-pass checks stay out of the extension's first bundle (dist/extension.js).
 * Import from here, not from `src/api` (whose index the extension loads at activation).
 */
import * as l10n from '@vscode/l10n';
import type * as z from 'zod/mini';
import type { NeonClient } from './client';
import { NeonApiError } from './errors';
import { clampLimit, earlyCursor, nextCursorOf } from './pagination';
import type { ConsumptionBranchesParams, ConsumptionProjectsParams, LegacyConsumptionProjectsParams } from './params';
import type { ConsumptionBranchesPage, ConsumptionProjectsPage, LegacyConsumptionProjectsPage } from './results';
import {
  ConsumptionBranchesResponseSchema,
  ConsumptionProjectsResponseSchema,
  isConsumptionBranchesResponse,
  isConsumptionProjectsResponse,
  isLegacyConsumptionProjectsResponse,
  LegacyConsumptionProjectsResponseSchema,
  type ConsumptionMetricV2,
} from './schemas/consumption';

export const CONSUMPTION_PROJECTS_PAGE_MAX = 100;
export const CONSUMPTION_BRANCHES_PAGE_MAX = 1000;
/** The only metrics `GET /consumption_history/v2/branches` supports (its description says so). */
export const BRANCH_CONSUMPTION_METRICS: readonly ConsumptionMetricV2[] = [
  'compute_unit_seconds', 'root_branch_bytes_month', 'child_branch_bytes_month', 'instant_restore_bytes_month',
  'public_network_transfer_bytes', 'private_network_transfer_bytes',
];

/** `GET /consumption_history/v2/projects` (usage-based plans), one page (max 100 projects). */
export function getConsumptionProjectsPage(client: NeonClient, params: ConsumptionProjectsParams): Promise<ConsumptionProjectsPage> {
  return projectsPage(client, '/consumption_history/v2/projects', ConsumptionProjectsResponseSchema, isConsumptionProjectsResponse, params);
}

/** `GET /consumption_history/v2/branches`, one page. */
export async function getConsumptionBranchesPage(client: NeonClient, params: ConsumptionBranchesParams): Promise<ConsumptionBranchesPage> {
  const limit = clampLimit(params.limit ?? 100, CONSUMPTION_BRANCHES_PAGE_MAX);
  const metrics = params.metrics.filter((m) => BRANCH_CONSUMPTION_METRICS.includes(m));
  const path = '/consumption_history/v2/branches';
  if (!params.orgId) throw new NeonApiError({ kind: 'invalidArgument', message: l10n.t('Branch consumption needs the organization of the projects'), method: 'GET', path });
  if (metrics.length === 0) {
    throw new NeonApiError({ kind: 'invalidArgument', message: l10n.t('Branch consumption supports only {0}', BRANCH_CONSUMPTION_METRICS.join(', ')), method: 'GET', path });
  }
  const r = await client.req('GET', path, ConsumptionBranchesResponseSchema, {
    accepts: isConsumptionBranchesResponse,
    query: {
      metrics,
      ...consumptionScope(params),
      branch_ids: params.branchIds,
      limit,
      cursor: params.cursor,
    },
    signal: params.signal,
  });
  const next = nextCursorOf(r.branches.length, limit, r.pagination?.cursor, params.cursor);
  return next === undefined ? { branches: r.branches } : { branches: r.branches, nextCursor: next };
}

/** `GET /consumption_history/projects` (legacy plans), one page. */
export function getLegacyConsumptionProjectsPage(client: NeonClient, params: LegacyConsumptionProjectsParams): Promise<LegacyConsumptionProjectsPage> {
  return projectsPage(client, '/consumption_history/projects', LegacyConsumptionProjectsResponseSchema, isLegacyConsumptionProjectsResponse, params);
}

/** One page of either per-project endpoint: the same query, paging and look-ahead; only the answer's shape differs. */
async function projectsPage<P>(
  client: NeonClient,
  route: string,
  schema: z.ZodMiniType<{ projects: P[]; pagination?: { cursor?: string } | null }>,
  accepts: (json: unknown) => boolean,
  params: ConsumptionProjectsParams | LegacyConsumptionProjectsParams,
): Promise<{ projects: P[]; nextCursor?: string }> {
  const limit = clampLimit(params.limit ?? 100, CONSUMPTION_PROJECTS_PAGE_MAX);
  const r = await client.req('GET', route, schema, {
    accepts,
    query: { metrics: params.metrics, ...consumptionScope(params), limit, cursor: params.cursor },
    signal: params.signal,
    ...earlyCursor(params.onNextCursor, limit, params.cursor, 'projects'),
  });
  const next = nextCursorOf(r.projects.length, limit, r.pagination?.cursor, params.cursor);
  return next === undefined ? { projects: r.projects } : { projects: r.projects, nextCursor: next };
}

/** The range and scope every consumption endpoint takes, in the API's names. */
function consumptionScope(p: { from: string | Date; to: string | Date; granularity: string; orgId?: string; projectIds?: string[] }) {
  return { from: p.from, to: p.to, granularity: p.granularity, org_id: p.orgId, project_ids: p.projectIds };
}
