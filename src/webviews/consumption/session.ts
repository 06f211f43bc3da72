/**
 * The host side of one consumption page, without `vscode`: validates what the page sends,
 * fetches (the page never holds an API key), cancels, caches the last answers briefly and
 * hands CSV exports to the panel. panel.ts wires it to a WebviewPanel.
 */
import { describeLoadError, isLoadCancelled, loadConsumption, type ConsumptionClient } from '../../consumption/load';
import type { ApiKind } from '../../consumption/metrics';
import type { ConsumptionDataset } from '../../consumption/shape';
import { describeRange } from '../../consumption/time';
import { type HostToPage, parsePageMessage, type Scope, type ViewState } from './messages';
import { resolveRangeSpec } from './range';

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
}

export const SIGNED_OUT_MESSAGE = 'This account was removed from Neon Explorer. Add its API key again (Add Neon API Key… in the Neon view), then choose Retry.';

export class ConsumptionSession {
  private controller: AbortController | undefined;
  private currentId = -1;
  private api: ApiKind | undefined;
  private cache = new Map<string, { at: number; dataset: ConsumptionDataset }>();
  private disposed = false;
  /** The dataset last sent to the page (for CSV export). */
  lastDataset: ConsumptionDataset | undefined;

  constructor(private readonly o: SessionOptions) {}

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private send(msg: HostToPage): void {
    if (!this.disposed) this.o.post(msg);
  }

  private label(): string {
    const s = this.o.scope;
    return s.projectId ? `project ${s.projectId}` : s.orgId ? `organization ${s.orgId}` : 'personal account';
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
        this.send({ type: 'init', scope: this.o.scope, now: this.now(), ...(this.o.view ? { view: this.o.view } : {}) });
        return;
      case 'cancel':
        if (msg.requestId === this.currentId) this.controller?.abort();
        return;
      case 'exportCsv':
        await this.export(msg.metric);
        return;
      case 'load':
        await this.load(msg.requestId, msg.range, msg.force === true);
        return;
    }
  }

  private async export(metric: string): Promise<void> {
    const ds = this.lastDataset;
    if (!ds || !ds.metrics.includes(metric)) {
      this.send({ type: 'notice', message: 'Nothing to export yet: load some consumption first.' });
      return;
    }
    if (!this.o.exportCsv) return;
    try {
      const where = await this.o.exportCsv(ds, metric);
      if (where) this.send({ type: 'notice', message: `Exported to ${where}.` });
    } catch (err) {
      this.o.log.error(`consumption: CSV export failed: ${err instanceof Error ? err.message : String(err)}`);
      this.send({ type: 'notice', message: `Export failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async load(requestId: number, spec: Parameters<typeof resolveRangeSpec>[0], force: boolean): Promise<void> {
    this.controller?.abort();
    this.currentId = requestId;
    const now = this.now();
    const check = resolveRangeSpec(spec, now);
    if (!check.ok) {
      this.send({ type: 'error', requestId, message: check.message });
      return;
    }
    const range = check.range;
    const key = `${range.granularity}:${range.from}:${range.to}`;
    const hit = this.cache.get(key);
    if (!force && hit && now - hit.at < (this.o.cacheMs ?? 5 * 60_000)) {
      this.lastDataset = hit.dataset;
      this.send({ type: 'data', requestId, dataset: hit.dataset });
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    const started = Date.now();
    try {
      const client = await this.o.getClient(this.o.scope.accountId);
      if (controller.signal.aborted) throw new Error('aborted');
      if (!client) {
        this.send({ type: 'error', requestId, message: SIGNED_OUT_MESSAGE });
        return;
      }
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
            if (this.currentId === requestId) this.send({ type: 'progress', requestId, ...p });
          },
        },
      );
      if (this.currentId !== requestId) return;
      if (result.kind === 'unsupported') {
        this.o.log.info(`consumption: ${this.label()} has no consumption history on its plan`);
        this.send({ type: 'unsupported', requestId, message: result.message });
        return;
      }
      this.api = result.dataset.api;
      this.lastDataset = result.dataset;
      this.cache.set(key, { at: now, dataset: result.dataset });
      if (this.cache.size > 12) this.cache.delete(this.cache.keys().next().value!);
      this.o.log.info(
        `consumption: ${this.label()}, ${describeRange(range)} ${range.granularity}: ${result.dataset.projects.length} projects via ${result.dataset.api} in ${Date.now() - started} ms`,
      );
      this.send({ type: 'data', requestId, dataset: result.dataset });
    } catch (err) {
      if (isLoadCancelled(err, controller.signal)) {
        if (this.currentId === requestId) this.send({ type: 'cancelled', requestId });
        return;
      }
      const message = describeLoadError(err);
      this.o.log.error(`consumption: loading ${this.label()} failed: ${message}`);
      if (this.currentId === requestId) this.send({ type: 'error', requestId, message });
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** Cancels any load; later results are dropped. */
  dispose(): void {
    this.disposed = true;
    this.controller?.abort();
  }
}
