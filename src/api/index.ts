/**
 * Public surface of the Neon API client. Import from `src/api` only.
 *
 *   const client = new NeonClient({ baseUrl, apiKey, userAgent: 'neon-explorer/0.1.0' });
 *   for await (const p of client.iterateProjects({ orgId, signal })) ...
 *   const page = await client.listProjectsPage({ orgId, limit: 100 }); // page.nextCursor → "Load more…"
 *   try { ... } catch (e) { if (isCancellation(e)) return; if (isNeonApiError(e)) show(e.userMessage()); }
 */
export { NeonClient, DEFAULT_MAX_CONCURRENT, DEFAULT_TIMEOUT_MS, PROJECTS_PAGE_MAX } from './client';
export type {
  BranchesPage,
  ConsumptionBranchesPage,
  ConsumptionProjectsPage,
  DeletedBranch,
  DeletedDatabase,
  DeletedRole,
  LegacyConsumptionProjectsPage,
  MembersPage,
  ProjectWithOperations,
  ProjectsPage,
} from './results';
export * from './params';
export { NeonApiError, isNeonApiError, isCancellation, isLostAnswer, kindForStatus } from './errors';
export type { NeonErrorKind, TransferLimit, ProjectIntegration } from './errors';
export type { LogFn, LogLevel, RateLimitWait } from './http';
export type { RetryOptions } from './retry';
export type { ProxyConfig } from './proxy';
export { DEFAULT_RETRY } from './retry';
export { PagedIterable } from './pagination';
export type { Page } from './pagination';
export { OPERATION_FAILURE, OPERATION_SUCCESS, isOperationDone, isOperationFailed } from './operations';
export type { WaitForOperationsOptions } from './operations';
export * from './schemas';
// Types only: the consumption endpoints and their schemas load with the consumption panel (./consumption.ts).
export type * from './schemas/consumption';
