/**
 * One-pass checks that recognise a large API answer as valid without building a copy of it.
 * Written by hand because zod (mini, without generated code) copies every object it checks: a
 * consumption page of 100 projects × 60 days × 4 metrics (2 MB, ~30,000 objects) took it 40 ms
 * (125 ms the first time) on a 2-core machine, against under 1 ms here, on the path of every
 * chart. An answer a check refuses still goes through its zod schema, which names the wrong
 * field; test/unit/api-shape-check.test.ts holds each check to its schema's verdicts.
 */
export type Check = (v: unknown) => boolean;

export const str: Check = (v) => typeof v === 'string';
export const num: Check = (v) => typeof v === 'number';
/** zod's `nullish`: absent, null or the value. */
export const nullish = (c: Check): Check => (v) => v == null || c(v);
export const optional = (c: Check): Check => (v) => v === undefined || c(v);
// Plain loops: they allocate nothing per element (every() with a destructuring callback did, and
// the collector then ran inside the check).
export const list = (c: Check): Check => (v) => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!c(v[i])) return false;
  return true;
};
/** A loose object: the named fields must pass, others are let through (as z.looseObject does). */
export function loose(fields: Record<string, Check>): Check {
  const keys = Object.keys(fields);
  const checks = keys.map((k) => fields[k]!);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    for (let i = 0; i < keys.length; i++) if (!checks[i]!((v as Record<string, unknown>)[keys[i]!])) return false;
    return true;
  };
}
