// VS Code's SecretStorage can throw: a locked or missing OS keyring (no gnome-keyring / KWallet
// service, a keychain that refuses). Such failures become sentences that say so and what to do,
// and never cost a key: nothing is deleted because a read failed.
import type * as vscode from 'vscode';

/** Why SecretStorage failed, in a few words, from what it threw (keyring messages carry no secret). */
export function secretFailureReason(e: unknown): string {
  const msg = (e instanceof Error ? e.message : typeof e === 'string' ? e : '').replace(/\s+/g, ' ').trim();
  return (msg || 'it failed without saying why').slice(0, 200).replace(/[.\s]+$/, '');
}

const REMEDY = "The OS keyring may be locked or not running: unlock it (or start its service, e.g. gnome-keyring or KWallet), then try again";

/** A key that is stored but cannot be read now. */
export class KeyUnavailableError extends Error {
  override readonly name = 'KeyUnavailableError';
  constructor(
    readonly label: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The API key of "${label}" cannot be read from VS Code's secret storage (${reason}). ${REMEDY}; the account and its key were kept.`, options);
  }
}

/**
 * The account's key was stored or replaced in another window, and this window's SecretStorage does
 * not show it: VS Code in a browser (code-server, vscode.dev) reads its secrets once per tab.
 */
export class KeyElsewhereError extends Error {
  override readonly name = 'KeyElsewhereError';
  constructor(readonly label: string) {
    super(`The API key of "${label}" was added or changed in another window, and this window cannot read it: run "Developer: Reload Window"; if the key is still missing after that, use "Update API Key…".`);
  }
}

/** SecretStorage refused to store, replace or delete a key. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(what: 'store' | 'replace' | 'delete', label: string, readonly reason: string, options?: { cause?: unknown }) {
    const done =
      what === 'store'
        ? 'nothing was saved'
        : what === 'replace'
          ? 'the account keeps its current key'
          : 'the account was kept';
    super(`VS Code's secret storage could not ${what} the key of "${label}" (${reason}). ${REMEDY}; ${done}.`, options);
  }
}

/**
 * Test-only (NEON_EXPLORER_TEST=1): SecretStorage whose calls can be made to throw, to prove the
 * extension in the real host against a locked keyring. A person's editor never gets this.
 */
export class InjectableSecretStorage implements vscode.SecretStorage {
  private failure: { message: string; ops: ReadonlySet<'get' | 'store' | 'delete'> } | undefined;
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;
  constructor(private readonly inner: vscode.SecretStorage) {
    this.onDidChange = inner.onDidChange;
  }
  /** Make `ops` throw `message` until heal(). */
  fail(message: string, ops: ReadonlyArray<'get' | 'store' | 'delete'> = ['get', 'store', 'delete']): void {
    this.failure = { message, ops: new Set(ops) };
  }
  heal(): void {
    this.failure = undefined;
  }
  private check(op: 'get' | 'store' | 'delete'): void {
    if (this.failure?.ops.has(op)) throw new Error(this.failure.message);
  }
  async get(key: string): Promise<string | undefined> {
    this.check('get');
    return this.inner.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.check('store');
    return this.inner.store(key, value);
  }
  async delete(key: string): Promise<void> {
    this.check('delete');
    return this.inner.delete(key);
  }
}
