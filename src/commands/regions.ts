// Regions for Create Project (no vscode import, unit-tested): `GET /regions?org_id=…`, because the
// document says "not all regions are available to all organizations"; Neon's own `default` flag
// marks the default. If the call fails, the static list (neon.com/docs/introduction/regions)
// stands in, so creating a project never depends on one extra request: the API still checks
// `region_id` on POST /projects and a region the org cannot use fails there in words.
import { isCancellation, type NeonClient } from '../api';
import * as l10n from '@vscode/l10n';
import { errorSentence } from './failure';

export interface RegionChoice {
  id: string;
  name: string;
  isDefault: boolean;
}

/** The static list: only used when `GET /regions` fails. */
export const FALLBACK_REGIONS: readonly RegionChoice[] = [
  { id: 'aws-us-east-2', name: l10n.t('AWS US East (Ohio)'), isDefault: true },
  { id: 'aws-us-east-1', name: l10n.t('AWS US East (N. Virginia)'), isDefault: false },
  { id: 'aws-us-west-2', name: l10n.t('AWS US West (Oregon)'), isDefault: false },
  { id: 'aws-eu-central-1', name: l10n.t('AWS Europe (Frankfurt)'), isDefault: false },
  { id: 'aws-eu-west-2', name: l10n.t('AWS Europe (London)'), isDefault: false },
  { id: 'aws-sa-east-1', name: l10n.t('AWS South America (São Paulo)'), isDefault: false },
  { id: 'aws-ap-southeast-1', name: l10n.t('AWS Asia Pacific (Singapore)'), isDefault: false },
  { id: 'aws-ap-southeast-2', name: l10n.t('AWS Asia Pacific (Sydney)'), isDefault: false },
  { id: 'azure-eastus2', name: l10n.t('Azure East US 2 (Virginia)'), isDefault: false },
  { id: 'azure-westus3', name: l10n.t('Azure West US 3 (Arizona)'), isDefault: false },
  { id: 'azure-gwc', name: l10n.t('Azure Germany West Central (Frankfurt)'), isDefault: false },
];

export interface RegionList {
  regions: RegionChoice[];
  /** 'api': Neon's list for this organization; 'fallback': the static list (with why). */
  source: 'api' | 'fallback';
  reason?: string;
}

/** Neon's regions for `orgId`, default first; the static list when the call fails or lists none. */
export async function regionChoices(client: Pick<NeonClient, 'listRegions'>, orgId: string | undefined, signal?: AbortSignal): Promise<RegionList> {
  try {
    const listed = await client.listRegions({ ...(orgId ? { orgId } : {}), ...(signal ? { signal } : {}) });
    const regions = listed.map((r) => ({ id: r.region_id, name: r.name, isDefault: r.default }));
    if (regions.length > 0) return { regions: [...regions.filter((r) => r.isDefault), ...regions.filter((r) => !r.isDefault)], source: 'api' };
    return { regions: [...FALLBACK_REGIONS], source: 'fallback', reason: l10n.t('Neon listed no regions') };
  } catch (e) {
    if (isCancellation(e)) throw e;
    return { regions: [...FALLBACK_REGIONS], source: 'fallback', reason: errorSentence(e) };
  }
}
