// The check of a name typed to confirm a destructive action (./confirm), without vscode so that
// it is unit-tested in Node.
import * as l10n from '@vscode/l10n';

/**
 * While typing: nothing as long as what is typed can still become the name (exact case), so the
 * prompt, which says what will be lost, stays visible; a reason once it no longer can.
 */
export function typedNameProblem(expected: string, typed: string): string | undefined {
  return expected.startsWith(typed) ? undefined : mismatch(expected, typed);
}

/** On Enter: only the whole name, or nothing (Enter on the empty box is a cancel). */
export function sentNameProblem(expected: string, typed: string): string | undefined {
  return typed === '' || typed === expected ? undefined : mismatch(expected, typed);
}

function mismatch(expected: string, typed: string): string {
  if (typed.trim() === expected) return l10n.t('Remove the surrounding spaces');
  if (typed.toLowerCase() === expected.toLowerCase()) return l10n.t('Type the name exactly as shown (case matters): {0}', expected);
  return l10n.t('Type "{0}" to confirm', expected);
}
