/** The `.env` and `.neon` versions the kill test writes: version n is fully determined by n. */
import { createHash } from 'node:crypto';
import type { NeonContext } from '../../src/git/neonFile';

export const envKillBase = [
  '# database settings, kept byte for byte',
  'export APP_NAME="kill test"',
  'VERSION=0',
  'DATABASE_URL=postgres://user:pw@host/db?v=0',
  'PAD=',
  '# end',
  '',
].join('\n');

/** About 64 KiB a version, so a write takes long enough for kills to land inside it. */
export function envKillUpdates(n: number): Record<string, string> {
  const seed = createHash('sha256').update(String(n)).digest('hex');
  return {
    VERSION: String(n),
    DATABASE_URL: `postgres://user:pw@host/db?v=${n}`,
    PAD: seed.repeat(1024),
  };
}

/** A `.neon` of about 64 KiB (a large git map), version n in its `branch`. */
export function neonKillVersion(n: number): NeonContext {
  const seed = createHash('sha256').update(`neon ${n}`).digest('hex');
  const map: Record<string, string> = {};
  for (let i = 0; i < 800; i++) map[`feature/${i}-${seed.slice(0, 8)}`] = `feature-${i}-${seed.slice(8, 40)}`;
  return { orgId: 'org-kill-test', projectId: 'kill-test-12345678', branch: `v${n}`, git: { follow: true, map } };
}
