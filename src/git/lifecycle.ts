// Words for a branch's expiry and last reset ("expires in 3 days", "reset 2 hours ago"): pure.
import * as l10n from '@vscode/l10n';

const UNITS: Array<[number, string]> = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

function amount(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms >= size) {
      const n = Math.floor(ms / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return l10n.t('less than a minute');
}

/** "expires in 3 days", "expires in 5 hours", "expired" — undefined when there is no expiry. */
export function describeExpiry(expiresAt: string | null | undefined, now = Date.now()): string | undefined {
  if (!expiresAt) return undefined;
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return undefined;
  return t <= now ? 'expired' : l10n.t('expires in {0}', amount(t - now));
}

/** "reset 2 hours ago" — undefined when never reset. */
export function describeLastReset(lastResetAt: string | null | undefined, now = Date.now()): string | undefined {
  if (!lastResetAt) return undefined;
  const t = Date.parse(lastResetAt);
  if (Number.isNaN(t)) return undefined;
  return now - t < 60_000 ? l10n.t('reset just now') : `reset ${amount(now - t)} ago`;
}

/** Expiry choices offered, in days (Neon allows at most 30). */
export const EXPIRY_CHOICES_DAYS = [1, 3, 7, 14, 30] as const;
