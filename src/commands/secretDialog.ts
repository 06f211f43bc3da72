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
  /** The kind of secret, for the questions: "key", "password". */
  noun: string;
  /** Neon shows it only now (a new key or password): closing asks "Discard it?". */
  shownOnce: boolean;
  /** For a secret that is not shown once: how to get it again (said in the detail). */
  again?: string;
}

export type SecretChoice = 'save' | 'copy' | 'closed';

/** The dialog's detail line: where the secret can go, and whether it can be had again. */
export function secretDetail(d: Pick<SecretDialog, 'noun' | 'shownOnce' | 'again'>): string {
  if (d.shownOnce) return l10n.t('Neon shows the {0} only now. Save it to the workspace .env file or copy it to the clipboard before closing this dialog: it is never shown in a notification.', d.noun);
  const text = l10n.t('The {0} is never shown in a notification. Save it to the workspace .env file or copy it to the clipboard.', d.noun);
  return d.again ? `${text} ${d.again}` : text;
}

/**
 * Asks where the secret goes: "Save to .env", "Copy" (and the dialog's own Cancel). A secret
 * shown once is 'closed' only after "The key will not be shown again. Discard it?" → Discard
 * (Go Back, the default, and Cancel return to the first dialog).
 */
export async function askSecretDestination(s: Services, d: SecretDialog): Promise<SecretChoice> {
  for (;;) {
    const choice = await s.prompt.message('info', d.headline, { modal: true, detail: secretDetail(d) }, SAVE_TO_ENV, COPY);
    if (choice === SAVE_TO_ENV) return 'save';
    if (choice === COPY) return 'copy';
    if (!d.shownOnce) return 'closed';
    const sure = await s.prompt.message(
      'warning',
      l10n.t('The {0} will not be shown again. Discard it?', d.noun),
      // Go Back first: it is the focused button, so a stray Enter after a stray Escape keeps the secret.
      { modal: true, detail: l10n.t('Without it, nothing can use this {0}. Go Back (or Cancel) returns to Save to .env and Copy.', d.noun) },
      GO_BACK,
      DISCARD,
    );
    if (sure === DISCARD) {
      s.log.info(`the person discarded a ${d.noun} shown once (${d.headline})`);
      return 'closed';
    }
  }
}
