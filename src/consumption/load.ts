/**
 * Fetching consumption for a scope (an organization or one project): detects which API the
 * plan has (v2 → legacy per-project → none), follows every page (100 projects
 * a page) with progress and cancellation, and returns a dataset (see shape.ts).
 * No `vscode` here: the host panel and the tests call it with a NeonClient adapter or a fake.
 */
import { type ApiKind, DEFAULT_LEGACY_METRICS, DEFAULT_V2_METRICS } from './metrics';
import {
  type ConsumptionDataset,
  type LegacyProjectsResponse,
  normalizeLegacy,
  type NormalizeOptions,
  normalizeV2,
  type V2ProjectsResponse,
} from './shape';
import { type Granularity, isoSeconds, type TimeRange } from './time';
import type { NeonClient } from '../api';
import { getConsumptionProjectsPage, getLegacyConsumptionProjectsPage } from '../api/consumption';
import { PageLookAhead } from '../api/pagination';
import { isFreePlan } from '../util/plans';
import * as l10n from '@vscode/l10n';

export interface ConsumptionPageQuery {
  from: string;
  to: string;
  granularity: Granularity;
  orgId?: string;
  projectIds?: string[];
  metrics?: string[];
  limit: number;
  cursor?: string;
  signal?: AbortSignal;
  /** Called with the next page's cursor once the answer is parsed, before it is checked (look-ahead). */
  onNextCursor?: (cursor: string) => void;
}

/** The part of the API client this feature needs (NeonClient satisfies it through an adapter). */
export interface ConsumptionClient {
  /** GET /consumption_history/v2/projects (one page). `orgId` and `metrics` are set. */
  consumptionV2Page(q: ConsumptionPageQuery): Promise<V2ProjectsResponse>;
  /** GET /consumption_history/projects (one page). */
  consumptionLegacyPage(q: ConsumptionPageQuery): Promise<LegacyProjectsResponse>;
  /** project id → name for the scope, for labels; failures are ignored. */
  projectNames?(scope: { orgId?: string; projectId?: string }, signal?: AbortSignal): Promise<ReadonlyMap<string, string>>;
  /** Told the epoch ms until which the account waits when Neon answers 429; returns the unsubscribe. */
  onRateLimit?(listener: (until: number) => void): () => void;
  /** Epoch ms until which the account already waits (past or 0: it does not). */
  rateLimitedUntil?(): number;
}

export const PAGE_SIZE = 100;

/** Sentence shown when the plan has no consumption history. */
export const NO_HISTORY_MESSAGE =
  l10n.t('This plan has no consumption history. The Neon API serves it on the Launch, Scale, Agent, Business and Enterprise plans (and on the legacy Scale, Business and Enterprise plans); Free plans don\'t have it.');

/**
 * The organizations Show Consumption offers: Free ones have nothing to chart, so they are left out
 * while any other is left. With only Free ones, a sentence says why none is offered, and what to do.
 */
export function orgsWithConsumption<T extends { plan?: string | null }>(orgs: T[]): T[] {
  const paid = orgs.filter((o) => !isFreePlan(o.plan));
  if (paid.length > 0 || orgs.length === 0) return paid;
  throw new Error(
    orgs.length === 1
      ? l10n.t('This account\'s only organization is on the Free plan, which has no consumption history to chart. Upgrade it to a paid plan in the Neon Console, or add an API key of an account with a paid organization.')
      : l10n.t('All {0} organizations of this account are on the Free plan, which has no consumption history to chart. Upgrade one to a paid plan in the Neon Console, or add an API key of an account with a paid organization.', orgs.length),
  );
}

/**
 * A 404 from either per-project endpoint (v2 or legacy): the document's 404 there is "Account is
 * not a member of the organization specified by `org_id`" (and the account-wide endpoint the
 * seeds fell back to is gone from the document).
 */
export class NotMemberError extends Error {
  override readonly name = 'NotMemberError';
  readonly status = 404;
  constructor(
    readonly orgId: string | undefined,
    readonly requestId?: string,
  ) {
    super(
      l10n.t('This API key\'s user is not a member of {0} (404), so Neon shows none of its usage. Ask an admin of the organization to invite you, or use a key of that organization.', orgId ? `organization ${orgId}` : l10n.t('the organization that owns this project')) +
        (requestId ? l10n.t(' (request id {0})', requestId) : ''),
    );
  }
  userMessage(): string {
    return this.message;
  }
}

