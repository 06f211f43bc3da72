import type * as vscode from 'vscode';

/**
 * SecretStorage whose calls can be made to throw, to prove the extension in the real host against
 * a locked keyring. The test seam wraps the host's SecretStorage in it; a person's editor never
 * gets it.
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
