// Confirmation of destructive actions. By default the person types the name of what goes away
// (as the Azure extensions do); `neonExplorer.deleteConfirmation: "button"` switches to a modal
// dialog with one button. Returns true only on an explicit confirmation.
import * as vscode from 'vscode';
import { PickCancelled } from './pickers';
import type { Services } from '../services';
import { sentNameProblem, typedNameMatches, typedNameProblem } from './typedName';

export interface DestructiveAction {
  /** The button / verb: "Delete", "Remove", "Revoke", "Transfer". */
  verb: string;
  /** The whole question, translated as one sentence (word order differs by language): `Delete project "shop"?` */
  question: string;
  /** Its name, which the person types to confirm. */
  name: string;
  /** The name is an email address: typed in any case, it confirms (names of projects and branches stay exact). */
  anyCase?: boolean;
  /** One more sentence on the consequences (shown as the modal's detail or the input's prompt). */
  detail?: string;
}

export type ConfirmationStyle = 'typeName' | 'button';

export function confirmationStyle(): ConfirmationStyle {
  const v = vscode.workspace.getConfiguration('neonExplorer').get<string>('deleteConfirmation');
  return v === 'button' ? 'button' : 'typeName';
}

/** The sentence of the question, e.g. `Delete project "shop"?` */
export function confirmationQuestion(a: DestructiveAction): string {
  return a.question;
}

export async function confirmDestructive(s: Services, a: DestructiveAction, style: ConfirmationStyle = confirmationStyle()): Promise<boolean> {
  if (style === 'button') {
    const choice = await s.prompt.message('warning', confirmationQuestion(a), { modal: true, detail: a.detail ?? vscode.l10n.t('This cannot be undone.') }, a.verb);
    return choice === a.verb;
  }
  const typed = await s.prompt.input({
    title: confirmationQuestion(a),
    // "to confirm", not "to remove it": the thing may be a person.
    prompt: vscode.l10n.t('{0}Type "{1}" to confirm.', a.detail ? `${a.detail} ` : '', a.name),
    placeHolder: a.name,
    validateInput: (v) => typedNameProblem(a.name, v, a.detail, a.anyCase),
    validateOnAccept: (v) => sentNameProblem(a.name, v, a.detail, a.anyCase),
  });
  // Enter on the empty box is a way of saying no: a cancel, not a result (the log says "cancelled").
  if (typed === '') throw new PickCancelled('confirmation');
  return typedNameMatches(a.name, typed ?? '', a.anyCase);
}