export interface LoadRequest {
  orgId?: string;
  projectId?: string;
  range: TimeRange;
  /** Metric ids to fetch; defaults to every metric of the API. */
  metrics?: readonly string[];
  /** The API found by an earlier load of the same scope; skips detection. */
  api?: ApiKind;
  pageSize?: number;
}

export interface LoadProgress {
  api: ApiKind;
  /** Pages received so far. */
  pages: number;
  /** Projects received so far. */
  projects: number;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** For tests; defaults to Date.now(). */
  now?: number;
  /**
   * The projects received so far, shaped like the answer, while more pages are on their way:
   * after the first page, then at most every PARTIAL_EVERY_MS (with the names, once they are in).
   * Never after the load has settled. `pages`: the pages it was shaped from (the progress it goes with).
   */
  onPartial?: (dataset: ConsumptionDataset, pages: number) => void;
}

/** How often a long load hands over what it has so far (a 2,500-project org is 25 pages). */
export const PARTIAL_EVERY_MS = 1000;

export type LoadResult =
  | { kind: 'data'; dataset: ConsumptionDataset }
  | { kind: 'unsupported'; message: string };

/** HTTP status of an error thrown by the client (NeonApiError.status or a `status` field). */
export function statusOf(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'status' in err) {
    const s = (err as { status: unknown }).status;
    if (typeof s === 'number' && s > 0) return s;
  }
  return undefined;
}

export class LoadCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super(l10n.t('Loading consumption was cancelled.'));
  }
}

export function isLoadCancelled(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (err instanceof LoadCancelledError) return true;
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; kind?: unknown };
    return e.name === 'AbortError' || e.kind === 'cancelled';
  }
  return false;
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new LoadCancelledError();
}

/** Follows `pagination.cursor`; stops on a missing cursor, a short or empty page, or a repeat. */
async function allPages<T extends { projects: unknown[]; pagination?: { cursor?: string } }>(
  fetchPage: (cursor: string | undefined) => Promise<T>,
  limit: number,
  onPage: (pages: readonly T[], projects: number, more: boolean) => void,
  signal?: AbortSignal,
  first?: T,
): Promise<T[]> {
  const pages: T[] = [];
  let projects = 0;
  let cursor: string | undefined;
  let page = first;
  for (;;) {
    checkAbort(signal);
    if (!page) page = await fetchPage(cursor);
    checkAbort(signal);
    pages.push(page);
    projects += page.projects?.length ?? 0;
    const next = page.pagination?.cursor;
    const n = page.projects?.length ?? 0;
    const more = !!next && n > 0 && n >= limit && next !== cursor && pages.length < 10_000;
    onPage(pages, projects, more);
    if (!more) break;
    cursor = next;
    page = undefined;
  }
  return pages;
}

function pickMetrics(requested: readonly string[] | undefined, asked: (metric: string) => boolean, defaults: readonly string[]): string[] {
  const picked = requested?.filter(asked) ?? [];
  return [...(picked.length > 0 ? picked : defaults)];
}

const isV2Metric = (m: string) => DEFAULT_V2_METRICS.includes(m);

/** The metrics a load asks of an API, in display order: those of `requested` it serves, else its defaults. */
export function metricsAsked(api: ApiKind, requested?: readonly string[]): string[] {
  return api === 'v2' ? pickMetrics(requested, isV2Metric, DEFAULT_V2_METRICS) : pickMetrics(requested, (m) => !isV2Metric(m), DEFAULT_LEGACY_METRICS);
}

/**
 * Loads consumption for an organization (all its projects) or a single project.
 * Throws the client's error for anything but "plan not eligible" (403) — and
 * LoadCancelledError when the signal aborts.
 */
