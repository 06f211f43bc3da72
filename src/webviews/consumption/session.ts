/**
 * The host side of one consumption page, without `vscode`: validates what the page sends,
 * fetches (the page never holds an API key), cancels, caches the last answers briefly, posts
 * the page one metric at a time and hands CSV exports to the panel. panel.ts wires it to a WebviewPanel.
 *
 * On the v2 API a range is fetched in two parts: the drawn metric first (the chart waits for
 * it alone), then, once the page says it has drawn, the other metrics in the background; a
 * metric change or a CSV export that needs one of those before they arrive waits for them (or
 * fetches them, again after a failure). While a range's pages come, the page gets what has
 * arrived (`partial`), and `complete` when that was the whole answer.
 */
import { describeLoadError, isLoadCancelled, loadConsumption, metricsAsked, type ConsumptionClient } from '../../consumption/load';
import type { ApiKind } from '../../consumption/metrics';
import { type ConsumptionDataset, mergeMetrics, sliceMetric } from '../../consumption/shape';
import { describeRange, type TimeRange } from '../../consumption/time';
import { type HostToPage, parsePageMessage, type RangeSpec, type Scope, type ViewState } from './messages';
import { resolveRangeSpec } from './range';
import * as l10n from '@vscode/l10n';

export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SessionOptions {
  scope: Scope;
  getClient: (accountId: string) => Promise<ConsumptionClient | undefined>;
  post: (msg: HostToPage) => void;
  log: SessionLog;
  /** Saved view restored by the serializer, sent with `init`. */
  view?: ViewState;
  /** Writes a CSV the person asked for (save dialog + file write in the panel). */
  exportCsv?: (dataset: ConsumptionDataset, metric: string) => Promise<string | undefined>;
  now?: () => number;
  /** How long an answer is reused when the page asks for the same range again (ms). */
  cacheMs?: number;
  /** Metric ids to fetch (default: every metric of the API the plan has). */
  metrics?: readonly string[];
  /** Sent with `init`: the page writes what it drew as data attributes (the test host only). */
  markCharts?: boolean;
}

export const SIGNED_OUT_MESSAGE = l10n.t('This account was removed from Neon Explorer. Add its API key again (Add Neon API Key… in the Neon view), then choose Retry.');

/**
 * What the session holds for a range: `dataset.metrics` names every metric, `missing` those whose
 * series are still on their way (`rest`) or failed to arrive (fetched again when needed).
 */
interface Entry {
  at: number;
  range: TimeRange;
  dataset: ConsumptionDataset;
  missing: readonly string[];
  client: ConsumptionClient;
  rest?: Promise<ConsumptionDataset>;
}

type Outcome = { kind: 'data'; entry: Entry } | { kind: 'unsupported'; message: string } | { kind: 'signedOut' };

/** One fetch of a range; a `load` for the same range while it runs waits for it instead of fetching again. */
interface Flight {
  key: string;
  controller: AbortController;
  result: Promise<Outcome>;
  /** The page request it answers (none yet for a prefetch). */
  requestId?: number;
  /** The metric that request draws. */
  metric?: string;
  /** The projects received so far while more pages come (`metrics` as the answer will name them). */
  partial?: { dataset: ConsumptionDataset; fetched: readonly string[]; pages: number };
  /** The last partial posted to the page: its answer is sent as `complete` when it is the same. */
  posted?: { requestId: number; metric: string; json: string };
  /** Epoch ms until which the account waits after a 429 while this flight runs. */
  waitUntil?: number;
}

const rangeKey = (r: TimeRange) => `${r.granularity}:${r.from}:${r.to}`;

/**
 * Reports the 429 waits of a client's account: the one already running (another view's requests
 * got the 429), then each new one, until the returned stop.
 */
function watchRateLimits(client: ConsumptionClient, report: (until: number) => void): () => void {
  const stop = client.onRateLimit?.((until) => until > Date.now() && report(until));
  const already = client.rateLimitedUntil?.() ?? 0;
  if (already > Date.now()) report(already);
  return stop ?? (() => undefined);
}

