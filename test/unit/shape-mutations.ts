/**
 * Holds a hand-written one-pass check (src/api/schemas/shapeCheck.ts) to the zod schema it stands
 * in for: every node of a sample is removed or replaced by values of every other kind, and the
 * check must give zod's verdict on each, and on an unknown field added to every object.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod/mini';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The sample with one node replaced (or removed, for `undefined`) at `path`. */
export function replaced<T>(root: T, path: (string | number)[], value: unknown): T {
  if (path.length === 0) return (value === undefined ? null : value) as T;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy as T;
}

function* paths(v: unknown, at: (string | number)[] = []): Generator<(string | number)[]> {
  yield at;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i], [...at, i]);
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) yield* paths((v as Record<string, unknown>)[k], [...at, k]);
}

const OTHERS: unknown[] = [undefined, null, 0, 1.5, 'x', true, [], {}, [{}], { metric_name: 'm', value: 1 }];

export interface HoldsTo {
  /** The check must also mean "zod returns it unchanged" (the client then uses the JSON as is). */
  unchanged?: boolean;
  /** Replacement values beyond the usual ones (each kind of value once). */
  others?: unknown[];
}

/** Every mutation of every node; returns how many were tried. */
export function holdsTo(check: (v: unknown) => boolean, schema: z.ZodMiniType, sample: unknown, o: HoldsTo = {}): number {
  assert.equal(check(sample), true, 'the check accepts the unmutated sample');
  let refused = 0;
  let cases = 0;
  const others = [...OTHERS, ...(o.others ?? [])];
  for (const p of paths(sample)) {
    for (const other of others) {
      const v = replaced(sample, p, other);
      const zod = schema.safeParse(v);
      const verdict = zod.success && (!o.unchanged || isDeepStrictEqual(zod.data, v));
      cases++;
      const said = zod.success ? (verdict ? 'accepts' : 'changes it') : 'refuses';
      assert.equal(check(v), verdict, `${p.join('.') || '(root)'} = ${String(typeof other === 'string' && other.length > 20 ? `${other.slice(0, 12)}… (${other.length})` : JSON.stringify(other) ?? other)}: check ${check(v)}, zod ${said}`);
      if (!check(v)) refused++;
    }
    const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], sample);
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      // Passes both where an object is (zod's objects are loose); a record's values are checked.
      const v = replaced(sample, [...p, 'added_by_a_newer_version'], { nested: [1] });
      assert.equal(check(v), schema.safeParse(v).success, `unknown field at ${p.join('.') || '(root)'}`);
    }
  }
  assert.ok(refused > 0 && refused < cases, `some mutations are refused (${refused} of ${cases})`);
  return cases;
}
