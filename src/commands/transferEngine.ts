// Moving many projects into one organization, batch by batch (≤ 400 ids per request, the API's
// limit), without vscode so it can be unit-tested and benchmarked. The command in transfer.ts
// wraps it in a cancellable progress notification; bench/transfer.ts drives it against the emulator.
//
// Rules:
//  - cancellation is checked between batches: a batch on the wire is never abandoned (the POST may
//    have been applied), the following ones are not sent;
//  - 406 (destination limits) stops everything: later batches would be refused for the same reason;
//  - 422 (GitHub/Vercel integrations) names the blocked projects; the caller is asked once whether
//    to transfer the rest, and the answer holds for later batches;
//  - any other failure refuses that batch and the transfer goes on with the next one.
import { TRANSFER_BATCH, explainLimits, integrationName, type IntegrationLike, type LimitLike } from './orgLogic';
import * as l10n from '@vscode/l10n';

export interface TransferFailureLike {
  status?: number;
  kind?: string;
  limits?: LimitLike[];
  projects?: IntegrationLike[];
  message?: string;
  userMessage?: () => string;
}

/** Sends one batch. `sourceOrgId` undefined = personal projects (the deprecated endpoint). */
export type SendBatch = (sourceOrgId: string | undefined, projectIds: string[]) => Promise<void>;

export interface TransferProgress {
  moved: number;
  refused: number;
  /** All ids known so far (grows while a stream is being read). */
  total: number;
  batchesSent: number;
}

export interface TransferOptions {
  send: SendBatch;
  batchSize?: number;
  /** Checked before each batch. */
  isCancelled?: () => boolean;
  onProgress?: (p: TransferProgress) => void;
  /** Asked at the first 422: transfer the projects of the batch that have no integration? */
  onIntegrations?: (blocked: IntegrationLike[], rest: number) => Promise<boolean>;
  /** Project names for messages. */
  names?: ReadonlyMap<string, string>;
}

export type RefusalKind = 'integration' | 'limits' | 'error';

export interface Refusal {
  id: string;
  kind: RefusalKind;
  reason: string;
}

export interface TransferOutcome {
  moved: string[];
  refused: Refusal[];
  /** Not sent: cancelled, stopped after a 406, or the person declined after a 422. */
  notSent: string[];
  cancelled: boolean;
  /** Why the transfer stopped early (406 explanation), when it did. */
  stoppedBecause?: string;
  /** Transfer requests sent. */
  requests: number;
}

function messageOf(e: TransferFailureLike): string {
  try {
    if (typeof e.userMessage === 'function') return e.userMessage();
  } catch {
    /* fall through */
  }
  return e.message ?? String(e);
}

export class TransferRun {
  readonly outcome: TransferOutcome = { moved: [], refused: [], notSent: [], cancelled: false, requests: 0 };
  private total = 0;
  private transferRest: boolean | undefined;
  private readonly size: number;

  constructor(private readonly o: TransferOptions) {
    this.size = Math.min(TRANSFER_BATCH, Math.max(1, o.batchSize ?? TRANSFER_BATCH));
  }

  private get stopped(): boolean {
    if (this.outcome.stoppedBecause !== undefined) return true;
    if (this.o.isCancelled?.()) this.outcome.cancelled = true;
    return this.outcome.cancelled;
  }

  private progress(): void {
    this.o.onProgress?.({ moved: this.outcome.moved.length, refused: this.outcome.refused.length, total: this.total, batchesSent: this.outcome.requests });
  }

  /** Sends one batch (and, after a 422 the person accepted, its remainder). */
  private async sendBatch(sourceOrgId: string | undefined, ids: string[]): Promise<void> {
    let pending = ids;
    while (pending.length > 0) {
      if (this.stopped) {
        this.outcome.notSent.push(...pending);
        return;
      }
      this.outcome.requests++;
      try {
        await this.o.send(sourceOrgId, pending);
        this.outcome.moved.push(...pending);
        pending = [];
      } catch (err) {
        const e = (err ?? {}) as TransferFailureLike;
        if (e.status === 406) {
          const why = explainLimits(e.limits);
          for (const id of pending) this.outcome.refused.push({ id, kind: 'limits', reason: why });
          this.outcome.stoppedBecause = why;
          pending = [];
        } else if (e.status === 422 && e.projects && e.projects.length > 0) {
          const inBatch = new Set(pending);
          const blocked = e.projects.filter((p) => inBatch.has(p.id));
          const blockedIds = new Set(blocked.map((p) => p.id));
          for (const p of blocked) this.outcome.refused.push({ id: p.id, kind: 'integration', reason: l10n.t('has a {0} integration', p.integration ? integrationName(p.integration) : l10n.t('GitHub or Vercel')) });
          const rest = pending.filter((id) => !blockedIds.has(id));
          if (blocked.length === 0) {
            // The API named projects outside this batch: refuse the batch rather than loop.
            for (const id of pending) this.outcome.refused.push({ id, kind: 'error', reason: messageOf(e) });
            pending = [];
          } else if (rest.length === 0) {
            pending = [];
          } else {
            if (this.transferRest === undefined) this.transferRest = this.o.onIntegrations ? await this.o.onIntegrations(blocked, rest.length) : true;
            if (this.transferRest) pending = rest;
            else {
              this.outcome.notSent.push(...rest);
              pending = [];
            }
          }
        } else {
          const why = messageOf(e);
          for (const id of pending) this.outcome.refused.push({ id, kind: 'error', reason: why });
          pending = [];
          if (e.status === 401) this.outcome.stoppedBecause = why;
        }
      } finally {
        this.progress();
      }
    }
  }

