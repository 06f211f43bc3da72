/**
 * Messages between the consumption page (webview) and its host panel. Shared by both sides;
 * the host validates every message from the page with `PageToHost` (malformed → logged and
 * dropped), the page validates what the host sends by `HostToPage`'s rules, checked without zod
 * (messageChecks.ts, so the page's bundle leaves zod out).
 *
 * Protocol: the page posts `ready` once its script runs; the host answers `init` (scope and
 * saved view). Every fetch is a request with a `requestId`; the host replies with zero or more
 * `progress`, `partial` and `waiting` (Neon answered 429: the account waits as Neon asks)
 * messages and exactly one of `data`, `complete`, `unsupported`, `error` or `cancelled` carrying
 * the same id. A newer `load` supersedes (cancels) an older one.
 *
 * `partial` is what has arrived while more pages are on their way (the page draws it, marked as
 * incomplete, during the remaining round trips); `complete` says the last `partial` was the whole
 * answer after all (the common case: the API ends a full last page with an empty one), so the
 * page keeps the chart it drew instead of being sent the same series again.
 *
 * The host keeps what it loaded; `data` carries the series of ONE metric (`metric`; `metrics`
 * still lists every metric there is). Changing the metric asks the host (`metric`), which
 * answers `data` from what it holds, without a request to Neon. The page says `drawn` once it has
 * drawn a `data`: the host then fetches the metrics it does not hold yet, off the chart's path.
 */
import * as z from 'zod/mini';

export const GranularitySchema = z.enum(['hourly', 'daily', 'monthly']);
export const PresetSchema = z.enum(['24h', '7d', '30d', '60d', '12m']);
export const ChartModeSchema = z.enum(['total', 'projects']);
const Id = z.string().check(z.regex(/^[a-z0-9-]{1,60}$/));

export const ScopeSchema = z.object({
  accountId: z.string().check(z.minLength(1), z.maxLength(200)),
  orgId: z.optional(Id),
  projectId: z.optional(Id),
  title: z.string().check(z.maxLength(300)),
});
export type Scope = z.infer<typeof ScopeSchema>;

/** What the page asks for: a preset (resolved with the host's clock) or a custom range. */
export const RangeSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preset'), preset: PresetSchema, granularity: z.optional(GranularitySchema) }),
  z.object({ kind: z.literal('custom'), from: z.string().check(z.maxLength(40)), to: z.string().check(z.maxLength(40)), granularity: GranularitySchema }),
]);
export type RangeSpec = z.infer<typeof RangeSpecSchema>;

/** The view choices the page keeps across reloads (no data, no secrets). */
export const ViewStateSchema = z.object({
  range: RangeSpecSchema,
  metric: z.optional(z.string().check(z.maxLength(80))),
  mode: ChartModeSchema,
  sort: z.object({ key: z.enum(['name', 'total', 'share', 'peak']), dir: z.enum(['asc', 'desc']) }),
});
export type ViewState = z.infer<typeof ViewStateSchema>;

/** What `vscode.setState` holds and the serializer restores: scope ids and view, nothing else. */
export const PersistedStateSchema = z.object({ scope: ScopeSchema, view: z.optional(ViewStateSchema) });
export type PersistedState = z.infer<typeof PersistedStateSchema>;

const RequestId = z.int().check(z.nonnegative());
const MetricId = z.string().check(z.maxLength(80));

export const PageToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('load'), requestId: RequestId, range: RangeSpecSchema, force: z.optional(z.boolean()), metric: z.optional(MetricId) }),
  z.object({ type: z.literal('metric'), requestId: RequestId, metric: MetricId }),
  z.object({ type: z.literal('cancel'), requestId: RequestId }),
  z.object({ type: z.literal('exportCsv'), metric: MetricId }),
  z.object({ type: z.literal('drawn'), requestId: RequestId }),
]);
export type PageToHost = z.infer<typeof PageToHostSchema>;

/**
 * A series: finite numbers or null. One loop rather than a schema per element: a chart of 100
 * projects × 168 hours is 16,800 values, which per-element checks took ~10 ms of the first draw.
 */
const isValue = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));
const Values = z.custom<(number | null)[]>((v) => Array.isArray(v) && v.every(isValue));
const Buckets = z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)));
export const DatasetSchema = z.object({
  api: z.enum(['v2', 'legacy']),
  range: z.object({ granularity: GranularitySchema, from: z.number(), to: z.number() }),
  buckets: Buckets,
  metrics: z.array(z.string()),
  projects: z.array(z.object({ id: z.string(), name: z.string(), values: z.record(z.string(), Values) })),
  accountTotals: z.optional(z.record(z.string(), Values)),
  fetchedAt: z.number(),
});

export const HostToPageSchema = z.discriminatedUnion('type', [
  // markCharts: write what the chart drew as data attributes (the test host only, src/testing/chartMarks.ts).
  z.object({ type: z.literal('init'), scope: ScopeSchema, view: z.optional(ViewStateSchema), now: z.number(), markCharts: z.optional(z.boolean()) }),
  z.object({
    type: z.literal('progress'),
    requestId: RequestId,
    api: z.enum(['v2', 'legacy']),
    pages: z.number(),
    projects: z.number(),
  }),
  /** `dataset` holds the series of `metric` only. */
  z.object({ type: z.literal('data'), requestId: RequestId, metric: z.string(), dataset: DatasetSchema }),
  /** The projects received so far (series of `metric` only); the request goes on. `pages`: the pages they came in. */
  z.object({ type: z.literal('partial'), requestId: RequestId, metric: z.string(), dataset: DatasetSchema, pages: z.optional(z.number()) }),
  /** The request's answer is its last `partial`, unchanged. */
  z.object({ type: z.literal('complete'), requestId: RequestId, metric: z.string() }),
  z.object({ type: z.literal('unsupported'), requestId: RequestId, message: z.string() }),
  z.object({ type: z.literal('error'), requestId: RequestId, message: z.string() }),
  z.object({ type: z.literal('cancelled'), requestId: RequestId }),
  /** Neon answered 429: the request goes on by itself in `retryInMs` (the account waits as Neon asks). */
  z.object({ type: z.literal('waiting'), requestId: RequestId, retryInMs: z.number() }),
  z.object({ type: z.literal('notice'), message: z.string() }),
]);
export type HostToPage = z.infer<typeof HostToPageSchema>;

/** Parses a message from the page; undefined when it does not match the protocol. */
export function parsePageMessage(raw: unknown): PageToHost | undefined {
  const r = PageToHostSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