export async function loadConsumption(client: ConsumptionClient, req: LoadRequest, opts: LoadOptions = {}): Promise<LoadResult> {
  const now = opts.now ?? Date.now();
  const { signal } = opts;
  const limit = req.pageSize ?? PAGE_SIZE;
  const base = {
    from: isoSeconds(req.range.from),
    to: isoSeconds(requestEnd(req.range, now)),
    granularity: req.range.granularity,
    ...(req.orgId !== undefined ? { orgId: req.orgId } : {}),
    ...(signal ? { signal } : {}),
  };
  const projectIds = req.projectId ? { projectIds: [req.projectId] } : {};
  // Names load alongside the data; a failure only costs the labels.
  const namesP: Promise<ReadonlyMap<string, string> | undefined> = client.projectNames
    ? client.projectNames({ ...(req.orgId ? { orgId: req.orgId } : {}), ...(req.projectId ? { projectId: req.projectId } : {}) }, signal).catch(() => undefined)
    : Promise.resolve(undefined);

  const names = async () => (await namesP) ?? undefined;
  let settled = false;

  /**
   * One API: its first page (a 403 is "this plan has no such history": fall back, where `fallback`
   * allows; a 404 is "not a member"), then every page after it, shaped by `normalize`.
   */
  const tryApi = async <P extends V2ProjectsResponse | LegacyProjectsResponse>(
    api: ApiKind,
    asked: (metric: string) => boolean,
    defaults: readonly string[],
    page: (q: ConsumptionPageQuery) => Promise<P>,
    fallback: boolean,
    normalize: (pages: readonly P[], o: NormalizeOptions) => ConsumptionDataset,
  ): Promise<LoadResult | 'fallback'> => {
    const metrics = pickMetrics(req.metrics, asked, defaults);
    // One page ahead: the next page is asked for once this one is parsed, while it is checked and shaped.
    const ahead = new PageLookAhead<P>((cursor, _signal, onNextCursor) => page({ ...base, ...projectIds, metrics, limit, ...(cursor ? { cursor } : {}), onNextCursor }));
    const fetchPage = (cursor: string | undefined): Promise<P> => ahead.page(cursor, signal);
    let first: P;
    try {
      checkAbort(signal);
      first = await fetchPage(undefined);
    } catch (err) {
      if (isLoadCancelled(err, signal)) throw err;
      const s = statusOf(err);
      if (s === 403 && fallback) return 'fallback';
      if (s === 404) throw new NotMemberError(req.orgId, requestIdOf(err));
      throw err;
    }
    // A full first page is followed by an empty last one: the answer is then what the partial
    // already shaped (same pages with projects, same names), so it is not shaped a second time
    // while the person waits for the chart's total.
    let shaped: { pages: number; names: ReadonlyMap<string, string> | undefined; dataset: ConsumptionDataset } | undefined;
    const shape = (pages: readonly P[], n: ReadonlyMap<string, string> | undefined) => {
      if (shaped && shaped.names === n && pages.length >= shaped.pages && pages.slice(shaped.pages).every((p) => (p.projects?.length ?? 0) === 0)) return shaped.dataset;
      const dataset = normalize(pages, { range: req.range, metrics, now, ...(n ? { names: n } : {}) });
      shaped = { pages: pages.length, names: n, dataset };
      return dataset;
    };
    // What is here so far, while the rest comes: the page draws it during the remaining round trips.
    let partialAt = -Infinity;
    const onPage = (got: readonly P[], projects: number, more: boolean) => {
      opts.onProgress?.({ api, pages: got.length, projects });
      const onPartial = opts.onPartial;
      if (!onPartial || !more || Date.now() - partialAt < PARTIAL_EVERY_MS) return;
      partialAt = Date.now();
      const soFar = got.slice();
      void names().then((n) => {
        if (!settled && !signal?.aborted) onPartial(shape(soFar, n), soFar.length);
      });
    };
    let pages: P[];
    try {
      pages = await allPages(fetchPage, limit, onPage, signal, first);
    } finally {
      settled = true;
    }
    return { kind: 'data', dataset: shape(pages, await names()) };
  };
  const tryV2 = () => tryApi('v2', isV2Metric, DEFAULT_V2_METRICS, (q) => client.consumptionV2Page(q), req.api !== 'v2', normalizeV2);
  const tryLegacy = () => tryApi('legacy', (m) => !isV2Metric(m), DEFAULT_LEGACY_METRICS, (q) => client.consumptionLegacyPage(q), true, normalizeLegacy);

  const unsupported: LoadResult = { kind: 'unsupported', message: NO_HISTORY_MESSAGE };
  try {
    if (req.api !== 'legacy' && req.orgId) {
      const r = await tryV2();
      if (r !== 'fallback') return r;
    }
    const l = await tryLegacy();
    return l === 'fallback' ? unsupported : l;
  } catch (err) {
    if (isLoadCancelled(err, signal)) throw err instanceof LoadCancelledError ? err : new LoadCancelledError();
    throw err;
  }
}

