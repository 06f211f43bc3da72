// Neon plan ids as people know them: `free_v3` is "Free", `scale_v3` is "Scale"; likewise who
// manages an organization (`managed_by`). An id we do not know is shown as the API sent it, rather
// than guessed at.
import * as l10n from '@vscode/l10n';

const NAMES: Record<string, string> = {
  free: l10n.t('Free'),
  free_v2: l10n.t('Free'),
  free_v3: l10n.t('Free'),
  launch: l10n.t('Launch'),
  launch_v3: l10n.t('Launch'),
  scale: l10n.t('Scale'),
  scale_v3: l10n.t('Scale'),
  business: l10n.t('Business'),
  agent: l10n.t('Agent'),
  enterprise: l10n.t('Enterprise'),
  direct_sales: l10n.t('Enterprise'),
  direct_sales_v3: l10n.t('Enterprise'),
  aws_marketplace: l10n.t('AWS Marketplace'),
  vercel_pg_legacy: l10n.t('Vercel Postgres (legacy)'),
};

/** "Free" for `free_v3`; an unknown id as it is; undefined for none. */
export function planName(id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return NAMES[id.toLowerCase()] ?? id;
}

/**
 * The plan for a tooltip: its name, and the id after it only when the id says more than the name
 * (`Scale (scale_v3)`: which generation of Neon's pricing, which support and billing talk in);
 * `business` says nothing more than "Business" (walk 42: "Business (business)").
 */
export function planWithId(id: string | null | undefined): string | undefined {
  const name = planName(id);
  return id && name && name.toLowerCase() !== id.toLowerCase() ? `${name} (${id})` : name;
}

/**
 * Free plans: the Neon API serves no consumption history on them (the chart could only say so),
 * so Show Consumption is not offered on their organizations and projects.
 */
export function isFreePlan(id: string | null | undefined): boolean {
  return !!id && /^free(_|$)/i.test(id);
}

const MANAGERS: Record<string, string> = {
  console: l10n.t('Neon Console'),
  vercel: 'Vercel',
};

/** Who manages an organization, as a person reads it: "Neon Console" for `console` (walk 32); an unknown value as it is. */
export function managedByName(id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return MANAGERS[id.toLowerCase()] ?? id;
}
