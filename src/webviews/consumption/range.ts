/** Resolves what the page asked for into an API range; used by the page (to validate as the
 * person types) and by the host (the source of truth for what is fetched). */
import { allowedGranularities, presetRange, type RangeCheck, regranulate, validateCustomRange, windowText, granularityLabel } from '../../consumption/time';
import type { RangeSpec } from './messages';
import * as l10n from '@vscode/l10n';

export function resolveRangeSpec(spec: RangeSpec, now: number): RangeCheck {
  if (spec.kind === 'custom') return validateCustomRange(spec.from, spec.to, spec.granularity, now);
  const base = presetRange(spec.preset, now);
  if (!spec.granularity || spec.granularity === base.granularity) return { ok: true, range: base };
  if (!allowedGranularities(base.from, base.to, now).includes(spec.granularity)) {
    return { ok: false, message: l10n.t('{0} data covers {1} only; pick a shorter range.', granularityLabel(spec.granularity), windowText(spec.granularity)) };
  }
  const r = regranulate(base, spec.granularity, now);
  return r ? { ok: true, range: r } : { ok: false, message: l10n.t('The range is empty at this granularity.') };
}
