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
import { TRANSFER_BATCH, explainLimit, explainLimits, integrationName, type IntegrationLike, type LimitLike } from './orgLogic';
import { formatCount } from '../util/formatCount';
import * as l10n from '@vscode/l10n';

export interface TransferFailureLike {
  status?: number;
  kind?: string;
  limits?: LimitLike[];
  projects?: IntegrationLike[];
  message?: string;
  requestId?: string;
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
  /** The request id of the answer that refused it (the person quotes it to Neon's support). */
  requestId?: string;
  /** What a 406 said (kind 'limits'): the summary words it for the destination. */
  limits?: LimitLike[];
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
        const requestId = typeof e.requestId === 'string' ? { requestId: e.requestId } : {};
        if (e.status === 406) {
          const why = explainLimits(e.limits);
          for (const id of pending) this.outcome.refused.push({ id, kind: 'limits', reason: why, ...requestId, ...(e.limits ? { limits: e.limits } : {}) });
          this.outcome.stoppedBecause = why;
          pending = [];
        } else if (e.status === 422 && e.projects && e.projects.length > 0) {
          const inBatch = new Set(pending);
          const blocked = e.projects.filter((p) => inBatch.has(p.id));
          const blockedIds = new Set(blocked.map((p) => p.id));
          for (const p of blocked) this.outcome.refused.push({ id: p.id, kind: 'integration', reason: l10n.t('has a {0} integration', p.integration ? integrationName(p.integration) : l10n.t('GitHub or Vercel')), ...requestId });
          const rest = pending.filter((id) => !blockedIds.has(id));
          if (blocked.length === 0) {
            // The API named projects outside this batch: refuse the batch rather than loop.
            for (const id of pending) this.outcome.refused.push({ id, kind: 'error', reason: messageOf(e), ...requestId });
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
          for (const id of pending) this.outcome.refused.push({ id, kind: 'error', reason: why, ...requestId });
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

/**
 * The progress notification's message: "400 of 1,000 moved (batch 2 of 3)". The batch is the one
 * on the wire, 1 before any answer; a 422's remainder sent again is still that batch (capped).
 * A transfer of one batch shows no counter.
 */
export function transferProgressMessage(p: TransferProgress, batches: number): string {
  const batch = Math.min(p.batchesSent + 1, batches);
  return (
    l10n.t('{0} of {1} moved', formatCount(p.moved), formatCount(p.total)) +
    (p.refused ? l10n.t(', {0} refused', formatCount(p.refused)) : '') +
    (batches > 1 ? l10n.t(' (batch {0} of {1})', formatCount(batch), formatCount(batches)) : '')
  );
}

/** What Transfer Projects Here offers, as its placeholder says it: personal projects, projects of organizations, or both (walk 42). */
export function offeredSentence(candidates: readonly { orgId?: string }[]): string {
  const fromOrgs = candidates.some((c) => c.orgId !== undefined);
  const personal = candidates.some((c) => c.orgId === undefined);
  if (fromOrgs && personal) return l10n.t('Projects of organizations you administer, and your personal projects');
  return personal ? l10n.t('Your personal projects') : l10n.t('Projects of organizations you administer');
}

/** A 406 said for the notification: the destination's project limit in plain words, else the limit's own clause. */
function limitsForToast(limits: readonly LimitLike[] | undefined, destName: string): string {
  if (!limits || limits.length === 0) return explainLimits(limits);
  return limits
    .map((l) => {
      const max = Number(l.expected);
      if (/^projects?(_count)?$/.test(l.name) && Number.isInteger(max) && l.actual != null) {
        return max === 1
          ? l10n.t("{0}'s plan allows 1 project, the transfer would make it {1}", destName, String(l.actual))
          : l10n.t("{0}'s plan allows {1} projects, the transfer would make it {2}", destName, max, String(l.actual));
      }
      return explainLimit(l);
    })
    .join('; ');
}

const isPlanLimit = (l: LimitLike) => /subscription|plan/.test(l.name);

/**
 * The closing summary. `headline` is the notification: counts, why they were refused (one
 * project by name, several counted by reason), what to do and the request id of the refusal;
 * `detail` (the log) names every project. `console`: the Neon Console would help ('destination'
 * for its limits, or the one project with an integration).
 */
export function summarizeTransfer(o: TransferOutcome, destName: string, names?: ReadonlyMap<string, string>, destMember = false): { headline: string; detail: string; console?: { destination: true } | { projectId: string } } {
  const label = (id: string) => {
    const n = names?.get(id);
    return n && n !== id ? `${n} (${id})` : id;
  };
  const parts: string[] = [];
  if (o.refused.length) parts.push(l10n.t('{0} refused ({1})', formatCount(o.refused.length), refusedWhy(o.refused, destName, names)));
  if (o.notSent.length) parts.push(l10n.t('{0} not sent', formatCount(o.notSent.length)));
  // "Transfer finished: 0 moved…" opened like a success (walk 28): a transfer that moved nothing says so first.
  // One project refused (Transfer Project, or one ticked) is said about that project, not as a batch's count (walk 42).
  const only = !o.cancelled && o.moved.length === 0 && o.notSent.length === 0 && o.refused.length === 1 ? o.refused[0]! : undefined;
  const sentences = only
    ? [oneRefused(only, destName, names?.get(only.id) ?? only.id)]
    : !o.cancelled && o.moved.length === 0 && parts.length
    ? [l10n.t('No project moved to {0}: {1}.', destName, parts.join(', '))]
    : [`${o.cancelled ? l10n.t('Transfer cancelled') : l10n.t('Transfer finished')}: ${[l10n.t('{0} moved to {1}', formatCount(o.moved.length), destName), ...parts].join(', ')}.`];
  const limits = o.refused.filter((r) => r.kind === 'limits');
  const integrations = o.refused.filter((r) => r.kind === 'integration');
  if (limits.length) {
    const all = limits.flatMap((r) => r.limits ?? []);
    // A member can do neither: the sentence says who can (walk 26).
    const planOnly = all.length > 0 && all.every(isPlanLimit);
    sentences.push(
      destMember
        ? planOnly
          ? l10n.t('Ask an admin of {0} to upgrade its plan, then transfer again.', destName)
          : l10n.t('Ask an admin of {0} to delete a project there or upgrade its plan, then transfer again.', destName)
        : planOnly
          ? l10n.t('Upgrade the plan of {0} in the Neon Console, then transfer again.', destName)
          : l10n.t('Delete a project in {0} or upgrade its plan in the Neon Console, then transfer again.', destName),
    );
  }
  if (integrations.length) {
    sentences.push(integrations.length === 1
      ? l10n.t('Remove its GitHub or Vercel integration in the Neon Console, then transfer it again.')
      : l10n.t('Remove their GitHub or Vercel integrations in the Neon Console, then transfer them again.'));
  }
  const ids = [...new Set(o.refused.map((r) => r.requestId).filter((x): x is string => !!x))];
  const rid = ids.length === 0 ? '' : ids.length === 1 ? l10n.t(' (request id {0})', ids[0]!) : l10n.t(' (request ids {0})', ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', …' : ''));
  const headline = sentences.join(' ') + rid;
  const lines: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const r of o.refused) {
    const key = r.kind === 'integration' ? l10n.t('Integrations (remove them first): ') : `${r.reason}: `;
    const list = byReason.get(key) ?? [];
    list.push(r.kind === 'integration' ? `${label(r.id)} ${r.reason}` : label(r.id));
    byReason.set(key, list);
  }
  for (const [reason, ids] of byReason) lines.push(l10n.t('Refused — {0}{1}{2}.', reason, ids.slice(0, 20).join(', '), ids.length > 20 ? l10n.t(' and {0} more', formatCount(ids.length - 20)) : ''));
  if (o.notSent.length) {
    const why = o.cancelled ? l10n.t('you cancelled') : o.stoppedBecause ? l10n.t('the destination refused an earlier batch') : l10n.t('you chose not to transfer them');
    lines.push(l10n.t('Not sent ({0}): {1}{2}.', why, o.notSent.slice(0, 20).map(label).join(', '), o.notSent.length > 20 ? l10n.t(' and {0} more', formatCount(o.notSent.length - 20)) : ''));
  }
  if (o.stoppedBecause) lines.push(l10n.t('Stopped: {0}.', o.stoppedBecause));
  const where = limits.length ? { destination: true as const } : integrations.length === 1 ? { projectId: integrations[0]!.id } : undefined;
  return { headline, detail: lines.join('\n'), ...(where ? { console: where } : {}) };
}

/** "acme-sandbox was not moved: Side Project's plan allows 1 project, the transfer would make it 2." */
function oneRefused(r: Refusal, destName: string, name: string): string {
  if (r.kind === 'limits') return l10n.t('{0} was not moved: {1}.', name, limitsForToast(r.limits, destName));
  if (r.kind === 'integration') return l10n.t('{0} was not moved to {1}: it {2}.', name, destName, r.reason);
  return l10n.t('{0} was not moved to {1}: {2}.', name, destName, r.reason.replace(/[.]$/, ''));
}

/** Why projects were refused, short: one by name; several by reason, each counted when there are several reasons. */
function refusedWhy(refused: readonly Refusal[], destName: string, names?: ReadonlyMap<string, string>): string {
  const reasonOf = (r: Refusal) => (r.kind === 'limits' ? limitsForToast(r.limits, destName) : r.reason.replace(/[.]$/, ''));
  if (refused.length === 1) {
    const r = refused[0]!;
    const name = names?.get(r.id) ?? r.id;
    return r.kind === 'integration' ? `${name} ${r.reason}` : l10n.t('{0}: {1}', name, reasonOf(r));
  }
  const groups = new Map<string, number>();
  for (const r of refused) {
    const key = r.kind === 'integration' ? '' : reasonOf(r);
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const said = (reason: string, n: number) => (reason === '' ? (n === 1 ? l10n.t('1 has a GitHub or Vercel integration') : l10n.t('{0} have a GitHub or Vercel integration', formatCount(n))) : reason);
  const only = groups.size === 1 ? [...groups][0] : undefined;
  if (only) return said(only[0], only[1]);
  return [...groups].map(([reason, n]) => (reason === '' ? said(reason, n) : l10n.t('{0}: {1}', formatCount(n), reason))).join('; ');
}
