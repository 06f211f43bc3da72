// One NeonClient per account: every request of an account goes through its client's concurrency
// cap. A client is dropped when its key changes, its account goes, or the request settings change.
import * as vscode from 'vscode';
import { NeonClient } from '../api';
import type { Log } from '../log';
import type { AccountRateLimit, AccountStore, ClientPool } from '../services';
import { affectsProxy, proxyConfig } from './proxySettings';
import { requestTimeoutMs, userAgent } from './store';

export class NeonClientPool implements ClientPool, vscode.Disposable {
  private readonly clients = new Map<string, Promise<NeonClient>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly rateLimits = new vscode.EventEmitter<AccountRateLimit>();
  /** Neon answered an account's request 429 and its requests wait (src/statusBar/rateLimitStatus.ts says so). */
  readonly onDidRateLimit = this.rateLimits.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly accounts: AccountStore,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      accounts.onDidChangeAccount((c) => {
        if (c.reason === 'key' || c.reason === 'removed') this.drop(c.id);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('neonExplorer.maxConcurrentRequests') || e.affectsConfiguration('neonExplorer.requestTimeoutSeconds')) {
          this.log.info('Request settings changed: API clients will be recreated');
          this.clients.clear();
        } else if (affectsProxy(e)) {
          this.log.info('Proxy settings changed: API clients will be recreated');
          this.clients.clear();
        }
      }),
    );
  }

  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
    this.rateLimits.dispose();
    this.clients.clear();
  }

  get(accountId: string): Promise<NeonClient> {
    let p = this.clients.get(accountId);
    if (!p) {
      p = this.create(accountId);
      this.clients.set(accountId, p);
      p.catch(() => this.clients.get(accountId) === p && this.clients.delete(accountId));
    }
    return p;
  }

  /** The client if one exists already (no secret read, no creation): for peak-in-flight checks. */
  peek(accountId: string): Promise<NeonClient> | undefined {
    return this.clients.get(accountId);
  }

  drop(accountId: string): void {
    this.clients.delete(accountId);
  }

  private async create(accountId: string): Promise<NeonClient> {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(vscode.l10n.t('This account was removed.'));
    const key = await this.accounts.getKey(accountId);
    if (!key) throw new Error(vscode.l10n.t('The key of "{0}" is missing from the secret storage: use "Update API Key…".', account.label));
    const cap = vscode.workspace.getConfiguration('neonExplorer').get<number>('maxConcurrentRequests', 6);
    const label = account.label;
    const client = new NeonClient({
      baseUrl: account.baseUrl,
      apiKey: key,
      userAgent: userAgent(this.context),
      timeoutMs: requestTimeoutMs(),
      maxConcurrent: Math.max(1, Math.min(40, cap)),
      proxy: proxyConfig(),
      log: (level, msg) => (level === 'warn' || level === 'error' ? this.log.warn(`[${label}] ${msg}`) : this.log.debug(`[${label}] ${msg}`)),
    });
    client.onRateLimit((w) => this.rateLimits.fire({ accountId, label, until: w.until, ...(w.idle ? { idle: true } : {}) }));
    if (client.proxy) this.log.info(`[${label}] API requests go through the proxy ${client.proxy}`);
    return client;
  }
}

export function createClientPool(context: vscode.ExtensionContext, accounts: AccountStore, log: Log): NeonClientPool {
  const pool = new NeonClientPool(context, accounts, log);
  context.subscriptions.push(pool);
  return pool;
}
