/** Deterministic consumption fixtures for the page tests and the benches. */
import { ConsumptionDataset, normalizeV2, V2ProjectsResponse } from '../../src/consumption/shape';
import { bucketStarts, presetRange, PresetId } from '../../src/consumption/time';

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

export function zeroDataset(preset: PresetId, now = Date.now()): ConsumptionDataset {
  return normalizeV2([{ projects: [{ project_id: 'quiet-pond-12345678', periods: [] }] }], {
    range: presetRange(preset, now),
    metrics: ['compute_unit_seconds'],
    now,
  });
}
