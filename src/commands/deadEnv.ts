// After a role or a database was deleted: the workspace .env variables that connected with it are
// named with two ways on, each acting on exactly those variables: save another connection into
// them (under the same names), or remove their lines (every other byte of the file stays).
import * as vscode from 'vscode';
import type { Services } from '../services';
import { removeFromEnv } from './envTarget';
import type { EnvUse } from './envUses';
import { sayNotSaved } from './offerConnection';

export const REMOVE_THEM = vscode.l10n.t('Remove Them');

/** Says `text` once, with `save` and Remove Them; resolves at once (the command has ended by then). */
export function offerForDeadEnv(s: Services, o: { text: string; save: string; uses: readonly EnvUse[]; saveInto: () => Promise<unknown> }): void {
  void s.prompt
    .message('warning', o.text, {}, o.save, REMOVE_THEM)
    .then(async (choice) => {
      if (choice === o.save) await o.saveInto().catch((e: unknown) => sayNotSaved(s, vscode.l10n.t('save the connection to .env'), e));
      else if (choice === REMOVE_THEM) for (const use of o.uses) await removeFromEnv(s, { file: use.file, root: use.root, display: use.display }, use.keys);
    })
    .then(undefined, (e: unknown) => sayNotSaved(s, vscode.l10n.t('remove the variables from .env'), e));
}
