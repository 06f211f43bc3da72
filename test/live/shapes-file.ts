/** Where the live tier writes the shapes it saw (test-results/, ignored by git). */
import fs from 'node:fs';
import path from 'node:path';
import type { Shape } from './answers';

export const RESULTS_DIR = path.join(__dirname, '../../test-results');

export function writeShapes(name: 'real' | 'emulator', shapes: Record<string, Shape>, extra: Record<string, unknown> = {}): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `live-shapes-${name}.json`);
  const sorted = Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(file, `${JSON.stringify({ ...extra, shapes: sorted }, null, 2)}\n`);
  return file;
}