export class ConsumptionSession {
  private flight: Flight | undefined;
  private currentId = -1;
  private api: ApiKind | undefined;
  private cache = new Map<string, Entry>();
  /** The plan has no consumption history (any range): kept as long as data would be, until a Refresh. */
  private unsupported: { at: number; message: string } | undefined;
  private disposed = false;
  /** What the page was last sent data from (for CSV export and metric changes). */
  private last: Entry | undefined;
  /** The background fetch of the other metrics (one at a time: a new range stops it). */
  private restController: AbortController | undefined;

  constructor(private readonly o: SessionOptions) {}

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private send(msg: HostToPage): void {
    if (!this.disposed) this.o.post(msg);
  }

  /** The dataset the page was last sent data from; the metrics still on their way have no series yet. */
  get lastDataset(): ConsumptionDataset | undefined {
    return this.last?.dataset;
  }

  /** The last dataset with every metric's series, fetching those still missing (bench and tests). */
  async completeDataset(): Promise<ConsumptionDataset | undefined> {
    return this.last && this.complete(this.last);
  }

  /**
   * Posts one metric of an entry: the page never gets series it does not draw. A metric still on
   * its way is waited for; a failure to get it is the page's error, in words.
   */
  private async sendData(requestId: number, entry: Entry, metric: string | undefined, posted?: Flight['posted']): Promise<void> {
    this.last = entry;
    const m = metric !== undefined && entry.dataset.metrics.includes(metric) ? metric : entry.dataset.metrics[0];
    let dataset = entry.dataset;
    if (m !== undefined && entry.missing.includes(m)) {
      // The page waits for this metric: it hears of a 429 wait on the way, as a load's would.
      const unwatch = watchRateLimits(entry.client, (until) => {
        if (this.currentId === requestId) this.send({ type: 'waiting', requestId, retryInMs: until - Date.now() });
      });
      try {
        dataset = await this.complete(entry);
      } catch (err) {
        if (this.currentId !== requestId) return;
        if (isLoadCancelled(err)) return void this.send({ type: 'cancelled', requestId });
        const message = describeLoadError(err);
        this.o.log.error(`consumption: loading ${this.label()} failed: ${message}`);
        return void this.send({ type: 'error', requestId, message });
      } finally {
        unwatch();
      }
      if (this.currentId !== requestId) return;
    }
    const sliced = sliceMetric(dataset, m);
    // The page already drew this very answer from a partial (a full last page is followed by an empty one).
    if (posted && posted.requestId === requestId && posted.metric === sliced.metric && posted.json === JSON.stringify(sliced.dataset)) {
      return void this.send({ type: 'complete', requestId, metric: sliced.metric });
    }
    this.send({ type: 'data', requestId, ...sliced });
  }

  /** Posts a flight's partial to the page, when the page's current request waits for that flight and its metric is in it. */
  private postPartial(flight: Flight): void {
    const p = flight.partial;
    const requestId = flight.requestId;
    if (!p || requestId === undefined || requestId !== this.currentId || this.flight !== flight) return;
    const m = flight.metric !== undefined && p.dataset.metrics.includes(flight.metric) ? flight.metric : p.dataset.metrics[0];
    if (m === undefined || !p.fetched.includes(m)) return;
    const sliced = sliceMetric(p.dataset, m);
    flight.posted = { requestId, metric: sliced.metric, json: JSON.stringify(sliced.dataset) };
    this.send({ type: 'partial', requestId, ...sliced, pages: p.pages });
  }

  /**
   * Tells the page how long Neon makes its request wait (429 + Retry-After), when the page's current
   * request waits for this flight: otherwise it would say only "Loading…" for up to a minute.
   */
  private postWaiting(flight: Flight): void {
    const requestId = flight.requestId;
    const retryInMs = (flight.waitUntil ?? 0) - Date.now();
    if (requestId === undefined || requestId !== this.currentId || this.flight !== flight || retryInMs <= 0) return;
    this.send({ type: 'waiting', requestId, retryInMs });
  }

