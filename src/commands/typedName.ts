// The check of a name typed to confirm a destructive action (./confirm), without vscode so that
// it is unit-tested in Node.
import * as l10n from '@vscode/l10n';

/**
 * While typing: nothing as long as what is typed can still become the name (exact case), so the
 * prompt, which says what will be lost, stays visible; a reason once it no longer can.
 * `detail` (what will be lost) follows the reason: VS Code shows a validation message in place of
 * the prompt, so without it a refusal would hide the consequences (walk 29).
 * `anyCase`: an email address, which Neon and everything else here compare regardless of case
 * (walk 42); the names of projects, branches and roles stay exact.
 */
export function typedNameProblem(expected: string, typed: string, detail?: string, anyCase = false): string | undefined {
  return fold(expected, anyCase).startsWith(fold(typed, anyCase)) ? undefined : mismatch(expected, typed, detail, anyCase);
}

/** On Enter: only the whole name, or nothing (Enter on the empty box is a cancel). */
export function sentNameProblem(expected: string, typed: string, detail?: string, anyCase = false): string | undefined {
  return typed === '' || typedNameMatches(expected, typed, anyCase) ? undefined : mismatch(expected, typed, detail, anyCase);
}

/** Whether `typed` confirms `expected`. */
export function typedNameMatches(expected: string, typed: string, anyCase = false): boolean {
  return fold(typed, anyCase) === fold(expected, anyCase);
}

const fold = (text: string, anyCase: boolean) => (anyCase ? text.toLowerCase() : text);

function mismatch(expected: string, typed: string, detail: string | undefined, anyCase: boolean): string {
  const reason =
    typedNameMatches(expected, typed.trim(), anyCase)
      ? l10n.t('Remove the surrounding spaces')
      : typed.toLowerCase() === expected.toLowerCase()
        ? l10n.t('Type the name exactly as shown (case matters): {0}', expected)
        : l10n.t('Type "{0}" to confirm', expected);
  return detail ? l10n.t('{0}. {1}', reason, detail) : reason;
}
