// Accounts: one Neon API key each. The key lives only in SecretStorage
// (`neonExplorer.account.<id>`); label, kind, base URL and order live in globalState.
import { createHash, randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { proxyConfig } from './proxySettings';
import { NeonClient, isNeonApiError } from '../api';
import type { Log } from '../log';
import type { Account, AccountStore, CheckedKey } from '../services';
import { forgetSecret, registerSecret } from '../util/redact';
import { seedDemoAccountWhenPossible } from './demo';
import { KeyRejectedError, describeKind, identifyKey, type KeyIdentity } from './identify';
import { KeyElsewhereError, KeyUnavailableError, SecretStoreError, secretFailureReason } from './secretStorage';
import { SecretWriteGuard, StaleSecretsError, type WindowView } from './secretWriteGuard';

const STATE_KEY = 'neonExplorer.accounts';
/** Ids of removed accounts (tombstones), so a window's stale write cannot bring one back. */
const REMOVED_KEY = 'neonExplorer.accounts.removed';
const MAX_TOMBSTONES = 200;

function readList(state: vscode.Memento): StoredAccount[] {
  return (state.get<StoredAccount[]>(STATE_KEY) ?? []).filter((a) => a && typeof a.id === 'string');
}

function readRemoved(state: vscode.Memento): string[] {
  const r = state.get<unknown>(REMOVED_KEY);
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}
const secretKey = (id: string) => `neonExplorer.account.${id}`;
export const DEFAULT_BASE_URL = 'https://console.neon.tech/api/v2';

/** The API address new accounts use: `neonExplorer.apiBaseUrl`, else Neon's; no trailing slash. */
export function configuredBaseUrl(): string {
  const url = (vscode.workspace.getConfiguration('neonExplorer').get<string>('apiBaseUrl', '') ?? '').trim() || DEFAULT_BASE_URL;
  return url.replace(/\/+$/, '');
}

/** What globalState holds per account (never the key). */
export interface StoredAccount extends Account {
  readonly userId?: string;
  readonly orgName?: string;
  readonly projectName?: string;
  /** Added without a network check (demo bootstrap): identified on first use. */
  readonly unverified?: boolean;
  readonly addedAt: string;
  /**
   * A short fingerprint of the key (12 hex digits of its SHA-256, not the key): another window
   * whose SecretStorage cannot see a key stored here (VS Code in a browser reads it once per tab)
   * knows that the key it holds is not the account's, and says so instead of using it.
   */
  readonly keyId?: string;
}

export const keyFingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export type AccountChange = { id: string; reason: 'added' | 'removed' | 'renamed' | 'key' | 'rejected' | 'verified' | 'keyAvailability' };

/** How often globalState is compared with what this window shows (a rename in another window has no event). */
const SYNC_POLL_MS = 2000;

/** While a key cannot be read, it is tried again this often (and on every use), so the account recovers by itself. */
const KEY_RETRY_MS = 10_000;

export function userAgent(context: vscode.ExtensionContext): string {
  const version = (context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '0.0.0';
  return `neon-explorer/${version}`;
}

export function requestTimeoutMs(): number {
  const s = vscode.workspace.getConfiguration('neonExplorer').get<number>('requestTimeoutSeconds', 30);
  return Math.max(5, Math.min(300, s)) * 1000;
}

export class NeonAccountStore implements AccountStore, vscode.Disposable {
  ready: Promise<void> = Promise.resolve();
  private accounts: StoredAccount[];
  private readonly keys = new Map<string, string>();
  /** Reads of SecretStorage under way: a use during the read at start waits for it instead of reading again. */
  private readonly reading = new Map<string, Promise<string | undefined>>();
  private readonly keysLoaded: Promise<void>;
  private readonly verifying = new Map<string, Promise<StoredAccount>>();
  /** Accounts whose key SecretStorage could not read, and why (memory only: it is a state of this session). */
  private readonly unavailable = new Map<string, string>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setInterval> | undefined;
  private readonly watchers: vscode.Disposable[] = [];
  /** Changes other windows made that this one has taken in (the tests' figure). */
  syncedFromOtherWindows = 0;
  /** Times this window wrote back a change another window's concurrent write had dropped. */
  rewritten = 0;
  /** Accounts this window changed that the shared list does not show yet. */
  private readonly pending = new Map<string, StoredAccount>();
  /** Removed account ids (this window's and the shared tombstones). */
  private readonly removed = new Set<string>();
  private listQueue: Promise<unknown> = Promise.resolve();
  /** The last key this window stored per account (its own change events are not another window's). */
  private readonly written = new Map<string, string>();
  /** Accounts whose key another window stored and this window cannot read yet. */
  private readonly elsewhere = new Set<string>();
  private readonly secrets: vscode.SecretStorage;
  /** Refuses a key write from a window whose secret storage is out of date (browser tabs). */
  private readonly guard: SecretWriteGuard;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly changedAccount = new vscode.EventEmitter<AccountChange>();
  readonly onDidChange = this.changed.event;
  /** Which account changed and how: the client pool and the tree drop exactly what went stale. */
  readonly onDidChangeAccount = this.changedAccount.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    secrets?: vscode.SecretStorage,
  ) {
    this.secrets = secrets ?? context.secrets;
    // Only VS Code in a browser keeps a copy of the secrets per tab; desktop windows share one keyring.
    const shared = context.globalStorageUri as vscode.Uri | undefined;
    const perTab = vscode.env.uiKind === vscode.UIKind.Web && shared?.scheme === 'file';
    this.guard = new SecretWriteGuard(perTab ? vscode.Uri.joinPath(shared, 'account-keys.json').fsPath : undefined);
    this.accounts = readList(context.globalState);
    for (const id of readRemoved(context.globalState)) this.removed.add(id);
    // Local only (no network): read every key once so that it is registered for redaction.
    // A key that cannot be read (locked keyring) marks its account; it never fails activation.
    this.keysLoaded = Promise.all(this.accounts.map((a) => this.readKey(a.id).catch(() => undefined))).then(() => undefined);
    // The `neonExplorer.accountCount` context key is first set by publishContextKey(), on the turn
    // after activate(): VS Code's first executeCommand took 0.5–4 ms of it in bench/activation.ts.
    // Another window of the same profile shares globalState and SecretStorage: follow its changes.
    // A key stored or deleted there fires onDidChange here; a rename changes globalState only,
    // which has no event, so it is looked at when this window gains focus and every few seconds.
    this.watchers.push(
      this.secrets.onDidChange((e) => void this.secretChanged(e.key)),
      vscode.window.onDidChangeWindowState((w) => w.focused && void this.syncFromShared()),
    );
    this.syncTimer = setInterval(() => void this.syncFromShared(), SYNC_POLL_MS);
    this.syncTimer.unref?.();
  }

  dispose(): void {
    clearInterval(this.syncTimer);
    this.watchers.forEach((d) => d.dispose());
    clearTimeout(this.retryTimer);
    this.changed.dispose();
    this.changedAccount.dispose();
  }

  list(): readonly StoredAccount[] {
    return this.accounts;
  }

  get(id: string): StoredAccount | undefined {
    return this.accounts.find((a) => a.id === id);
  }

  /**
   * The account's key (registered for redaction), or undefined when the secret is gone. Throws
   * KeyUnavailableError (a sentence) when SecretStorage cannot be read.
   */
  async getKey(id: string): Promise<string | undefined> {
    const held = this.keys.get(id);
    if (held && this.isAccountsKey(id, held)) return held;
    return this.reading.get(id) ?? this.readKey(id);
  }

  /** Why the account's key cannot be read now, if it cannot. */
  keyProblem(id: string): string | undefined {
    return this.unavailable.get(id);
  }

  /** The account's key was stored by another window, and this window's SecretStorage does not show it yet. */
  keyInOtherWindow(id: string): boolean {
    return this.elsewhere.has(id);
  }

  private isAccountsKey(id: string, key: string): boolean {
    const want = this.get(id)?.keyId;
    return !want || keyFingerprint(key) === want;
  }

  /** Reads the keys of accounts whose key could not be read; the ones that now can are back. */
  async retryUnavailableKeys(): Promise<void> {
    await Promise.all([...this.unavailable.keys()].map((id) => this.readKey(id).catch(() => undefined)));
  }

  /**
   * Forgets the keys held in memory and reads them all again, as at start. The integration suite
   * replays a start with a locked keyring through this.
   */
  async reloadKeys(): Promise<void> {
    this.keys.clear();
    await Promise.all(this.accounts.map((a) => this.readKey(a.id).catch(() => undefined)));
  }

  private setUnavailable(id: string, reason: string | undefined): void {
    const was = this.unavailable.get(id);
    if (was === reason) return;
    if (reason === undefined) this.unavailable.delete(id);
    else this.unavailable.set(id, reason);
    const label = this.get(id)?.label ?? id;
    if (reason !== undefined) this.log.warn(`The key of "${label}" cannot be read from the secret storage (${reason}); tried again every ${KEY_RETRY_MS / 1000} s and on use`);
    else this.log.info(`The key of "${label}" can be read again`);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.unavailable.size > 0) {
      this.retryTimer = setTimeout(() => void this.retryUnavailableKeys(), KEY_RETRY_MS);
      this.retryTimer.unref?.();
    }
    if (this.get(id)) this.fire({ id, reason: 'keyAvailability' });
  }

  private readKey(id: string): Promise<string | undefined> {
    const p = this.readKeyNow(id).finally(() => this.reading.get(id) === p && this.reading.delete(id));
    this.reading.set(id, p);
    return p;
  }

  private async readKeyNow(id: string): Promise<string | undefined> {
    let key: string | undefined;
    try {
      key = await this.secrets.get(secretKey(id));
    } catch (e) {
      const reason = secretFailureReason(e);
      this.setUnavailable(id, reason);
      throw new KeyUnavailableError(this.get(id)?.label ?? vscode.l10n.t('this account'), reason, { cause: e });
    }
    this.setUnavailable(id, undefined);
    if (key) registerSecret(key);
    const a = this.get(id);
    if (a?.keyId && (!key || !this.isAccountsKey(id, key))) {
      // Stored (or replaced) by another window whose write this window's SecretStorage does not
      // show: a stale key is never used, and the account says a reload of this window brings it.
      this.keys.delete(id);
      if (!this.elsewhere.has(id)) {
        this.elsewhere.add(id);
        this.log.warn(`The key of "${a.label}" was set in another window; this window reads it after a reload`);
        this.fire({ id, reason: 'keyAvailability' });
      }
      throw new KeyElsewhereError(a.label);
    }
    if (this.elsewhere.delete(id)) this.fire({ id, reason: 'keyAvailability' });
    if (key) this.keys.set(id, key);
    return key;
  }

  /**
   * Takes in what other windows changed in the shared globalState: accounts added, removed,
   * renamed or re-identified there. Their keys come from SecretStorage.
   *
   * globalState is one value per extension, last writer wins: two windows that save at the same
   * moment each write a list without the other's change. So an account leaves the list only
   * through a tombstone (its id in REMOVED_KEY): one missing from the shared list without a
   * tombstone was lost to such a race, and is written back (its key is still stored).
   */
  syncFromShared(): Promise<void> {
    return this.exclusive(() => this.takeInShared());
  }

  /** One list change at a time (a poll must not replace the list with what it read before a save). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.listQueue.then(fn, fn);
    this.listQueue = run.catch(() => undefined);
    return run;
  }

  private async takeInShared(): Promise<void> {
    const shared = readList(this.context.globalState);
    const sharedRemoved = readRemoved(this.context.globalState);
    for (const id of sharedRemoved) this.removed.add(id);
    const merged = shared.filter((a) => !this.removed.has(a.id)).map((a) => this.pending.get(a.id) ?? a);
    for (const a of [...this.accounts, ...this.pending.values()]) {
      if (!this.removed.has(a.id) && !merged.some((m) => m.id === a.id)) merged.push(this.pending.get(a.id) ?? a);
    }
    const removed = [...this.removed].slice(-MAX_TOMBSTONES);
    const lostHere = JSON.stringify(merged) !== JSON.stringify(shared) || removed.length !== sharedRemoved.length;
    for (const id of this.pending.keys()) if (shared.some((a) => JSON.stringify(a) === JSON.stringify(this.pending.get(id)))) this.pending.delete(id);
    const before = new Map(this.accounts.map((a) => [a.id, a]));
    const same = JSON.stringify(merged) === JSON.stringify(this.accounts);
    this.accounts = merged;
    if (lostHere) {
      // Another window's write dropped a change of this one (or of a third): write the union back.
      this.rewritten++;
      await this.context.globalState.update(STATE_KEY, merged);
      await this.context.globalState.update(REMOVED_KEY, removed);
    }
    if (same) return;
    const now = new Map(merged.map((a) => [a.id, a]));
    await this.updateContextKey();
    for (const [id, a] of before) {
      if (now.has(id)) continue;
      const old = this.keys.get(id);
      this.keys.delete(id);
      this.unavailable.delete(id);
      if (old) forgetSecretLater(old);
      this.syncedFromOtherWindows++;
      this.log.info(`Account "${a.label}" was removed in another window`);
      this.fire({ id, reason: 'removed' });
    }
    for (const [id, a] of now) {
      const was = before.get(id);
      if (!was) {
        await this.readKey(id).catch(() => undefined);
        this.syncedFromOtherWindows++;
        this.log.info(`Account "${a.label}" was added in another window`);
        this.fire({ id, reason: 'added' });
      } else if (JSON.stringify(was) !== JSON.stringify(a)) {
        this.syncedFromOtherWindows++;
        const onlyLabel = JSON.stringify({ ...was, label: a.label }) === JSON.stringify(a);
        if (!onlyLabel) await this.readKey(id).catch(() => undefined);
        this.fire({ id, reason: onlyLabel ? 'renamed' : 'key' });
      }
    }
  }

  /** A key changed in SecretStorage (this window or another): re-read it; a new key reloads the account. */
  private async secretChanged(key: string): Promise<void> {
    const id = key.startsWith('neonExplorer.account.') ? key.slice('neonExplorer.account.'.length) : undefined;
    if (!id) return;
    // This window's own write (its list entry may not name the new key yet).
    const raw = await Promise.resolve(this.secrets.get(secretKey(id))).catch(() => undefined);
    if (raw !== undefined && raw === this.written.get(id)) return;
    // The list may name a new key (another window re-keyed): take it in first.
    await this.syncFromShared();
    if (!this.get(id)) return;
    const held = this.keys.get(id);
    const now = await this.readKey(id).catch(() => undefined); // unreadable: the account says why
    if (!now || now === held) return; // this window's own write, or nothing to use yet
    if (held) forgetSecretLater(held);
    this.syncedFromOtherWindows++;
    this.log.info(`The key of "${this.get(id)?.label}" was changed in another window`);
    this.fire({ id, reason: 'key' });
  }

  private baseUrlSetting(): string {
    return configuredBaseUrl();
  }

  /** Asks the API what the key is; throws KeyRejectedError on 401, a NeonApiError otherwise. */
  private async identify(apiKey: string, baseUrl: string): Promise<KeyIdentity> {
    const client = new NeonClient({
      baseUrl,
      apiKey,
      userAgent: userAgent(this.context),
      timeoutMs: requestTimeoutMs(),
      maxConcurrent: 2,
      proxy: proxyConfig(),
      // Reads only; three tries ride out a passing 5xx or 429 without keeping the person waiting long.
      retry: { maxAttempts: 3 },
      log: (level, msg) => this.log.debug(`[check key] ${level} ${msg}`),
    });
    return identifyKey(client);
  }

  /**
   * Checks a key with Neon before anything else is asked (Add API Key asks the name after it):
   * the identity, and the name the account gets when none is typed. Nothing is stored.
   */
  async check(apiKey: string, forAccount?: string): Promise<CheckedKey> {
    const key = apiKey.trim();
    if (!key) throw new Error(vscode.l10n.t('The API key is empty.'));
    registerSecret(key);
    await this.keysLoaded;
    const twin = this.accounts.find((a) => a.id !== forAccount && this.keys.get(a.id) === key);
    if (twin) throw new Error(vscode.l10n.t('This key is already added as "{0}".', twin.label));
    const baseUrl = (forAccount && this.get(forAccount)?.baseUrl) || this.baseUrlSetting();
    const who = await this.identify(key, baseUrl);
    return { key, baseUrl, who, defaultLabel: this.fromIdentity('', who, baseUrl, undefined).label };
  }

  async add(apiKey: string, label?: string, checked?: CheckedKey): Promise<StoredAccount> {
    const { key, baseUrl, who } = checked && checked.key === apiKey.trim() ? checked : await this.check(apiKey);
    const account: StoredAccount = { ...this.fromIdentity(randomUUID(), who, baseUrl, label?.trim() || undefined), keyId: keyFingerprint(key) };
    await this.storeKey(account.id, key, 'store', account.label);
    this.keys.set(account.id, key);
    await this.save((list) => [...list, account]);
    this.log.info(`Added account "${account.label}" (${describeKind(account.kind)}, ${baseUrl})`);
    this.fire({ id: account.id, reason: 'added' });
    return account;
  }

  /** Demo bootstrap: stores a key without asking the API; it is identified on first use. */
  async addUnverified(apiKey: string, baseUrl: string, label: string): Promise<StoredAccount> {
    const key = apiKey.trim();
    registerSecret(key);
    const account: StoredAccount = { id: randomUUID(), label, kind: 'personal', baseUrl: baseUrl.replace(/\/+$/, ''), unverified: true, addedAt: new Date().toISOString(), keyId: keyFingerprint(key) };
    await this.storeKey(account.id, key, 'store', label);
    this.keys.set(account.id, key);
    await this.save((list) => [...list, account]);
    this.log.info(`Added account "${label}" from NEON_EXPLORER_DEMO_KEY (${account.baseUrl}); it is checked when first expanded`);
    this.fire({ id: account.id, reason: 'added' });
    return account;
  }

  /** Identifies an unverified account once (concurrent callers share the request). */
  async ensureVerified(id: string): Promise<StoredAccount> {
    const a = this.get(id);
    if (!a) throw new Error(vscode.l10n.t('This account was removed.'));
    if (!a.unverified) return a;
    let p = this.verifying.get(id);
    if (!p) {
      p = (async () => {
        const key = await this.getKey(id);
        if (!key) throw new Error(vscode.l10n.t('The key of this account is missing from the secret storage: use "Update API Key…".'));
        try {
          const who = await this.identify(key, a.baseUrl);
          const current = this.get(id);
          if (!current) throw new Error(vscode.l10n.t('This account was removed.'));
          const next: StoredAccount = { ...this.fromIdentity(id, who, current.baseUrl, current.label, current.addedAt), ...(current.keyId ? { keyId: current.keyId } : {}) };
          await this.replace(next);
          this.fire({ id, reason: 'verified' });
          return next;
        } catch (e) {
          if (e instanceof KeyRejectedError) await this.markRejected(id, true, e.requestId);
          throw e;
        }
      })().finally(() => this.verifying.delete(id));
      this.verifying.set(id, p);
    }
    return p;
  }

  async rename(id: string, label: string): Promise<void> {
    const a = this.require(id);
    const next = label.trim();
    if (!next) throw new Error(vscode.l10n.t('The name is empty.'));
    await this.replace({ ...a, label: next });
    this.fire({ id, reason: 'renamed' });
  }

  /** Checks the new key, then swaps it in: same id, so same place and same node ids in the tree. */
  async updateKey(id: string, apiKey: string, checked?: CheckedKey): Promise<void> {
    const a = this.require(id);
    const key = apiKey.trim();
    if (!key) throw new Error(vscode.l10n.t('The API key is empty.'));
    registerSecret(key);
    const who = checked && checked.key === key && checked.baseUrl === a.baseUrl ? checked.who : await this.identify(key, a.baseUrl);
    const old = await this.getKey(id).catch(() => undefined);
    await this.storeKey(id, key, 'replace', a.label);
    this.keys.set(id, key);
    this.setUnavailable(id, undefined);
    if (old && old !== key) forgetSecretLater(old);
    const updated: StoredAccount = { ...this.fromIdentity(id, who, a.baseUrl, a.label, a.addedAt), keyId: keyFingerprint(key) };
    await this.replace(updated);
    this.log.info(`Updated the key of "${a.label}" (${describeKind(updated.kind)})`);
    this.fire({ id, reason: 'key' });
  }

  async remove(id: string): Promise<void> {
    const a = this.require(id);
    const old = this.keys.get(id);
    await this.guarded({ id, label: a.label }, null, async () => {
      try {
        await this.secrets.delete(secretKey(id));
      } catch (e) {
        // Dropping the account would leave its key behind in the keyring, out of reach: keep both.
        throw new SecretStoreError('delete', a.label, secretFailureReason(e), { cause: e });
      }
    });
    this.unavailable.delete(id);
    this.elsewhere.delete(id);
    this.keys.delete(id);
    if (old) forgetSecretLater(old);
    await this.save((list) => list.filter((x) => x.id !== id));
    this.log.info(`Removed account "${a.label}" (added ${a.addedAt})`);
    this.fire({ id, reason: 'removed' });
  }

  private async storeKey(id: string, key: string, what: 'store' | 'replace', label: string): Promise<void> {
    await this.guarded({ id, label }, keyFingerprint(key), async () => {
      this.written.set(id, key);
      try {
        await this.secrets.store(secretKey(id), key);
      } catch (e) {
        throw new SecretStoreError(what, label, secretFailureReason(e), { cause: e });
      }
    });
  }

  /** A key write through the guard; a refusal is logged with what differed (never a key). */
  private async guarded<T>(account: { id: string; label: string }, fingerprint: string | null, write: () => Promise<T>): Promise<T> {
    try {
      return await this.guard.write(account, fingerprint, this.view, write);
    } catch (e) {
      if (e instanceof StaleSecretsError) {
        const what = e.accounts.map((x) => `"${this.get(x.id)?.label ?? x.label ?? x.id}" (expected ${x.expected}, this window reads ${x.read})`).join(', ');
        this.log.warn(`Did not write the key of "${account.label}": this window's secret storage is out of date for ${what}; a reload of this window reads it again`);
      }
      throw e;
    }
  }

  /** What this window's secret storage holds (as fingerprints) and lists, for the guard. */
  private readonly view: WindowView = {
    read: async (id) => {
      try {
        const key = await this.secrets.get(secretKey(id));
        return key ? keyFingerprint(key) : undefined;
      } catch {
        return 'unreadable';
      }
    },
    listed: (id) => this.accounts.some((a) => a.id === id),
  };

  /** In memory only: a request id says nothing in another window or after a restart. */
  private readonly rejectedBy = new Map<string, string>();

  rejectedRequestId(id: string): string | undefined {
    return this.rejectedBy.get(id);
  }

  async markRejected(id: string, rejected: boolean, requestId?: string): Promise<void> {
    if (rejected && requestId) this.rejectedBy.set(id, requestId);
    if (!rejected) this.rejectedBy.delete(id);
    const a = this.get(id);
    if (!a || !!a.rejected === rejected) return;
    await this.replace({ ...a, rejected: rejected || undefined });
    this.log.warn(rejected ? vscode.l10n.t('Neon rejected the key of "{0}" (401): the account waits for "Update API Key…"', a.label) : vscode.l10n.t('"{0}" is no longer marked rejected', a.label));
    this.fire({ id, reason: 'rejected' });
  }

  private fromIdentity(id: string, who: KeyIdentity, baseUrl: string, label?: string, addedAt?: string): StoredAccount {
    const a: StoredAccount = {
      id,
      label: label ?? who.suggestedLabel,
      kind: who.kind,
      baseUrl,
      addedAt: addedAt ?? new Date().toISOString(),
      ...(who.orgId ? { orgId: who.orgId } : {}),
      ...(who.orgName ? { orgName: who.orgName } : {}),
      ...(who.projectId ? { projectId: who.projectId } : {}),
      ...(who.projectName ? { projectName: who.projectName } : {}),
      ...(who.email ? { email: who.email } : {}),
      ...(who.userId ? { userId: who.userId } : {}),
    };
    return a;
  }

  private require(id: string): StoredAccount {
    const a = this.get(id);
    if (!a) throw new Error(vscode.l10n.t('This account was removed.'));
    return a;
  }

  private async replace(a: StoredAccount): Promise<void> {
    await this.save((list) => list.map((x) => (x.id === a.id ? a : x)));
  }

  /**
   * Applies an edit to the list as it is in globalState now, not to this window's copy: an account
   * another window added meanwhile is kept (its key stays reachable).
   */
  private save(edit: (list: StoredAccount[]) => StoredAccount[]): Promise<void> {
    return this.exclusive(() => this.saveNow(edit));
  }

  private async saveNow(edit: (list: StoredAccount[]) => StoredAccount[]): Promise<void> {
    await this.takeInShared();
    const next = edit(this.accounts);
    // What this window changed wins over the shared list until the shared list shows it.
    for (const a of next) if (JSON.stringify(a) !== JSON.stringify(this.get(a.id))) this.pending.set(a.id, a);
    for (const a of this.accounts) {
      if (next.some((x) => x.id === a.id)) continue;
      this.removed.add(a.id);
      this.pending.delete(a.id);
    }
    this.accounts = next;
    await this.context.globalState.update(STATE_KEY, next);
    await this.context.globalState.update(REMOVED_KEY, [...this.removed].slice(-MAX_TOMBSTONES));
    await this.updateContextKey();
  }

  /** Sets `neonExplorer.accountCount` (the menus' and the welcome view's when clauses) for the accounts held now. */
  publishContextKey(): void {
    void this.updateContextKey();
  }

  private async updateContextKey(): Promise<void> {
    // A count, not a boolean: the welcome view asks for `accountCount == 0`, so a key not set yet
    // (the extension host still starting after a reload) is not "no accounts", and a person with
    // accounts is not shown "Add Neon API Key" until the tree comes (VS Code reads `key == false`
    // as `!key`, true while unset). The menus ask for `accountCount > 0`.
    await vscode.commands.executeCommand('setContext', 'neonExplorer.accountCount', this.accounts.length);
  }

  private fire(change: AccountChange): void {
    this.changedAccount.fire(change);
    this.changed.fire();
  }
}

/** A replaced key may still appear in lines being written: forget it a little later. */
function forgetSecretLater(secret: string): void {
  setTimeout(() => forgetSecret(secret), 60_000).unref?.();
}

export function isKeyRejected(e: unknown): boolean {
  return e instanceof KeyRejectedError || (isNeonApiError(e) && e.status === 401);
}

export function createAccountStore(context: vscode.ExtensionContext, log: Log, secrets?: vscode.SecretStorage): NeonAccountStore {
  const store = new NeonAccountStore(context, log, secrets);
  context.subscriptions.push(store);
  // A command run before the demo account is in (the walkthrough, a palette entry) waits for it.
  // Seeded just after activate() returns (a microtask): storing a key is no part of activation.
  store.ready = Promise.resolve().then(() => {
    const seeding = seedDemoAccountWhenPossible(store, context.globalState, process.env, log);
    context.subscriptions.push(seeding);
    return seeding.first;
  });
  return store;
}