  /** The entry with every metric: fetches the missing ones, or waits for the fetch on its way. */
  private complete(entry: Entry): Promise<ConsumptionDataset> {
    if (entry.missing.length === 0) return Promise.resolve(entry.dataset);
    entry.rest ??= this.fetchRest(entry);
    return entry.rest;
  }

  private fetchRest(entry: Entry): Promise<ConsumptionDataset> {
    this.restController?.abort();
    const controller = new AbortController();
    this.restController = controller;
    const started = Date.now();
    // Names come with the first part: this client asks for consumption only.
    const client: ConsumptionClient = {
      consumptionV2Page: (q) => entry.client.consumptionV2Page(q),
      consumptionLegacyPage: (q) => entry.client.consumptionLegacyPage(q),
    };
    const rest = (async () => {
      const scope = this.o.scope;
      const r = await loadConsumption(
        client,
        { range: entry.range, api: entry.dataset.api, metrics: entry.missing, ...(scope.orgId ? { orgId: scope.orgId } : {}), ...(scope.projectId ? { projectId: scope.projectId } : {}) },
        { signal: controller.signal, now: entry.dataset.fetchedAt },
      );
      if (r.kind !== 'data') throw new Error(r.message);
      entry.dataset = mergeMetrics(entry.dataset, r.dataset);
      entry.missing = [];
      this.o.log.info(`consumption: ${this.label()}, the other ${r.dataset.metrics.length} metrics in ${Date.now() - started} ms`);
      return entry.dataset;
    })();
    rest.then(
      () => undefined,
      (err) => {
        // Asked again when a metric or an export needs it.
        if (entry.rest === rest) entry.rest = undefined;
        if (!isLoadCancelled(err, controller.signal)) this.o.log.warn(`consumption: the other metrics of ${this.label()} did not load: ${describeLoadError(err)}`);
      },
    );
    return rest;
  }

  private label(): string {
    const s = this.o.scope;
    // Named as the person knows it, the id kept for bug reports (walk 43: the log said only the id).
    return s.projectId ? `project ${s.title} (${s.projectId})` : s.orgId ? `organization ${s.title} (${s.orgId})` : l10n.t('personal account');
  }

