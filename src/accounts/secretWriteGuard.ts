// Why this exists: VS Code in a browser (code-server, vscode.dev) keeps an extension's
// SecretStorage as one map per tab, read when the tab opens and written back whole on every
// change. A tab that saves a key after another tab saved one writes its old map back and erases
// the other tab's key. No API tells a window that its map is out of date, and no library covers
// it, so every window that writes a key records, in one small file shared by all windows and
// under the same lock as the .env writer, which key each account should have (a 12-hex
// fingerprint, never the key, and the account's name; "deleted" for a removed one). Before it
// writes, a window checks that it reads what the file says. When it does not, its map is stale:
// it writes nothing and says so, and a reload of that window (which reads the map again) lets the
// write go ahead without a loss. Desktop windows share one keyring: the store does not use the
// guard there. Only accounts this window lists, or written in the last minute (the account list
// reaches other windows with a delay), are checked: a browser whose site data was cleared (keys
// and list gone, the record on the server kept) is not out of date and is never refused for good.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { acquireWriteLock, sweepDeadWriters, tempPathFor } from '../util/writeLock';

/** Account id → fingerprint of the key it should have (null: deleted) and when it was written. */
type Manifest = Record<string, { k: string | null; at: number; label?: string }>;

/** How long another window may take to list an account this one wrote (globalState is polled). */
const RECENT_MS = 60_000;

/** Deleted entries kept (oldest dropped first): enough for any window still open to be caught. */
const MAX_DELETED = 100;

/** This window's secret storage does not show keys another window wrote: writing now would erase them. */
export class StaleSecretsError extends Error {
  override readonly name = 'StaleSecretsError';
  constructor(readonly accounts: readonly StaleAccount[]) {
    super(`stale secret storage: ${accounts.map((a) => `${a.id} (${a.expected}, ${a.read})`).join(', ')}`);
  }
}

/** An account whose key this window reads differently from what the last writer recorded. */
export interface StaleAccount {
  id: string;
  /** Its name when it was written (another window's account may not be listed here yet). */
  label?: string;
  expected: 'a key' | 'no key';
  read: 'no key' | 'another key' | 'a key';
}

/**
 * What this window reads for an account: the fingerprint of its key, undefined when it has none,
 * or 'unreadable' when the secret storage failed (a locked keyring: nothing can be judged).
 */
export type ReadFingerprint = (accountId: string) => Promise<string | undefined | 'unreadable'>;

/** What this window sees: the key it reads for an account, and whether it lists that account. */
export interface WindowView {
  read: ReadFingerprint;
  listed(accountId: string): boolean;
}

export class SecretWriteGuard {
  /** @param file the shared file, or undefined where there is no local folder (then unguarded). */
  constructor(private readonly file: string | undefined) {}

  /**
   * Runs `write` (which stores or deletes the key of `accountId`) only if this window reads every
   * other account's key as the shared record says; then records `fingerprint` (null: deleted).
   * Throws StaleSecretsError, without writing, when this window's view is out of date.
   */
  async write<T>(account: { id: string; label?: string }, fingerprint: string | null, view: WindowView, write: () => Promise<T>): Promise<T> {
    const accountId = account.id;
    if (!this.file) return write();
    await fsp.mkdir(path.dirname(this.file), { recursive: true }).catch(() => undefined);
    const release = await acquireWriteLock(this.file);
    try {
      await sweepDeadWriters(this.file);
      const manifest = await this.readManifest();
      const stale: StaleAccount[] = [];
      const now = Date.now();
      for (const [id, want] of Object.entries(manifest)) {
        if (id === accountId) continue; // this write replaces it either way
        if (!view.listed(id) && now - want.at > RECENT_MS) continue;
        const got = await view.read(id);
        if (got === 'unreadable' || (got ?? null) === want.k) continue;
        stale.push({ id, ...(want.label ? { label: want.label } : {}), expected: want.k ? 'a key' : 'no key', read: got === undefined ? 'no key' : want.k ? 'another key' : 'a key' });
      }
      if (stale.length > 0) throw new StaleSecretsError(stale);
      const result = await write();
      delete manifest[accountId]; // re-inserted last: the oldest deleted entries are dropped first
      manifest[accountId] = { k: fingerprint, at: Date.now(), ...(account.label && fingerprint ? { label: account.label } : {}) };
      await this.writeManifest(prune(manifest));
      return result;
    } finally {
      await release();
    }
  }

  private async readManifest(): Promise<Manifest> {
    try {
      const parsed: unknown = JSON.parse(await fsp.readFile(this.file as string, 'utf8'));
      const out: Manifest = {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [id, v] of Object.entries(parsed as Record<string, { k?: unknown; at?: unknown; label?: unknown } | null>)) {
          const k = v?.k;
          if (typeof v?.at !== 'number' || !(k === null || (typeof k === 'string' && /^[0-9a-f]{12}$/.test(k)))) continue;
          out[id] = { k, at: v.at, ...(typeof v.label === 'string' ? { label: v.label } : {}) };
        }
      }
      return out;
    } catch {
      return {}; // none yet, or unreadable: nothing to check against (as before this guard)
    }
  }

  /** Temp file and rename: a window killed mid-write leaves the old record whole. */
  private async writeManifest(m: Manifest): Promise<void> {
    const file = this.file as string;
    const tmp = tempPathFor(file);
    try {
      await fsp.writeFile(tmp, `${JSON.stringify(m)}\n`, { mode: 0o600 });
      await fsp.rename(tmp, file);
    } catch {
      await fsp.unlink(tmp).catch(() => undefined); // the key is written; only the check is weaker
    }
  }
}

function prune(m: Manifest): Manifest {
  const deleted = Object.keys(m).filter((id) => m[id].k === null);
  for (const id of deleted.slice(0, Math.max(0, deleted.length - MAX_DELETED))) delete m[id];
  return m;
}
