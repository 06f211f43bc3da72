/** Input types of NeonClient methods (camelCase; the client maps them to the API's fields). */
import type { LogFn } from './http';
import type { ProxyConfig } from './proxy';
import type { RetryOptions } from './retry';
import type { ConsumptionGranularity, ConsumptionMetricV2 } from './schemas/consumption';
import type { MemberRole } from './schemas/organizations';

export interface NeonClientOptions {
  /** e.g. `https://console.neon.tech/api/v2` or the emulator's url. */
  baseUrl: string;
  apiKey: string;
  /** `neon-explorer/<version>` */
  userAgent: string;
  /** Per attempt (default 30000). */
  timeoutMs?: number;
  /** Requests of this client in flight at once (default 6). */
  maxConcurrent?: number;
  /** Receives request lines; never bodies, keys or passwords. */
  log?: LogFn;
  fetch?: typeof fetch;
  /** Send requests through a forward proxy (VS Code's http.proxy, HTTPS_PROXY, …); ignored with `fetch`. */
  proxy?: ProxyConfig;
  /** Retry tuning (defaults: 5 attempts, base 250 ms, cap 8 s, Retry-After ≤ 60 s honoured). */
  retry?: Partial<RetryOptions>;
}

/** Every method takes this (or a superset) last, so a cancelled command stops its requests. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** A read of one page that a pager may want to follow before the page is checked. */
export interface PagedReadOptions {
  /**
   * Called with the next page's cursor as soon as the answer is parsed, before it is validated,
   * when there is a next page: the pager can ask for it while this page is checked.
   */
  onNextCursor?: (cursor: string) => void;
}

export interface ListProjectsPageParams extends RequestOptions, PagedReadOptions {
  orgId?: string;
  cursor?: string;
  /** 1..400, default 100. */
  limit?: number;
  search?: string;
}

export interface IterateProjectsParams extends RequestOptions {
  orgId?: string;
  search?: string;
  /** default 400 */
  pageSize?: number;
}

export interface CreateProjectParams {
  name?: string;
  regionId?: string;
  pgVersion?: number;
  orgId?: string;
}

export interface UpdateProjectParams {
  name?: string;
}

export interface TransferProjectsParams {
  sourceOrgId: string;
  destinationOrgId: string;
  /** 1..400 ids */
  projectIds: string[];
}

export interface LegacyTransferProjectsParams {
  destinationOrgId: string;
  projectIds: string[];
}

export type SortOrder = 'asc' | 'desc';

export interface ListBranchesPageParams extends RequestOptions {
  cursor?: string;
  /** 1..10000 (clamped) */
  limit?: number;
  search?: string;
  sortBy?: 'name' | 'created_at' | 'updated_at';
  sortOrder?: SortOrder;
}

export interface IterateBranchesParams extends RequestOptions {
  search?: string;
  /** default 1000 */
  pageSize?: number;
  sortBy?: 'name' | 'created_at' | 'updated_at';
  sortOrder?: SortOrder;
}

export interface CreateBranchParams {
  name?: string;
  parentId?: string;
  /** ISO date-time on the parent branch. */
  parentTimestamp?: string;
  parentLsn?: string;
  protected?: boolean;
  /** RFC 3339, to the second, with a zone; at most 30 days ahead (Early Access in Neon). */
  expiresAt?: string;
  /** `annotation_value`: string properties shown with the branch (at most 50). */
  annotationValue?: Record<string, string>;
  /** e.g. `[{type: 'read_write'}]` to get a compute (and so a connection string). */
  endpoints?: Array<{ type: 'read_write' | 'read_only'; autoscalingLimitMinCu?: number; autoscalingLimitMaxCu?: number }>;
}

export interface UpdateBranchParams {
  name?: string;
  protected?: boolean;
  /** null removes the expiration. */
  expiresAt?: string | null;
}

export interface ListMembersPageParams extends RequestOptions {
  cursor?: string;
  /** 1..500 */
  limit?: number;
  sortBy?: 'email' | 'role' | 'joined_at';
  sortOrder?: SortOrder;
}

export interface IterateMembersParams extends RequestOptions {
  /** default 500 */
  pageSize?: number;
  sortBy?: 'email' | 'role' | 'joined_at';
  sortOrder?: SortOrder;
}

export interface InvitationInput {
  email: string;
  role: MemberRole;
}

export interface CreateOrgApiKeyParams {
  /** at most 64 characters */
  keyName: string;
  /** makes a project-scoped key */
  projectId?: string;
}

export interface CreateRoleParams {
  /** at most 63 bytes */
  name: string;
  noLogin?: boolean;
}

export interface CreateDatabaseParams {
  /** at most 63 bytes */
  name: string;
  /** an existing role of the branch */
  ownerName: string;
}

/** What `PATCH …/databases/{name}` changes: a new name (at most 63 bytes), another owner (a role of the branch), or both. */
export interface UpdateDatabaseParams {
  name?: string;
  ownerName?: string;
}

export interface ConnectionUriParams extends RequestOptions {
  projectId: string;
  branchId?: string;
  endpointId?: string;
  databaseName: string;
  roleName: string;
  pooled?: boolean;
}

interface ConsumptionRange {
  from: string | Date;
  to: string | Date;
  granularity: ConsumptionGranularity;
}

export interface ConsumptionProjectsParams extends RequestOptions, PagedReadOptions, ConsumptionRange {
  metrics: ConsumptionMetricV2[];
  orgId: string;
  projectIds?: string[];
  /** 1..100, default 100 */
  limit?: number;
  cursor?: string;
}

export interface ConsumptionBranchesParams extends RequestOptions, ConsumptionRange {
  /** Only BRANCH_CONSUMPTION_METRICS are sent (the endpoint supports no others). */
  metrics: ConsumptionMetricV2[];
  /** Required by the API. */
  orgId: string;
  /** 1..100 ids, required by the API */
  projectIds: string[];
  branchIds?: string[];
  /** 1..1000, default 100 */
  limit?: number;
  cursor?: string;
}

export interface LegacyConsumptionProjectsParams extends RequestOptions, PagedReadOptions, ConsumptionRange {
  orgId?: string;
  projectIds?: string[];
  metrics?: string[];
  /** 1..100, default 100 */
  limit?: number;
  cursor?: string;
}