  /** Handles one raw message from the page. Malformed messages are logged and dropped. */
  async handle(raw: unknown): Promise<void> {
    const msg = parsePageMessage(raw);
    if (!msg) {
      // Named without calling into the message: a `type` that is an object with a hostile toString must not throw.
      const t = raw && typeof raw === 'object' && 'type' in raw ? (raw as { type: unknown }).type : undefined;
      const type = typeof t === 'string' ? t.slice(0, 40) : t === undefined ? typeof raw : typeof t;
      this.o.log.warn(`consumption page: dropped a malformed message (type ${JSON.stringify(type)})`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        this.send({ type: 'init', scope: this.o.scope, now: this.now(), ...(this.o.view ? { view: this.o.view } : {}), ...(this.o.markCharts ? { markCharts: true } : {}) });
        return;
      case 'cancel':
        if (msg.requestId === this.currentId) {
          this.flight?.controller.abort();
          this.restController?.abort();
        }
        return;
      case 'exportCsv':
        await this.export(msg.metric);
        return;
      case 'drawn':
        // The chart is drawn: the other metrics of what it shows can come now, off its path.
        if (this.last?.missing.length && !this.disposed) void this.complete(this.last).catch(() => undefined);
        return;
      case 'metric':
        this.currentId = msg.requestId;
        if (this.last) await this.sendData(msg.requestId, this.last, msg.metric);
        else this.send({ type: 'error', requestId: msg.requestId, message: l10n.t('Nothing is loaded yet: choose Retry.') });
        return;
      case 'load':
        await this.load(msg.requestId, msg.range, msg.force === true, msg.metric);
        return;
    }
  }

  /**
   * Starts fetching the range the page is about to ask for (its saved view, or the default), as
   * the panel opens: the requests overlap the page's own start instead of waiting for it.
   */
  prefetch(spec: RangeSpec, metric?: string): void {
    const check = resolveRangeSpec(spec, this.now());
    if (!check.ok || this.flight || this.fresh(rangeKey(check.range)) || this.freshUnsupported()) return;
    this.start(check.range, metric);
  }

  private fresh(key: string): Entry | undefined {
    const hit = this.cache.get(key);
    return hit && this.now() - hit.at < this.cacheMs() ? hit : undefined;
  }

  private freshUnsupported(): string | undefined {
    return this.unsupported && this.now() - this.unsupported.at < this.cacheMs() ? this.unsupported.message : undefined;
  }

  private cacheMs(): number {
    return this.o.cacheMs ?? 5 * 60_000;
  }

  private async export(metric: string): Promise<void> {
    const entry = this.last;
    if (!entry || !entry.dataset.metrics.includes(metric)) {
      this.send({ type: 'notice', message: l10n.t('Nothing to export yet: load some consumption first.') });
      return;
    }
    if (!this.o.exportCsv) return;
    try {
      const ds = entry.missing.includes(metric) ? await this.complete(entry) : entry.dataset;
      const where = await this.o.exportCsv(ds, metric);
      if (where) this.send({ type: 'notice', message: l10n.t('Exported to {0}.', where) });
    } catch (err) {
      this.o.log.error(`consumption: CSV export failed: ${err instanceof Error ? err.message : String(err)}`);
      this.send({ type: 'notice', message: l10n.t('Export failed: {0}', err instanceof Error ? err.message : String(err)) });
    }
  }

  /**
   * Fetches a range (aborting any other fetch); the answer lands in the cache. On the v2 API only
   * `metric` (the one drawn; by default the menu's first) is fetched before the answer, the other
   * metrics after the page has drawn it (`drawn`), in the background.
   */
  private start(range: TimeRange, metric?: string): Flight {
    this.flight?.controller.abort();
    this.restController?.abort();
    const wanted = metricsAsked('v2', this.o.metrics);
    const drawn = metric !== undefined && wanted.includes(metric) ? metric : wanted[0]!;
    const legacy = (this.o.metrics ?? []).filter((m) => !wanted.includes(m));
    const now = this.now();
    const key = rangeKey(range);
    const controller = new AbortController();
    const started = Date.now();
    const flight: Flight = { key, controller, result: Promise.resolve({ kind: 'signedOut' }) };
    let unwatch: (() => void) | undefined;
    flight.result = (async (): Promise<Outcome> => {
      try {
        const client = await this.o.getClient(this.o.scope.accountId);
        if (controller.signal.aborted) throw new Error('aborted');
        if (!client) return { kind: 'signedOut' };
        unwatch = watchRateLimits(client, (until) => {
          flight.waitUntil = Math.max(flight.waitUntil ?? 0, until);
          this.postWaiting(flight);
        });
        const split = this.api !== 'legacy' && wanted.length > 1;
        const result = await loadConsumption(
          client,
          {
            range,
            ...(this.o.scope.orgId ? { orgId: this.o.scope.orgId } : {}),
            ...(this.o.scope.projectId ? { projectId: this.o.scope.projectId } : {}),
            ...(this.api ? { api: this.api } : {}),
            // The legacy API (the fallback) gets its own metrics whole: only v2 is split.
            ...(split ? { metrics: [drawn, ...legacy] } : this.o.metrics ? { metrics: this.o.metrics } : {}),
          },
          {
            signal: controller.signal,
            now,
            onProgress: (p) => {
              if (this.flight === flight && flight.requestId !== undefined && flight.requestId === this.currentId) this.send({ type: 'progress', requestId: flight.requestId, ...p });
            },
            onPartial: (ds, pages) => {
              flight.partial = { dataset: { ...ds, metrics: ds.api === 'v2' && split ? wanted : ds.metrics }, fetched: ds.metrics, pages };
              this.postPartial(flight);
            },
          },
        );
        // A page that starts after the prefetch has settled would otherwise ask the plan again;
        // data (the plan was upgraded, then Refresh) forgets it.
        this.unsupported = result.kind === 'unsupported' ? { at: now, message: result.message } : undefined;
        if (result.kind !== 'data') return result;
        const got = result.dataset;
        this.api = got.api;
        const all = got.api === 'v2' && split ? wanted : got.metrics;
        const missing = all.filter((m) => !got.metrics.includes(m));
        const entry: Entry = { at: now, range, dataset: { ...got, metrics: all }, missing, client };
        this.cache.set(key, entry);
        if (this.cache.size > 12) this.cache.delete(this.cache.keys().next().value!);
        this.o.log.info(
          `consumption: ${this.label()}, ${describeRange(range)} ${range.granularity}: ${got.projects.length} projects via ${got.api} in ${Date.now() - started} ms` +
            (missing.length ? ` (${got.metrics.join(', ')}; the other metrics follow)` : ''),
        );
        return { kind: 'data', entry };
      } finally {
        unwatch?.();
        if (this.flight === flight) this.flight = undefined;
      }
    })();
    // A prefetch nobody has asked for yet must not end as an unhandled rejection.
    flight.result.catch(() => undefined);
    this.flight = flight;
    return flight;
  }

  private async load(requestId: number, spec: RangeSpec, force: boolean, metric: string | undefined): Promise<void> {
    this.currentId = requestId;
    const check = resolveRangeSpec(spec, this.now());
    if (!check.ok) {
      this.flight?.controller.abort();
      this.send({ type: 'error', requestId, message: check.message });
      return;
    }
    const known = force ? undefined : this.freshUnsupported();
    if (known !== undefined) {
      this.flight?.controller.abort();
      this.send({ type: 'unsupported', requestId, message: known });
      return;
    }
    const key = rangeKey(check.range);
    const hit = force ? undefined : this.fresh(key);
    if (hit) {
      this.flight?.controller.abort();
      await this.sendData(requestId, hit, metric);
      return;
    }
    // The same range already on its way (the panel's prefetch, or a metric change while loading) is awaited, not fetched twice.
    const flight = !force && this.flight?.key === key && !this.flight.controller.signal.aborted ? this.flight : this.start(check.range, metric);
    flight.requestId = requestId;
    flight.metric = metric;
    // A prefetch that already has part of the answer: the page draws it while the rest comes;
    // one that Neon made wait: the page says so.
    this.postPartial(flight);
    this.postWaiting(flight);
    try {
      const result = await flight.result;
      if (this.currentId !== requestId) return;
      if (result.kind === 'signedOut') {
        this.send({ type: 'error', requestId, message: SIGNED_OUT_MESSAGE });
      } else if (result.kind === 'unsupported') {
        this.o.log.info(`consumption: ${this.label()} has no consumption history on its plan`);
        this.send({ type: 'unsupported', requestId, message: result.message });
      } else {
        await this.sendData(requestId, result.entry, metric, flight.posted);
      }
    } catch (err) {
      if (isLoadCancelled(err, flight.controller.signal)) {
        if (this.currentId === requestId) this.send({ type: 'cancelled', requestId });
        return;
      }
      const message = describeLoadError(err);
      this.o.log.error(`consumption: loading ${this.label()} failed: ${message}`);
      if (this.currentId === requestId) this.send({ type: 'error', requestId, message });
    }
  }

  /** Cancels any load; later results are dropped. */
  dispose(): void {
    this.disposed = true;
    this.flight?.controller.abort();
    this.restController?.abort();
  }
}