  /** Transfers known ids, grouped by source org (undefined = personal). */
  async runGroups(groups: ReadonlyArray<{ sourceOrgId: string | undefined; projectIds: readonly string[] }>): Promise<TransferOutcome> {
    this.total += groups.reduce((n, g) => n + g.projectIds.length, 0);
    this.progress();
    for (const g of groups) {
      for (let i = 0; i < g.projectIds.length; i += this.size) {
        await this.sendBatch(g.sourceOrgId, g.projectIds.slice(i, i + this.size));
      }
    }
    return this.outcome;
  }

  /**
   * Transfers everything a page source yields, reading the next page while the previous batch
   * is being transferred (list cursors are the last id, so moving already-listed projects does
   * not disturb the listing).
   */
  async runStream(sourceOrgId: string | undefined, pages: AsyncIterable<readonly string[]>): Promise<TransferOutcome> {
    const it = pages[Symbol.asyncIterator]();
    const buffer: string[] = [];
    let next = it.next();
    next.catch(() => undefined);
    try {
      for (;;) {
        if (this.stopped) break;
        const r = await next;
        if (r.done) break;
        buffer.push(...r.value);
        this.total += r.value.length;
        next = it.next(); // read ahead while this batch is on the wire
        next.catch(() => undefined);
        while (buffer.length >= this.size) await this.sendBatch(sourceOrgId, buffer.splice(0, this.size));
      }
      if (buffer.length > 0) await this.sendBatch(sourceOrgId, buffer.splice(0));
    } finally {
      await it.return?.(undefined);
    }
    return this.outcome;
  }
}

/** The closing summary: moved, refused and why (grouped by reason), not sent. */
export function summarizeTransfer(o: TransferOutcome, destName: string, names?: ReadonlyMap<string, string>): { headline: string; detail: string } {
  const label = (id: string) => {
    const n = names?.get(id);
    return n && n !== id ? `${n} (${id})` : id;
  };
  const parts = [l10n.t('{0} moved to {1}', o.moved.length, destName)];
  if (o.refused.length) parts.push(`${o.refused.length} refused`);
  if (o.notSent.length) parts.push(l10n.t('{0} not sent', o.notSent.length));
  const headline = `${o.cancelled ? l10n.t('Transfer cancelled') : l10n.t('Transfer finished')}: ${parts.join(', ')}.`;
  const lines: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const r of o.refused) {
    const key = r.kind === 'integration' ? l10n.t('Integrations (remove them first): ') : `${r.reason}: `;
    const list = byReason.get(key) ?? [];
    list.push(r.kind === 'integration' ? `${label(r.id)} ${r.reason}` : label(r.id));
    byReason.set(key, list);
  }
  for (const [reason, ids] of byReason) lines.push(l10n.t('Refused — {0}{1}{2}.', reason, ids.slice(0, 20).join(', '), ids.length > 20 ? ` and ${ids.length - 20} more` : ''));
  if (o.notSent.length) {
    const why = o.cancelled ? l10n.t('you cancelled') : o.stoppedBecause ? l10n.t('the destination refused an earlier batch') : l10n.t('you chose not to transfer them');
    lines.push(l10n.t('Not sent ({0}): {1}{2}.', why, o.notSent.slice(0, 20).map(label).join(', '), o.notSent.length > 20 ? ` and ${o.notSent.length - 20} more` : ''));
  }
  if (o.stoppedBecause) lines.push(l10n.t('Stopped: {0}.', o.stoppedBecause));
  return { headline, detail: lines.join('\n') };
}
