/**
 * The host side of one consumption page, without `vscode`: validates what the page sends,
 * fetches (the page never holds an API key), cancels, caches the last answers briefly, posts
 * the page one metric at a time and hands CSV exports to the panel. panel.ts wires it to a WebviewPanel.
 */
import { describeLoadError, isLoadCancelled, loadConsumption, type ConsumptionClient, type LoadResult } from '../../consumption/load';
import type { ApiKind } from '../../consumption/metrics';
import { type ConsumptionDataset, sliceMetric } from '../../consumption/shape';
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

type Outcome = LoadResult | { kind: 'signedOut' };

/** One fetch of a range; a `load` for the same range while it runs waits for it instead of fetching again. */
interface Flight {
  key: string;
  controller: AbortController;
  result: Promise<Outcome>;
  /** The page request it answers (none yet for a prefetch). */
  requestId?: number;
}

const rangeKey = (r: TimeRange) => `${r.granularity}:${r.from}:${r.to}`;

export class ConsumptionSession {
  private flight: Flight | undefined;
  private currentId = -1;
  private api: ApiKind | undefined;
  private cache = new Map<string, { at: number; dataset: ConsumptionDataset }>();
  private disposed = false;
  /** The dataset last sent to the page, every metric (for CSV export and metric changes). */
  lastDataset: ConsumptionDataset | undefined;

  constructor(private readonly o: SessionOptions) {}

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private send(msg: HostToPage): void {
    if (!this.disposed) this.o.post(msg);
  }

  /** Posts one metric of a dataset: the page never gets series it does not draw. */
  private sendData(requestId: number, dataset: ConsumptionDataset, metric: string | undefined): void {
    this.lastDataset = dataset;
    this.send({ type: 'data', requestId, ...sliceMetric(dataset, metric) });
  }

  private label(): string {
    const s = this.o.scope;
    return s.projectId ? `project ${s.projectId}` : s.orgId ? `organization ${s.orgId}` : l10n.t('personal account');
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
        if (msg.requestId === this.currentId) this.flight?.controller.abort();
        return;
      case 'exportCsv':
        await this.export(msg.metric);
        return;
      case 'metric':
        if (this.lastDataset) this.sendData(msg.requestId, this.lastDataset, msg.metric);
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
  prefetch(spec: RangeSpec): void {
    const check = resolveRangeSpec(spec, this.now());
    if (!check.ok || this.flight || this.fresh(rangeKey(check.range))) return;
    this.start(check.range);
  }

  private fresh(key: string): ConsumptionDataset | undefined {
    const hit = this.cache.get(key);
    return hit && this.now() - hit.at < (this.o.cacheMs ?? 5 * 60_000) ? hit.dataset : undefined;
  }

  private async export(metric: string): Promise<void> {
    const ds = this.lastDataset;
    if (!ds || !ds.metrics.includes(metric)) {
      this.send({ type: 'notice', message: l10n.t('Nothing to export yet: load some consumption first.') });
      return;
    }
    if (!this.o.exportCsv) return;
    try {
      const where = await this.o.exportCsv(ds, metric);
      if (where) this.send({ type: 'notice', message: l10n.t('Exported to {0}.', where) });
    } catch (err) {
      this.o.log.error(`consumption: CSV export failed: ${err instanceof Error ? err.message : String(err)}`);
      this.send({ type: 'notice', message: l10n.t('Export failed: {0}', err instanceof Error ? err.message : String(err)) });
    }
  }

  /** Fetches a range (aborting any other fetch); the answer lands in the cache. */
  private start(range: TimeRange): Flight {
    this.flight?.controller.abort();
    const now = this.now();
    const key = rangeKey(range);
    const controller = new AbortController();
    const started = Date.now();
    const flight: Flight = { key, controller, result: Promise.resolve({ kind: 'signedOut' }) };
    flight.result = (async (): Promise<Outcome> => {
      try {
        const client = await this.o.getClient(this.o.scope.accountId);
        if (controller.signal.aborted) throw new Error('aborted');
        if (!client) return { kind: 'signedOut' };
        const result = await loadConsumption(
          client,
          {
            range,
            ...(this.o.scope.orgId ? { orgId: this.o.scope.orgId } : {}),
            ...(this.o.scope.projectId ? { projectId: this.o.scope.projectId } : {}),
            ...(this.api ? { api: this.api } : {}),
            ...(this.o.metrics ? { metrics: this.o.metrics } : {}),
          },
          {
            signal: controller.signal,
            now,
            onProgress: (p) => {
              if (this.flight === flight && flight.requestId !== undefined && flight.requestId === this.currentId) this.send({ type: 'progress', requestId: flight.requestId, ...p });
            },
          },
        );
        if (result.kind === 'data') {
          this.api = result.dataset.api;
          this.cache.set(key, { at: now, dataset: result.dataset });
          if (this.cache.size > 12) this.cache.delete(this.cache.keys().next().value!);
          this.o.log.info(
            `consumption: ${this.label()}, ${describeRange(range)} ${range.granularity}: ${result.dataset.projects.length} projects via ${result.dataset.api} in ${Date.now() - started} ms`,
          );
        }
        return result;
      } finally {
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
    const key = rangeKey(check.range);
    const hit = force ? undefined : this.fresh(key);
    if (hit) {
      this.flight?.controller.abort();
      this.sendData(requestId, hit, metric);
      return;
    }
    // The same range already on its way (the panel's prefetch, or a metric change while loading) is awaited, not fetched twice.
    const flight = !force && this.flight?.key === key && !this.flight.controller.signal.aborted ? this.flight : this.start(check.range);
    flight.requestId = requestId;
    try {
      const result = await flight.result;
      if (this.currentId !== requestId) return;
      if (result.kind === 'signedOut') {
        this.send({ type: 'error', requestId, message: SIGNED_OUT_MESSAGE });
      } else if (result.kind === 'unsupported') {
        this.o.log.info(`consumption: ${this.label()} has no consumption history on its plan`);
        this.send({ type: 'unsupported', requestId, message: result.message });
      } else {
        this.sendData(requestId, result.dataset, metric);
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
  }
}
