// Neon plan ids as people know them: `free_v3` is "Free", `scale_v3` is "Scale". An id we do not
// know is shown as the API sent it, rather than guessed at.

const NAMES: Record<string, string> = {
  free: 'Free',
  free_v2: 'Free',
  free_v3: 'Free',
  launch: 'Launch',
  launch_v3: 'Launch',
  scale: 'Scale',
  scale_v3: 'Scale',
  business: 'Business',
  agent: 'Agent',
  enterprise: 'Enterprise',
  direct_sales: 'Enterprise',
  direct_sales_v3: 'Enterprise',
  aws_marketplace: 'AWS Marketplace',
  vercel_pg_legacy: 'Vercel Postgres (legacy)',
};

/** "Free" for `free_v3`; an unknown id as it is; undefined for none. */
export function planName(id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return NAMES[id.toLowerCase()] ?? id;
}
