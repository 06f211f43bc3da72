// Words for a branch's expiry and last reset ("expires in 3 days", "reset 2 hours ago"): pure.
import * as l10n from '@vscode/l10n';

// One sentence per unit and number, so that a translation can say each its own way.
const UNITS: Array<[number, (n: number) => string]> = [
  [86_400_000, (n) => (n === 1 ? l10n.t('1 day') : l10n.t('{0} days', n))],
  [3_600_000, (n) => (n === 1 ? l10n.t('1 hour') : l10n.t('{0} hours', n))],
  [60_000, (n) => (n === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', n))],
];

/**
 * In the largest unit that fits. What is past is floored ("reset 2 days ago" until the third day
 * is complete); what is ahead is rounded to the next finer unit before the unit is chosen, so an
 * expiry set "in 3 days" a few seconds ago reads "3 days", not 2, and "in 1 day" not "24 hours".
 */
function amount(ms: number, ahead = false): string {
  for (const [i, [size, words]] of UNITS.entries()) {
    const finer = UNITS[i + 1]?.[0] ?? 1000;
    const r = ahead ? Math.round(ms / finer) * finer : ms;
    if (r >= size) return words((ahead ? Math.round : Math.floor)(r / size));
  }
  return l10n.t('less than a minute');
}

/** A span in the largest unit that fits, floored: "12 minutes", "1 hour", "less than a minute". */
export function describeSpan(ms: number): string {
  return amount(Math.max(0, ms));
}

/** "expires in 3 days", "expires in 5 hours", "expired" — undefined when there is no expiry. */
export function describeExpiry(expiresAt: string | null | undefined, now = Date.now()): string | undefined {
  if (!expiresAt) return undefined;
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return undefined;
  return t <= now ? l10n.t('expired') : l10n.t('expires in {0}', amount(t - now, true));
}

/** "reset 2 hours ago" — undefined when never reset. */
export function describeLastReset(lastResetAt: string | null | undefined, now = Date.now()): string | undefined {
  if (!lastResetAt) return undefined;
  const t = Date.parse(lastResetAt);
  if (Number.isNaN(t)) return undefined;
  return now - t < 60_000 ? l10n.t('reset just now') : l10n.t('reset {0} ago', amount(now - t));
}

/** Expiry choices offered, in days (Neon allows at most 30). */
export const EXPIRY_CHOICES_DAYS = [1, 3, 7, 14, 30] as const;

/** "2026-12-04 22:09 UTC": a moment as a person reads it, the same in every message, picker and tooltip. */
export function utcMinute(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