/**
 * The `to` sent for a range: a range ends on a bucket boundary, which for the current bucket lies
 * in the future (up to an hour, a day or a month). The document's `to` is "the end date-time for
 * the consumption period" and is rounded down to the granularity by the API, so sending now (whole
 * seconds, the document's date-time) loses nothing. The buckets drawn still come from the range.
 */
export function requestEnd(range: TimeRange, now: number): number {
  const nowS = Math.floor(now / 1000) * 1000;
  return Math.max(Math.min(range.to, nowS), range.from + 1000);
}

function requestIdOf(err: unknown): string | undefined {
  const r = err && typeof err === 'object' && 'requestId' in err ? (err as { requestId: unknown }).requestId : undefined;
  return typeof r === 'string' ? r : undefined;
}

/**
 * The sentence the page shows for a failed load: the client's own `userMessage()` (it names the
 * status and the request id) when there is one, else a sentence per status (406: the windows).
 */
export function describeLoadError(err: unknown): string {
  const um = err && typeof err === 'object' && 'userMessage' in err && typeof (err as { userMessage: unknown }).userMessage === 'function'
    ? String((err as { userMessage: () => unknown }).userMessage())
    : undefined;
  if (um) return um;
  const s = statusOf(err);
  if (s === 406) {
    return l10n.t('The API refused this range (406): hourly data covers the last 168 hours, daily the last 60 days and monthly the last 12 months, from 1 March 2024 at the earliest.');
  }
  if (s === 404) return l10n.t('The organization or project was not found (404), or this key is not a member of the organization.');
  if (s === 429) return l10n.t('Neon is rate-limiting requests (429). Wait a minute and try again.');
  if (err instanceof Error && err.message) return err.message;
  return l10n.t('Loading consumption failed.');
}

// ---------------------------------------------------------------------------------------------
// Adapter from the extension's NeonClient

/**
 * A ConsumptionClient over NeonClient. NeonClient pages carry `nextCursor` (already undefined on
 * a short or last page); it is turned back into `pagination.cursor` for `loadConsumption`.
 */
export function consumptionClientFrom(c: NeonClient): ConsumptionClient {
  return {
    async consumptionV2Page(q) {
      const r = await getConsumptionProjectsPage(c, {
        from: q.from, to: q.to, granularity: q.granularity, orgId: q.orgId ?? '', metrics: q.metrics ?? [...DEFAULT_V2_METRICS], limit: q.limit,
        ...(q.projectIds ? { projectIds: q.projectIds } : {}), ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.signal ? { signal: q.signal } : {}),
        ...(q.onNextCursor ? { onNextCursor: q.onNextCursor } : {}),
      });
      return { projects: r.projects, ...(r.nextCursor ? { pagination: { cursor: r.nextCursor } } : {}) };
    },
    async consumptionLegacyPage(q) {
      const r = await getLegacyConsumptionProjectsPage(c, {
        from: q.from, to: q.to, granularity: q.granularity, limit: q.limit,
        ...(q.orgId ? { orgId: q.orgId } : {}), ...(q.metrics ? { metrics: q.metrics } : {}), ...(q.projectIds ? { projectIds: q.projectIds } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.signal ? { signal: q.signal } : {}),
        ...(q.onNextCursor ? { onNextCursor: q.onNextCursor } : {}),
      });
      return { projects: r.projects, ...(r.nextCursor ? { pagination: { cursor: r.nextCursor } } : {}) };
    },
    onRateLimit: (listener) => c.onRateLimit((w) => listener(w.until)),
    rateLimitedUntil: () => c.rateLimitedUntil,
    async projectNames(scope, signal) {
      const names = new Map<string, string>();
      if (scope.projectId) {
        const p = await c.getProject(scope.projectId, signal ? { signal } : {});
        names.set(p.id, p.name);
        return names;
      }
      for await (const p of c.iterateProjects({ ...(scope.orgId ? { orgId: scope.orgId } : {}), ...(signal ? { signal } : {}) })) names.set(p.id, p.name);
      return names;
    },
  };
}
