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

// For the consumption page's messages (src/webviews/consumption/messageChecks.ts), whose bundle
// leaves zod out; test/unit/consumption-message-checks.test.ts holds them to messages.ts' schemas.

/** zod's `number()`: finite numbers only. */
export const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
export const bool: Check = (v) => typeof v === 'boolean';
/** zod's `int().check(nonnegative())`: a safe integer ≥ 0. */
export const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
/** zod's `enum` or `literal`. */
export const oneOf = (...values: readonly unknown[]): Check => (v) => values.includes(v);
/** A string of `min`–`max` code points (zod measures strings in code points, not UTF-16 units). */
export const text = (max: number, min = 0): Check => (v) => {
  if (typeof v !== 'string') return false;
  // Counting code points only when the UTF-16 length alone cannot decide (a code point is 1–2 units).
  if (v.length <= max && v.length >= 2 * min) return true;
  const n = [...v].length;
  return n <= max && n >= min;
};
export const matches = (re: RegExp): Check => (v) => typeof v === 'string' && re.test(v);
/** zod's `record(string(), …)`: a plain object (prototype Object's or none) whose values pass. */
export const record = (c: Check): Check => (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k of Object.keys(v)) if (!c((v as Record<string, unknown>)[k])) return false;
  return true;
};
/** zod's `discriminatedUnion(tag, …)`: the object's `tag` names the shape it must have. */
export function tagged(tag: string, shapes: Record<string, Check>): Check {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const t = (v as Record<string, unknown>)[tag];
    return typeof t === 'string' && Object.prototype.hasOwnProperty.call(shapes, t) && shapes[t]!(v);
  };
}
