// Offline: a request that could not reach the API (no network, the host gone) marks its account
// offline in one place, the account row. While offline, a light probe (GET /auth, one try, with
// backoff) asks whether the API answers again; the first answer clears the mark and the tree
// reloads that account. Nothing is queued: a change that failed offline is never sent again by
// itself. The probe stops when the account is removed or the window closes (dispose).
import * as vscode from 'vscode';
import { NeonClient, isNeonApiError } from '../api';
import { isUnreachable } from '../api/errors';
import type { Log } from '../log';
import { proxyConfig } from './proxySettings';
import type { AccountStore } from '../services';
import { userAgent } from './store';

/** Probe delays: quick at first (a blip), then every 15 s at most. */
export const PROBE_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000];

export interface OfflineState {
  readonly since: number;
  /** The host that did not answer. */
  readonly host?: string;
  /** Probes sent so far while offline. */
  probes: number;
}

/** A failure that means the API could not be reached at all (not a dropped answer, not a proxy's refusal). */
export function isOfflineError(e: unknown): boolean {
  return isNeonApiError(e) && isUnreachable(e);
}

export class OfflineWatch implements vscode.Disposable {
  private readonly offline = new Map<string, OfflineState & { timer?: ReturnType<typeof setTimeout>; step: number }>();
  private readonly changed = new vscode.EventEmitter<{ id: string; offline: boolean }>();
  readonly onDidChange = this.changed.event;
  private disposed = false;
  /** Probes sent in this session (the tests' figure). */
  probesSent = 0;

  constructor(
    /** One light request; resolves when the API answered (any HTTP status), rejects when it could not be reached. */
    private readonly probe: (accountId: string) => Promise<unknown>,
    private readonly exists: (accountId: string) => boolean,
    private readonly log: Log,
    private readonly delays: readonly number[] = PROBE_DELAYS_MS,
  ) {}

  dispose(): void {
    this.disposed = true;
    for (const s of this.offline.values()) clearTimeout(s.timer);
    this.offline.clear();
    this.changed.dispose();
  }

  state(accountId: string): OfflineState | undefined {
    return this.offline.get(accountId);
  }

  /** Marks the account offline if `err` says the API could not be reached; true if it did. */
  report(accountId: string, err: unknown): boolean {
    if (!isOfflineError(err) || this.disposed || !this.exists(accountId)) return false;
    if (this.offline.has(accountId)) return true;
    const host = isNeonApiError(err) ? err.host : undefined;
    this.offline.set(accountId, { since: Date.now(), host, probes: 0, step: 0 });
    this.log.warn(`Offline: the Neon API${host ? ` at ${host}` : ''} could not be reached; asking again with backoff`);
    this.schedule(accountId);
    this.changed.fire({ id: accountId, offline: true });
    return true;
  }

  /** The account answered (a request succeeded, or it was removed): no longer offline. */
  clear(accountId: string): void {
    const s = this.offline.get(accountId);
    if (!s) return;
    clearTimeout(s.timer);
    this.offline.delete(accountId);
    if (this.disposed) return;
    this.log.info(`Online again after ${Math.round((Date.now() - s.since) / 100) / 10} s (${s.probes} probes)`);
    this.changed.fire({ id: accountId, offline: false });
  }

  /** Forget an account that was removed (no event: the row is gone). */
  forget(accountId: string): void {
    clearTimeout(this.offline.get(accountId)?.timer);
    this.offline.delete(accountId);
  }

  private schedule(accountId: string): void {
    const s = this.offline.get(accountId);
    if (!s || this.disposed) return;
    const delay = this.delays[Math.min(s.step, this.delays.length - 1)]!;
    s.step++;
    s.timer = setTimeout(() => void this.probeOnce(accountId), delay);
    s.timer.unref?.();
  }

  private async probeOnce(accountId: string): Promise<void> {
    const s = this.offline.get(accountId);
    if (!s || this.disposed) return;
    if (!this.exists(accountId)) return this.forget(accountId);
    s.probes++;
    this.probesSent++;
    try {
      await this.probe(accountId);
      this.clear(accountId);
    } catch (e) {
      // Any answer from the API (even 401 or 5xx) means the network is back.
      if (isNeonApiError(e) && e.kind !== 'network' && e.kind !== 'timeout') return this.clear(accountId);
      if (this.offline.get(accountId) === s) this.schedule(accountId);
    }
  }
}

/** The watch of the extension: probes with a client of one try per probe (no retries: the backoff is the watch's). */
export function createOfflineWatch(context: vscode.ExtensionContext, accounts: AccountStore, log: Log): OfflineWatch {
  const watch = new OfflineWatch(
    async (id) => {
      const a = accounts.get(id);
      const key = a ? await accounts.getKey(id) : undefined;
      if (!a || !key) return; // nothing to ask with: the row says why already
      const client = new NeonClient({ baseUrl: a.baseUrl, apiKey: key, userAgent: userAgent(context), timeoutMs: 5000, maxConcurrent: 1, proxy: proxyConfig(), retry: { maxAttempts: 1 } });
      await client.getAuth();
    },
    (id) => !!accounts.get(id),
    log,
  );
  context.subscriptions.push(
    watch,
    accounts.onDidChangeAccount((c) => {
      if (c.reason === 'removed') watch.forget(c.id);
    }),
  );
  return watch;
}
