// VS Code's SecretStorage can throw: a locked or missing OS keyring (no gnome-keyring / KWallet
// service, a keychain that refuses). Such failures become sentences that say so and what to do,
// and never cost a key: nothing is deleted because a read failed.
import * as l10n from '@vscode/l10n';

/** Why SecretStorage failed, in a few words, from what it threw (keyring messages carry no secret). */
export function secretFailureReason(e: unknown): string {
  const msg = (e instanceof Error ? e.message : typeof e === 'string' ? e : '').replace(/\s+/g, ' ').trim();
  return (msg || l10n.t('it failed without saying why')).slice(0, 200).replace(/[.\s]+$/, '');
}

const REMEDY = l10n.t('The OS keyring may be locked or not running: unlock it (or start its service, e.g. gnome-keyring or KWallet), then try again');

/** A key that is stored but cannot be read now. */
export class KeyUnavailableError extends Error {
  override readonly name = 'KeyUnavailableError';
  constructor(
    readonly label: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(l10n.t('The API key of "{0}" cannot be read from VS Code\'s secret storage ({1}). {2}; the account and its key were kept.', label, reason, REMEDY), options);
  }
}

/**
 * The account's key was stored or replaced in another window, and this window's SecretStorage does
 * not show it: VS Code in a browser (code-server, vscode.dev) reads its secrets once per tab.
 */
export class KeyElsewhereError extends Error {
  override readonly name = 'KeyElsewhereError';
  constructor(readonly label: string) {
    super(l10n.t('The API key of "{0}" was added or changed in another window, and this window cannot read it: run "Developer: Reload Window"; if the key is still missing after that, use "Update API Key…".', label));
  }
}

/** SecretStorage refused to store, replace or delete a key. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(what: 'store' | 'replace' | 'delete', label: string, readonly reason: string, options?: { cause?: unknown }) {
    const done =
      what === 'store'
        ? l10n.t('nothing was saved')
        : what === 'replace'
          ? l10n.t('the account keeps its current key')
          : l10n.t('the account was kept');
    super(`VS Code's secret storage could not ${what} the key of "${label}" (${reason}). ${REMEDY}; ${done}.`, options);
  }
}
