/** Deterministic consumption fixtures for the page tests and the benches. */
import { type ConsumptionDataset, normalizeLegacy, normalizeV2, type V2ProjectsResponse } from '../../src/consumption/shape';
import { bucketStarts, presetRange, type PresetId } from '../../src/consumption/time';

const WORDS = ['amber', 'bold', 'calm', 'dawn', 'eager', 'fancy', 'gentle', 'hidden', 'icy', 'jolly', 'keen', 'lively', 'misty', 'noble', 'odd', 'proud'];
const NOUNS = ['cell', 'sun', 'frost', 'river', 'leaf', 'stone', 'cloud', 'field', 'wave', 'star'];

/** Park–Miller PRNG so fixtures are the same on every run. */
export function prng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

export function v2Pages(projects: number, preset: PresetId, now: number, seed = 7): { pages: V2ProjectsResponse[]; names: Map<string, string> } {
  const range = presetRange(preset, now);
  const buckets = bucketStarts(range);
  const rnd = prng(seed);
  const names = new Map<string, string>();
  const list: V2ProjectsResponse['projects'] = [];
  for (let p = 0; p < projects; p++) {
    const id = `${WORDS[p % WORDS.length]}-${NOUNS[Math.floor(p / WORDS.length) % NOUNS.length]}-${String(10000000 + p * 7919).slice(0, 8)}`;
    names.set(id, `project-${String(p + 1).padStart(3, '0')}`);
    const weight = 1 / (1 + p * 0.6); // a few big projects, a long tail
    list.push({
      project_id: id,
      periods: [
        {
          period_id: '00000000-0000-0000-0000-000000000001',
          period_plan: 'scale',
          consumption: buckets
            .filter((b) => b <= now)
            .map((b) => ({
              timeframe_start: new Date(b).toISOString(),
              metrics: [
                { metric_name: 'compute_unit_seconds', value: Math.round(3600 * 24 * weight * (0.4 + rnd())) },
                { metric_name: 'root_branch_bytes_month', value: Math.round(5e9 * weight * (0.9 + 0.2 * rnd())) },
                { metric_name: 'public_network_transfer_bytes', value: Math.round(2e8 * weight * rnd()) },
              ],
            })),
        },
      ],
    });
  }
  const pages: V2ProjectsResponse[] = [];
  for (let i = 0; i < list.length; i += 100) pages.push({ projects: list.slice(i, i + 100) });
  return { pages, names };
}

export function orgDataset(projects: number, preset: PresetId, now = Date.now(), seed = 7): ConsumptionDataset {
  const { pages, names } = v2Pages(projects, preset, now, seed);
  return normalizeV2(pages, {
    range: presetRange(preset, now),
    metrics: ['compute_unit_seconds', 'root_branch_bytes_month', 'public_network_transfer_bytes'],
    names,
    now,
  });
}

export function zeroDataset(preset: PresetId, now = Date.now(), metrics = ['compute_unit_seconds']): ConsumptionDataset {
  return normalizeV2([{ projects: [{ project_id: 'quiet-pond-12345678', periods: [] }] }], {
    range: presetRange(preset, now),
    metrics,
    now,
  });
}

/** A legacy-plan org (flat metrics, a size gauge). */
export function legacyDatasets(now = Date.now()): { legacy: ConsumptionDataset } {
  const range = presetRange('30d', now);
  const buckets = bucketStarts(range).filter((b) => b <= now);
  const rows = (k: number) =>
    buckets.map((b, i) => ({
      timeframe_start: new Date(b).toISOString(),
      active_time_seconds: 3600 * (4 + ((i * k) % 7)),
      compute_time_seconds: 900 * (4 + ((i * k) % 7)),
      written_data_bytes: 2 ** 28 * k,
      synthetic_storage_size_bytes: 2 ** 30 * (k + i / 10),
    }));
  const metrics = ['active_time_seconds', 'compute_time_seconds', 'written_data_bytes', 'synthetic_storage_size_bytes'];
  const legacy = normalizeLegacy(
    [{ projects: [1, 2, 3].map((k) => ({ project_id: `old-shop-1000000${k}`, periods: [{ consumption: rows(k) }] })) }],
    { range, metrics, now, names: { 'old-shop-10000001': 'legacy-blog', 'old-shop-10000002': 'legacy-shop', 'old-shop-10000003': 'legacy-api' } },
  );
  return { legacy };
}
