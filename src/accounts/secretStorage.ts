// VS Code's SecretStorage can throw: a locked or missing OS keyring (no gnome-keyring / KWallet
// service, a keychain that refuses). Such failures become sentences that say so and what to do,
// and never cost a key: nothing is deleted because a read failed.

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
