/**
 * NeonClient: one per account. Typed methods for every endpoint the extension uses; all requests
 * share one concurrency cap, retry policy and error type (NeonApiError). Imports nothing from vscode.
 */
import * as z from 'zod/mini';
import { NeonApiError, PERSONAL_TRANSFER_PATH } from './errors';
import { HttpCore, type HttpMethod, type QueryValue, type RateLimitWait } from './http';
import { PagedIterable, clampLimit, earlyCursor, nextCursorOf } from './pagination';
import { waitForOperations, type WaitForOperationsOptions } from './operations';
import type {
  BranchesPage,
  DeletedBranch,
  DeletedRole,
  DeletedDatabase,
  MembersPage,
  ProjectWithOperations,
  ProjectsPage,
} from './results';
import type {
  ConnectionUriParams,
  CreateBranchParams,
  UpdateBranchParams,
  CreateOrgApiKeyParams,
  CreateProjectParams,
  CreateRoleParams,
  CreateDatabaseParams,
  UpdateDatabaseParams,
  InvitationInput,
  IterateBranchesParams,
  IterateMembersParams,
  IterateProjectsParams,
  LegacyTransferProjectsParams,
  ListBranchesPageParams,
  ListMembersPageParams,
  ListProjectsPageParams,
  NeonClientOptions,
  RequestOptions,
  TransferProjectsParams,
  UpdateProjectParams,
} from './params';
import { RegionsResponseSchema, type Region } from './schemas/regions';
import { EmptySchema, OperationResponseSchema, OperationsResponseSchema, type Operation } from './schemas/common';
import { AuthDetailsSchema, CurrentUserSchema, type AuthDetails, type CurrentUser } from './schemas/identity';
import {
  InvitationsResponseSchema,
  MemberSchema,
  MembersResponseSchema,
  OrganizationSchema,
  OrganizationsResponseSchema,
  type Invitation,
  type Member,
  type MemberRole,
  type MemberWithUser,
  type Organization,
} from './schemas/organizations';
import {
  CreatedApiKeySchema,
  OrgApiKeySchema,
  RevokedApiKeySchema,
  type CreatedApiKey,
  type OrgApiKey,
  type RevokedApiKey,
} from './schemas/apiKeys';
import {
  CreatedProjectSchema,
  ProjectOperationsSchema,
  ProjectPermissionSchema,
  ProjectPermissionsResponseSchema,
  ProjectResponseSchema,
  ProjectsResponseSchema,
  type CreatedProject,
  type Project,
  type ProjectPermission,
} from './schemas/projects';
import {
  BranchOperationsSchema,
  BranchResponseSchema,
  BranchesResponseSchema,
  CreatedBranchSchema,
  type Branch,
  type BranchOperations,
  type CreatedBranch,
} from './schemas/branches';
import {
  ConnectionUriSchema,
  DatabaseOperationsSchema,
  DatabasesResponseSchema,
  EndpointsResponseSchema,
  RoleOperationsSchema,
  RolePasswordSchema,
  BranchSchemaSchema,
  RolesResponseSchema,
  type Database,
  type DatabaseOperations,
  type Endpoint,
  type Role,
  type RoleOperations,
} from './schemas/resources';
import * as l10n from '@vscode/l10n';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONCURRENT = 6;
/** Page-size maxima from the OpenAPI document (`limit` of each list; test/unit/api-limits.test.ts reads them back). */
export const PROJECTS_PAGE_MAX = 400;
export const MEMBERS_PAGE_MAX = 500;
export const BRANCHES_PAGE_MAX = 10_000;
export const OPERATIONS_PAGE_MAX = 1000;

export class NeonClient {
  readonly baseUrl: string;
  private readonly http: HttpCore;

