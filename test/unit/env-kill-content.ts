/** The `.env` versions the kill test writes: version n is fully determined by n. */
import { createHash } from 'node:crypto';

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
