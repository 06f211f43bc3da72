// The check of a name typed to confirm a destructive action (./confirm), without vscode so that
// it is unit-tested in Node.
import * as l10n from '@vscode/l10n';

/**
 * While typing: nothing as long as what is typed can still become the name (exact case), so the
 * prompt, which says what will be lost, stays visible; a reason once it no longer can.
 * `detail` (what will be lost) follows the reason: VS Code shows a validation message in place of
 * the prompt, so without it a refusal would hide the consequences (walk 29).
 */
export function typedNameProblem(expected: string, typed: string, detail?: string): string | undefined {
  return expected.startsWith(typed) ? undefined : mismatch(expected, typed, detail);
}

/** On Enter: only the whole name, or nothing (Enter on the empty box is a cancel). */
export function sentNameProblem(expected: string, typed: string, detail?: string): string | undefined {
  return typed === '' || typed === expected ? undefined : mismatch(expected, typed, detail);
}

function mismatch(expected: string, typed: string, detail: string | undefined): string {
  const reason =
    typed.trim() === expected
      ? l10n.t('Remove the surrounding spaces')
      : typed.toLowerCase() === expected.toLowerCase()
        ? l10n.t('Type the name exactly as shown (case matters): {0}', expected)
        : l10n.t('Type "{0}" to confirm', expected);
  return detail ? l10n.t('{0}. {1}', reason, detail) : reason;
}