  constructor(options: NeonClientOptions) {
    // Pasted keys often carry a newline or spaces; anything else outside printable ASCII cannot be
    // sent in a header (and fetch's error would quote the header, i.e. the key).
    const apiKey = (options.apiKey ?? '').trim();
    if (!apiKey) throw new NeonApiError({ kind: 'invalidArgument', message: l10n.t('An API key is required') });
    if (/[^\x21-\x7e]/.test(apiKey)) {
      throw new NeonApiError({ kind: 'invalidArgument', message: l10n.t('The API key contains characters that are not allowed; paste it again') });
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.http = new HttpCore({
      baseUrl: this.baseUrl,
      apiKey,
      userAgent: options.userAgent,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxConcurrent: options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
      ...(options.log ? { log: options.log } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }

  /** host:port of the proxy this client's requests go through, if any. */
  get proxy(): string | undefined {
    return this.http.proxy;
  }

  /** Told when Neon asks this account to slow down (429 + Retry-After); returns the unsubscribe. */
  onRateLimit(listener: (wait: RateLimitWait) => void): () => void {
    return this.http.onRateLimit(listener);
  }

  /** Epoch ms until which this account's requests hold back after a 429 (past or 0: they do not). */
  get rateLimitedUntil(): number {
    return this.http.rateLimitedUntil;
  }

  /**
   * One request through this account's core (limits, retries, logs, the schema check). Public for
   * the endpoint modules kept apart from the class (./consumption.ts: only the consumption panel,
   * loaded on first use, reads those endpoints, so they stay out of the extension's first bundle).
   */
  req<T>(
    method: HttpMethod,
    route: string,
    schema: z.ZodMiniType<T>,
    o: { params?: Record<string, string | number>; query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal; empty?: () => T; peek?: (json: unknown) => void; accepts?: (json: unknown) => boolean } = {},
  ): Promise<T> {
    return this.http.request({ method, route, schema, ...o });
  }

  // ---------------------------------------------------------------- identity

  /** `GET /auth`: `auth_method` tells a personal key (`api_key_user`) from an org key (`api_key_org`). */
  getAuth(opts: RequestOptions = {}): Promise<AuthDetails> {
    return this.req('GET', '/auth', AuthDetailsSchema, { signal: opts.signal });
  }

  /** `GET /users/me` (personal keys only). */
  getCurrentUser(opts: RequestOptions = {}): Promise<CurrentUser> {
    return this.req('GET', '/users/me', CurrentUserSchema, { signal: opts.signal });
  }

  /** `GET /users/me/organizations`. With an org key: the owning org, or 403 on older APIs. */
  async listMyOrganizations(opts: RequestOptions = {}): Promise<Organization[]> {
    const r = await this.req('GET', '/users/me/organizations', OrganizationsResponseSchema, { signal: opts.signal });
    return r.organizations;
  }

  getOrganization(orgId: string, opts: RequestOptions = {}): Promise<Organization> {
    return this.req('GET', '/organizations/{org_id}', OrganizationSchema, { params: { org_id: orgId }, signal: opts.signal });
  }

  // ---------------------------------------------------------------- members

  async listMembersPage(orgId: string, opts: ListMembersPageParams = {}): Promise<MembersPage> {
    const limit = clampLimit(opts.limit ?? MEMBERS_PAGE_MAX, MEMBERS_PAGE_MAX);
    const r = await this.req('GET', '/organizations/{org_id}/members', MembersResponseSchema, {
      params: { org_id: orgId },
      query: { limit, cursor: opts.cursor, sort_by: opts.sortBy, sort_order: opts.sortOrder },
      signal: opts.signal,
    });
    const next = nextCursorOf(r.members.length, limit, r.pagination?.next, opts.cursor);
    return next === undefined ? { members: r.members } : { members: r.members, nextCursor: next };
  }

  iterateMembers(orgId: string, opts: IterateMembersParams = {}): PagedIterable<MemberWithUser> {
    return new PagedIterable(async (cursor, limit) => {
      const r = await this.listMembersPage(orgId, { ...opts, cursor, limit });
      return { items: r.members, cursor: r.nextCursor };
    }, clampLimit(opts.pageSize ?? MEMBERS_PAGE_MAX, MEMBERS_PAGE_MAX));
  }

  /** All members (follows pages). */
  listMembers(orgId: string, opts: IterateMembersParams = {}): Promise<MemberWithUser[]> {
    return this.iterateMembers(orgId, opts).toArray();
  }


  /** Admin only; the only admin cannot be demoted. */
  updateMemberRole(orgId: string, memberId: string, role: MemberRole, opts: RequestOptions = {}): Promise<Member> {
    return this.req('PATCH', '/organizations/{org_id}/members/{member_id}', MemberSchema, {
      params: { org_id: orgId, member_id: memberId },
      body: { role },
      signal: opts.signal,
    });
  }

  /** Personal key of an admin only; the only admin cannot be removed. */
  async removeMember(orgId: string, memberId: string, opts: RequestOptions = {}): Promise<void> {
    await this.req('DELETE', '/organizations/{org_id}/members/{member_id}', EmptySchema, {
      params: { org_id: orgId, member_id: memberId },
      signal: opts.signal,
      empty: () => ({}),
    });
  }

  // ---------------------------------------------------------------- invitations

  async listInvitations(orgId: string, opts: RequestOptions = {}): Promise<Invitation[]> {
    const r = await this.req('GET', '/organizations/{org_id}/invitations', InvitationsResponseSchema, {
      params: { org_id: orgId },
      signal: opts.signal,
    });
    return r.invitations;
  }

  /** Invite several people at once; returns the created invitations. */
  async createInvitations(orgId: string, invitations: InvitationInput[], opts: RequestOptions = {}): Promise<Invitation[]> {
    const r = await this.req('POST', '/organizations/{org_id}/invitations', InvitationsResponseSchema, {
      params: { org_id: orgId },
      body: { invitations: invitations.map((i) => ({ email: i.email, role: i.role })) },
      signal: opts.signal,
    });
    return r.invitations;
  }

  // ---------------------------------------------------------------- org API keys

  listOrgApiKeys(orgId: string, opts: RequestOptions = {}): Promise<OrgApiKey[]> {
    return this.req('GET', '/organizations/{org_id}/api_keys', z.array(OrgApiKeySchema), {
      params: { org_id: orgId },
      signal: opts.signal,
    });
  }

  /** The returned `key` is shown once; store it, never log it. */
  createOrgApiKey(orgId: string, params: CreateOrgApiKeyParams, opts: RequestOptions = {}): Promise<CreatedApiKey> {
    if (params.keyName.length === 0 || params.keyName.length > 64) {
      return Promise.reject(new NeonApiError({ kind: 'invalidArgument', message: l10n.t('The key name must be 1 to 64 characters'), method: 'POST', path: '/organizations/{org_id}/api_keys' }));
    }
    const body: Record<string, unknown> = { key_name: params.keyName };
    if (params.projectId) body.project_id = params.projectId;
    return this.req('POST', '/organizations/{org_id}/api_keys', CreatedApiKeySchema, {
      params: { org_id: orgId },
      body,
      signal: opts.signal,
    });
  }

  revokeOrgApiKey(orgId: string, keyId: number, opts: RequestOptions = {}): Promise<RevokedApiKey> {
    return this.req('DELETE', '/organizations/{org_id}/api_keys/{key_id}', RevokedApiKeySchema, {
      params: { org_id: orgId, key_id: keyId },
      signal: opts.signal,
    });
  }




  // ---------------------------------------------------------------- regions

  /**
   * `GET /regions`. The document: "Not all regions are available to all organizations. Pass the
   * `org_id` parameter to get an accurate list" — so pass it whenever the project goes to an org.
   */
  async listRegions(params: RequestOptions & { orgId?: string } = {}): Promise<Region[]> {
    const r = await this.req('GET', '/regions', RegionsResponseSchema, { query: { org_id: params.orgId }, signal: params.signal });
    return r.regions;
  }

  // ---------------------------------------------------------------- projects

  /** One page of projects, for a tree with "Load more…". `limit` default 100, max 400. */
  async listProjectsPage(params: ListProjectsPageParams = {}): Promise<ProjectsPage> {
    const limit = clampLimit(params.limit ?? 100, PROJECTS_PAGE_MAX);
    const r = await this.req('GET', '/projects', ProjectsResponseSchema, {
      query: { limit, cursor: params.cursor, search: params.search, org_id: params.orgId },
      signal: params.signal,
      ...earlyCursor(params.onNextCursor, limit, params.cursor, 'projects', 'unavailable_project_ids'),
    });
    const page: ProjectsPage = { projects: r.projects };
    const unavailable = r.unavailable_project_ids ?? [];
    // A page cut short by the API's time limit is not the last page: its unloaded ids fill it up.
    const next = nextCursorOf(r.projects.length + unavailable.length, limit, r.pagination?.cursor, params.cursor);
    if (next !== undefined) page.nextCursor = next;
    if (unavailable.length) page.unavailableProjectIds = unavailable;
    return page;
  }

  /** Async iterable of projects (`for await (const p of ...)`); `.pages()` yields whole pages. */
  iterateProjects(params: IterateProjectsParams = {}): PagedIterable<Project> {
    const pageSize = clampLimit(params.pageSize ?? PROJECTS_PAGE_MAX, PROJECTS_PAGE_MAX);
    return new PagedIterable(async (cursor, limit) => {
      const r = await this.listProjectsPage({ orgId: params.orgId, search: params.search, signal: params.signal, cursor, limit });
      return { items: r.projects, cursor: r.nextCursor };
    }, pageSize);
  }

  /** All projects (follows pages). */
  listProjects(params: IterateProjectsParams = {}): Promise<Project[]> {
    return this.iterateProjects(params).toArray();
  }

  /** With a personal key, pass `orgId` (accounts without a personal space get 400 "org_id is required"). */
  createProject(params: CreateProjectParams = {}, opts: RequestOptions = {}): Promise<CreatedProject> {
    const project: Record<string, unknown> = {};
    if (params.name !== undefined) project.name = params.name;
    if (params.regionId !== undefined) project.region_id = params.regionId;
    if (params.pgVersion !== undefined) project.pg_version = params.pgVersion;
    if (params.orgId !== undefined) project.org_id = params.orgId;
    return this.req('POST', '/projects', CreatedProjectSchema, { body: { project }, signal: opts.signal });
  }

  async getProject(projectId: string, opts: RequestOptions = {}): Promise<Project> {
    const r = await this.req('GET', '/projects/{project_id}', ProjectResponseSchema, { params: { project_id: projectId }, signal: opts.signal });
    return r.project;
  }

  updateProject(projectId: string, params: UpdateProjectParams, opts: RequestOptions = {}): Promise<ProjectWithOperations> {
    const project: Record<string, unknown> = {};
    if (params.name !== undefined) project.name = params.name;
    return this.req('PATCH', '/projects/{project_id}', ProjectOperationsSchema, {
      params: { project_id: projectId },
      body: { project },
      signal: opts.signal,
    });
  }

  /** Returns the deleted project. */
  async deleteProject(projectId: string, opts: RequestOptions = {}): Promise<Project> {
    const r = await this.req('DELETE', '/projects/{project_id}', ProjectResponseSchema, { params: { project_id: projectId }, signal: opts.signal });
    return r.project;
  }

  /** "Shared with me": one page of `GET /projects/shared`. */
  async listSharedProjectsPage(params: Omit<ListProjectsPageParams, 'orgId'> = {}): Promise<ProjectsPage> {
    const limit = clampLimit(params.limit ?? 100, PROJECTS_PAGE_MAX);
    const r = await this.req('GET', '/projects/shared', ProjectsResponseSchema, {
      query: { limit, cursor: params.cursor, search: params.search },
      signal: params.signal,
    });
    const next = nextCursorOf(r.projects.length, limit, r.pagination?.cursor, params.cursor);
    return next === undefined ? { projects: r.projects } : { projects: r.projects, nextCursor: next };
  }



  // ---------------------------------------------------------------- sharing (guests)

  async listProjectPermissions(projectId: string, opts: RequestOptions = {}): Promise<ProjectPermission[]> {
    const r = await this.req('GET', '/projects/{project_id}/permissions', ProjectPermissionsResponseSchema, {
      params: { project_id: projectId },
      signal: opts.signal,
    });
    return r.project_permissions;
  }

  grantProjectPermission(projectId: string, email: string, opts: RequestOptions = {}): Promise<ProjectPermission> {
    return this.req('POST', '/projects/{project_id}/permissions', ProjectPermissionSchema, {
      params: { project_id: projectId },
      body: { email },
      signal: opts.signal,
    });
  }

  revokeProjectPermission(projectId: string, permissionId: string, opts: RequestOptions = {}): Promise<ProjectPermission> {
    return this.req('DELETE', '/projects/{project_id}/permissions/{permission_id}', ProjectPermissionSchema, {
      params: { project_id: projectId, permission_id: permissionId },
      signal: opts.signal,
    });
  }

  // ---------------------------------------------------------------- transfer

  /** Org → org. 406 → `err.limits`, 422 → `err.projects` (integrations). */
  async transferProjects(params: TransferProjectsParams, opts: RequestOptions = {}): Promise<void> {
    checkTransferIds(params.projectIds, '/organizations/{source_org_id}/projects/transfer');
    await this.req('POST', '/organizations/{source_org_id}/projects/transfer', EmptySchema, {
      params: { source_org_id: params.sourceOrgId },
      body: { destination_org_id: params.destinationOrgId, project_ids: params.projectIds },
      signal: opts.signal,
      empty: () => ({}),
    });
  }

  /**
   * Legacy personal account → org (`POST /users/me/projects/transfer`). Deprecated, sunset
   * 2026-07-01: "Personal accounts have been migrated to organizations". Kept only for projects the
   * API still lists outside any organization; a 404/410 becomes a sentence saying so (errors.ts).
   */
  async transferProjectsFromPersonal(params: LegacyTransferProjectsParams, opts: RequestOptions = {}): Promise<void> {
    checkTransferIds(params.projectIds, PERSONAL_TRANSFER_PATH);
    await this.req('POST', PERSONAL_TRANSFER_PATH, EmptySchema, {
      body: { destination_org_id: params.destinationOrgId, project_ids: params.projectIds },
      signal: opts.signal,
      empty: () => ({}),
    });
  }

  // ---------------------------------------------------------------- branches

  async listBranchesPage(projectId: string, params: ListBranchesPageParams = {}): Promise<BranchesPage> {
    const limit = clampLimit(params.limit ?? 1000, BRANCHES_PAGE_MAX);
    const r = await this.req('GET', '/projects/{project_id}/branches', BranchesResponseSchema, {
      params: { project_id: projectId },
      query: { limit, cursor: params.cursor, search: params.search, sort_by: params.sortBy, sort_order: params.sortOrder },
      signal: params.signal,
    });
    const page: BranchesPage = { branches: r.branches, annotations: r.annotations ?? {} };
    const next = nextCursorOf(r.branches.length, limit, r.pagination?.next, params.cursor);
    if (next !== undefined) page.nextCursor = next;
    return page;
  }

  iterateBranches(projectId: string, params: IterateBranchesParams = {}): PagedIterable<Branch> {
    return new PagedIterable(async (cursor, limit) => {
      const r = await this.listBranchesPage(projectId, { search: params.search, sortBy: params.sortBy, sortOrder: params.sortOrder, signal: params.signal, cursor, limit });
      return { items: r.branches, cursor: r.nextCursor };
    }, clampLimit(params.pageSize ?? 1000, BRANCHES_PAGE_MAX));
  }

  /** All branches of a project (follows pages). */
  listBranches(projectId: string, params: IterateBranchesParams = {}): Promise<Branch[]> {
    return this.iterateBranches(projectId, params).toArray();
  }

  async getBranch(projectId: string, branchId: string, opts: RequestOptions = {}): Promise<Branch> {
    const r = await this.req('GET', '/projects/{project_id}/branches/{branch_id}', BranchResponseSchema, {
      params: { project_id: projectId, branch_id: branchId },
      signal: opts.signal,
    });
    return r.branch;
  }

  /** Pass `endpoints: [{type: 'read_write'}]` to get a compute. Wait for `operations` before the next change. */
  createBranch(projectId: string, params: CreateBranchParams = {}, opts: RequestOptions = {}): Promise<CreatedBranch> {
    const branch: Record<string, unknown> = {};
    if (params.name !== undefined) branch.name = params.name;
    if (params.parentId !== undefined) branch.parent_id = params.parentId;
    if (params.parentTimestamp !== undefined) branch.parent_timestamp = params.parentTimestamp;
    if (params.parentLsn !== undefined) branch.parent_lsn = params.parentLsn;
    if (params.protected !== undefined) branch.protected = params.protected;
    if (params.expiresAt !== undefined) branch.expires_at = params.expiresAt;
    const body: Record<string, unknown> = { branch };
    if (params.annotationValue !== undefined) body.annotation_value = params.annotationValue;
    if (params.endpoints) {
      body.endpoints = params.endpoints.map((e) => {
        const ep: Record<string, unknown> = { type: e.type };
        if (e.autoscalingLimitMinCu !== undefined) ep.autoscaling_limit_min_cu = e.autoscalingLimitMinCu;
        if (e.autoscalingLimitMaxCu !== undefined) ep.autoscaling_limit_max_cu = e.autoscalingLimitMaxCu;
        return ep;
      });
    }
    return this.req('POST', '/projects/{project_id}/branches', CreatedBranchSchema, {
      params: { project_id: projectId },
      body,
      signal: opts.signal,
    });
  }


  updateBranch(projectId: string, branchId: string, params: UpdateBranchParams, opts: RequestOptions = {}): Promise<BranchOperations> {
    const branch: Record<string, unknown> = {};
    if (params.name !== undefined) branch.name = params.name;
    if (params.protected !== undefined) branch.protected = params.protected;
    if (params.expiresAt !== undefined) branch.expires_at = params.expiresAt;
    return this.req('PATCH', '/projects/{project_id}/branches/{branch_id}', BranchOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId },
      body: { branch },
      signal: opts.signal,
    });
  }

  /**
   * `POST …/branches/{id}/restore`: the branch takes `sourceBranchId`'s data (its parent: "reset from
   * parent"), optionally as of `sourceTimestamp`; `preserveUnderName` keeps the old state as a branch
   * (required when the branch has children or restores onto itself).
   */
  restoreBranch(
    projectId: string,
    branchId: string,
    params: { sourceBranchId: string; sourceTimestamp?: string; preserveUnderName?: string },
    opts: RequestOptions = {},
  ): Promise<BranchOperations> {
    const body: Record<string, unknown> = { source_branch_id: params.sourceBranchId };
    if (params.sourceTimestamp !== undefined) body.source_timestamp = params.sourceTimestamp;
    if (params.preserveUnderName !== undefined) body.preserve_under_name = params.preserveUnderName;
    return this.req('POST', '/projects/{project_id}/branches/{branch_id}/restore', BranchOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId },
      body,
      signal: opts.signal,
    });
  }

