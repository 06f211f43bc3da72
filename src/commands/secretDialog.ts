// The one dialog for a secret that just arrived (an organization API key, a role's new or
// revealed password): the same wording and button order everywhere, the secret itself never in
// its text. A secret Neon shows only once cannot be lost by one stray click: closing the dialog
// asks once more before it is discarded.
import type { Services } from '../services';
import * as l10n from '@vscode/l10n';

export const SAVE_TO_ENV = l10n.t('Save to .env');
export const COPY = l10n.t('Copy');
export const DISCARD = l10n.t('Discard');
export const GO_BACK = l10n.t('Go Back');

export interface SecretDialog {
  /** First line, e.g. `Created role app_user on branch main.` */
  headline: string;
  /** The kind of secret, for the questions (each says it in a whole sentence, as languages differ). */
  noun: 'key' | 'password';
  /** Neon shows it only now (a new key or password): closing asks "Discard it?". */
  shownOnce: boolean;
  /** For a secret that is not shown once: how to get it again (said in the detail). */
  again?: string;
}

export type SecretChoice = 'save' | 'copy' | 'closed';

/** The dialog's sentences for each kind of secret: whole sentences, so each language words them its own way. */
function sentences(noun: SecretDialog['noun']): { onlyNow: string; never: string; discard: string; without: string } {
  return noun === 'key'
    ? {
        onlyNow: l10n.t('Neon shows the key only now. Save it to the workspace .env file or copy it to the clipboard before closing this dialog: it is never shown in a notification.'),
        never: l10n.t('The key is never shown in a notification. Save it to the workspace .env file or copy it to the clipboard.'),
        discard: l10n.t('The key will not be shown again. Discard it?'),
        without: l10n.t('Without it, nothing can use this key. Copy it now, or go back to save it to the .env file.'),
      }
    : {
        onlyNow: l10n.t('Neon shows the password only now. Save it to the workspace .env file or copy it to the clipboard before closing this dialog: it is never shown in a notification.'),
        never: l10n.t('The password is never shown in a notification. Save it to the workspace .env file or copy it to the clipboard.'),
        discard: l10n.t('The password will not be shown again. Discard it?'),
        without: l10n.t('Without it, nothing can use this password. Copy it now, or go back to save it to the .env file.'),
      };
}

/** The dialog's detail line: where the secret can go, and whether it can be had again. */
export function secretDetail(d: Pick<SecretDialog, 'noun' | 'shownOnce' | 'again'>): string {
  if (d.shownOnce) return sentences(d.noun).onlyNow;
  const text = sentences(d.noun).never;
  return d.again ? `${text} ${d.again}` : text;
}

/**
 * Asks where the secret goes: "Save to .env", "Copy" (and Close). A secret
 * shown once is 'closed' only after "The key will not be shown again. Discard it?" → Discard
 * (Go Back, its close button, returns to the first dialog; Copy, its default, copies).
 */
export async function askSecretDestination(s: Services, d: SecretDialog): Promise<SecretChoice> {
  for (;;) {
    // Close, not VS Code's Cancel: what was made stands, only the dialog closes (walk 26).
    const choice = await s.prompt.message('info', d.headline, { modal: true, detail: secretDetail(d), close: l10n.t('Close') }, SAVE_TO_ENV, COPY);
    if (choice === SAVE_TO_ENV) return 'save';
    if (choice === COPY) return 'copy';
    if (!d.shownOnce) return 'closed';
    // Go Back is the close button (Escape), so VS Code adds no Cancel beside it (walk 32). A modal
    // focuses its first other button, which must not be Discard (a stray Enter after a stray
    // Escape): Copy is first, so that Enter keeps the secret.
    const sure = await s.prompt.message('warning', sentences(d.noun).discard, { modal: true, detail: sentences(d.noun).without, close: GO_BACK }, COPY, DISCARD);
    if (sure === COPY) return 'copy';
    if (sure === DISCARD) {
      s.log.info(`the person discarded a ${d.noun} shown once (${d.headline})`);
      return 'closed';
    }
  }
}