  /** `POST …/branches/{id}/set_as_default`: the previous default loses the flag. */
  setDefaultBranch(projectId: string, branchId: string, opts: RequestOptions = {}): Promise<BranchOperations> {
    return this.req('POST', '/projects/{project_id}/branches/{branch_id}/set_as_default', BranchOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId },
      signal: opts.signal,
    });
  }

  /** 204 (already gone) resolves to `{operations: []}` without `branch`. */
  deleteBranch(projectId: string, branchId: string, opts: RequestOptions = {}): Promise<DeletedBranch> {
    return this.req('DELETE', '/projects/{project_id}/branches/{branch_id}', BranchOperationsSchema as z.ZodMiniType<DeletedBranch>, {
      params: { project_id: projectId, branch_id: branchId },
      signal: opts.signal,
      empty: () => ({ operations: [] }),
    });
  }

  // ---------------------------------------------------------------- endpoints, databases


  async listProjectEndpoints(projectId: string, opts: RequestOptions = {}): Promise<Endpoint[]> {
    const r = await this.req('GET', '/projects/{project_id}/endpoints', EndpointsResponseSchema, {
      params: { project_id: projectId },
      signal: opts.signal,
    });
    return r.endpoints;
  }

  async listBranchEndpoints(projectId: string, branchId: string, opts: RequestOptions = {}): Promise<Endpoint[]> {
    const r = await this.req('GET', '/projects/{project_id}/branches/{branch_id}/endpoints', EndpointsResponseSchema, {
      params: { project_id: projectId, branch_id: branchId },
      signal: opts.signal,
    });
    return r.endpoints;
  }

  async listDatabases(projectId: string, branchId: string, opts: RequestOptions = {}): Promise<Database[]> {
    const r = await this.req('GET', '/projects/{project_id}/branches/{branch_id}/databases', DatabasesResponseSchema, {
      params: { project_id: projectId, branch_id: branchId },
      signal: opts.signal,
    });
    return r.databases;
  }

  createDatabase(projectId: string, branchId: string, params: CreateDatabaseParams, opts: RequestOptions = {}): Promise<DatabaseOperations> {
    const bytes = Buffer.byteLength(params.name, 'utf8');
    if (bytes === 0 || bytes > 63) {
      return Promise.reject(new NeonApiError({ kind: 'invalidArgument', message: l10n.t('A database name must be 1 to 63 bytes long'), method: 'POST', path: '/projects/{project_id}/branches/{branch_id}/databases' }));
    }
    return this.req('POST', '/projects/{project_id}/branches/{branch_id}/databases', DatabaseOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId },
      body: { database: { name: params.name, owner_name: params.ownerName } },
      signal: opts.signal,
    });
  }

  updateDatabase(projectId: string, branchId: string, databaseName: string, params: UpdateDatabaseParams, opts: RequestOptions = {}): Promise<DatabaseOperations> {
    const database: Record<string, unknown> = {};
    if (params.name !== undefined) database.name = params.name;
    if (params.ownerName !== undefined) database.owner_name = params.ownerName;
    return this.req('PATCH', '/projects/{project_id}/branches/{branch_id}/databases/{database_name}', DatabaseOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId, database_name: databaseName },
      body: { database },
      signal: opts.signal,
    });
  }

  /** 204 (already gone) resolves to `{operations: []}` without `database`. */
  deleteDatabase(projectId: string, branchId: string, databaseName: string, opts: RequestOptions = {}): Promise<DeletedDatabase> {
    return this.req('DELETE', '/projects/{project_id}/branches/{branch_id}/databases/{database_name}', DatabaseOperationsSchema as z.ZodMiniType<DeletedDatabase>, {
      params: { project_id: projectId, branch_id: branchId, database_name: databaseName },
      signal: opts.signal,
      empty: () => ({ operations: [] }),
    });
  }

  // ---------------------------------------------------------------- roles

  async listRoles(projectId: string, branchId: string, opts: RequestOptions = {}): Promise<Role[]> {
    const r = await this.req('GET', '/projects/{project_id}/branches/{branch_id}/roles', RolesResponseSchema, {
      params: { project_id: projectId, branch_id: branchId },
      signal: opts.signal,
    });
    return r.roles;
  }


  /** `role.password` holds the new password: write it where the user asks, never to a log. */
  createRole(projectId: string, branchId: string, params: CreateRoleParams, opts: RequestOptions = {}): Promise<RoleOperations> {
    if (Buffer.byteLength(params.name, 'utf8') === 0 || Buffer.byteLength(params.name, 'utf8') > 63) {
      return Promise.reject(new NeonApiError({ kind: 'invalidArgument', message: l10n.t('A role name must be 1 to 63 bytes long'), method: 'POST', path: '/projects/{project_id}/branches/{branch_id}/roles' }));
    }
    const role: Record<string, unknown> = { name: params.name };
    if (params.noLogin !== undefined) role.no_login = params.noLogin;
    return this.req('POST', '/projects/{project_id}/branches/{branch_id}/roles', RoleOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId },
      body: { role },
      signal: opts.signal,
    });
  }

  /** 204 (already gone) resolves to `{operations: []}` without `role`. A role owning a database cannot be deleted. */
  deleteRole(projectId: string, branchId: string, roleName: string, opts: RequestOptions = {}): Promise<DeletedRole> {
    return this.req('DELETE', '/projects/{project_id}/branches/{branch_id}/roles/{role_name}', RoleOperationsSchema as z.ZodMiniType<DeletedRole>, {
      params: { project_id: projectId, branch_id: branchId, role_name: roleName },
      signal: opts.signal,
      empty: () => ({ operations: [] }),
    });
  }

  /** `role.password` is the new password (valid once the operations finish). Never log it. */
  resetRolePassword(projectId: string, branchId: string, roleName: string, opts: RequestOptions = {}): Promise<RoleOperations> {
    return this.req('POST', '/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reset_password', RoleOperationsSchema, {
      params: { project_id: projectId, branch_id: branchId, role_name: roleName },
      signal: opts.signal,
    });
  }

  /** The stored password (412 when the project does not store passwords). Never log it. */
  async revealRolePassword(projectId: string, branchId: string, roleName: string, opts: RequestOptions = {}): Promise<string> {
    const r = await this.req('GET', '/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reveal_password', RolePasswordSchema, {
      params: { project_id: projectId, branch_id: branchId, role_name: roleName },
      signal: opts.signal,
    });
    return r.password;
  }

  /** The database's schema at the branch's head, as `pg_dump --schema-only` prints it. */
  async getBranchSchema(projectId: string, branchId: string, databaseName: string, opts: RequestOptions = {}): Promise<string> {
    const r = await this.req('GET', '/projects/{project_id}/branches/{branch_id}/schema', BranchSchemaSchema, {
      params: { project_id: projectId, branch_id: branchId },
      query: { db_name: databaseName },
      signal: opts.signal,
    });
    return r.sql ?? '';
  }

  // ---------------------------------------------------------------- connection

  /** `postgresql://role:password@host/db?sslmode=require` — contains a password. */
  async getConnectionUri(params: ConnectionUriParams): Promise<string> {
    const r = await this.req('GET', '/projects/{project_id}/connection_uri', ConnectionUriSchema, {
      params: { project_id: params.projectId },
      query: {
        branch_id: params.branchId,
        endpoint_id: params.endpointId,
        database_name: params.databaseName,
        role_name: params.roleName,
        pooled: params.pooled,
      },
      signal: params.signal,
    });
    return r.uri;
  }

  // ---------------------------------------------------------------- operations

  async getOperation(projectId: string, operationId: string, opts: RequestOptions = {}): Promise<Operation> {
    const r = await this.req('GET', '/projects/{project_id}/operations/{operation_id}', OperationResponseSchema, {
      params: { project_id: projectId, operation_id: operationId },
      signal: opts.signal,
    });
    return r.operation;
  }

  /** The project's latest operations, newest first (one page of `limit`). */
  async listOperations(projectId: string, opts: RequestOptions & { limit?: number } = {}): Promise<Operation[]> {
    const r = await this.req('GET', '/projects/{project_id}/operations', OperationsResponseSchema, {
      params: { project_id: projectId },
      query: { limit: opts.limit ?? 10 },
      signal: opts.signal,
    });
    return r.operations;
  }

  /**
   * Poll until every operation is `finished`/`skipped`. Throws NeonApiError kind 'operationFailed'
   * (failed/error/cancelled), 'timeout', or 'cancelled' (signal).
   */
  waitForOperations(projectId: string, operations: ReadonlyArray<Operation | string>, opts: WaitForOperationsOptions = {}): Promise<Operation[]> {
    return waitForOperations((id, signal) => this.getOperation(projectId, id, { signal }), operations, opts);
  }

}


function checkTransferIds(ids: string[], path: string): void {
  if (ids.length < 1 || ids.length > 400) {
    throw new NeonApiError({ kind: 'invalidArgument', message: l10n.t('Transfer between 1 and 400 projects at a time'), method: 'POST', path });
  }
}
