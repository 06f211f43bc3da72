/**
 * What the live tier keeps of every answer: checked against the OpenAPI document (the zod check
 * happens in the client itself), and its SHAPE — keys and JSON types, never a value — merged per
 * operation and status, so the real API's shapes can be compared with the emulator's.
 */
import { defaultValidator } from '../../emulator/openapi-validator';

/** A JSON type tree: "string" | "number" | "boolean" | "null", arrays as [union of items], objects by key. */
export type Shape = string | Shape[] | { [key: string]: Shape };

export function shapeOf(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? [] : [v.map(shapeOf).reduce(mergeShapes)];
  if (typeof v === 'object') {
    const out: Record<string, Shape> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = shapeOf((v as Record<string, unknown>)[k]);
    return out;
  }
  return typeof v === 'number' || typeof v === 'boolean' ? typeof v : 'string';
}

/** Union of two shapes: objects by key, arrays by item, differing leaf types as "a|b". */
export function mergeShapes(a: Shape, b: Shape): Shape {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === 0 ? b : b.length === 0 ? a : [mergeShapes(a[0]!, b[0]!)];
  if (isObj(a) && isObj(b)) {
    const out: Record<string, Shape> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeShapes(out[k]!, v) : v;
    return Object.fromEntries(Object.entries(out).sort(([x], [y]) => x.localeCompare(y)));
  }
  if (typeof a === 'string' && typeof b === 'string') return [...new Set([...a.split('|'), ...b.split('|')])].sort().join('|');
  return [...new Set([JSON.stringify(a), JSON.stringify(b)])].sort().join('|');
}

const isObj = (s: Shape): s is { [key: string]: Shape } => typeof s === 'object' && !Array.isArray(s);

/** Paths (`projects[].id`) a shape has that the other lacks, and leaves whose types differ. */
export function compareShapes(real: Shape, emulated: Shape, at = ''): { missing: string[]; extra: string[]; types: string[] } {
  const out = { missing: [] as string[], extra: [] as string[], types: [] as string[] };
  if (isObj(real) && isObj(emulated)) {
    for (const k of Object.keys(real)) {
      if (!(k in emulated)) out.missing.push(`${at}${at ? '.' : ''}${k}`);
      else merge(out, compareShapes(real[k]!, emulated[k]!, `${at}${at ? '.' : ''}${k}`));
    }
    for (const k of Object.keys(emulated)) if (!(k in real)) out.extra.push(`${at}${at ? '.' : ''}${k}`);
  } else if (Array.isArray(real) && Array.isArray(emulated)) {
    if (real.length && emulated.length) merge(out, compareShapes(real[0]!, emulated[0]!, `${at}[]`));
  } else if (JSON.stringify(real) !== JSON.stringify(emulated) && !(Array.isArray(real) && real.length === 0) && !(Array.isArray(emulated) && emulated.length === 0)) {
    out.types.push(`${at || '(root)'}: ${typeof real === 'string' ? real : 'structure'} vs ${typeof emulated === 'string' ? emulated : 'structure'}`);
  }
  return out;
}

function merge(into: { missing: string[]; extra: string[]; types: string[] }, from: { missing: string[]; extra: string[]; types: string[] }): void {
  into.missing.push(...from.missing);
  into.extra.push(...from.extra);
  into.types.push(...from.types);
}

export interface AnswerLog {
  /** `GET /projects/{project_id} 200` → merged shape. */
  shapes: Record<string, Shape>;
  /** Document violations, `GET /projects 200: /projects/0/id must be string`. */
  violations: string[];
  count: number;
  /** A fetch for NeonClient that records every answer (bodies are read from a clone and dropped). */
  fetch: typeof fetch;
}

export function answerLog(baseUrl: string): AnswerLog {
  const validator = defaultValidator();
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const log: AnswerLog = {
    shapes: {},
    violations: [],
    count: 0,
    fetch: async (input, init) => {
      // ky hands over a Request: read method and url before fetch uses its body up.
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const url = input instanceof Request ? input.url : String(input);
      const res = await fetch(input, init);
      const path = new URL(url).pathname.slice(prefix.length);
      const template = validator.templateFor(method, path);
      const text = await res.clone().text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      log.count++;
      const key = `${method} ${template ?? path} ${res.status}`;
      if (!template) log.violations.push(`${key}: no such operation in the document`);
      else for (const v of validator.validate(method, template, res.status, body)) log.violations.push(`${key}: ${v}`);
      if (body !== undefined) log.shapes[key] = key in log.shapes ? mergeShapes(log.shapes[key]!, shapeOf(body)) : shapeOf(body);
      return res;
    },
  };
  return log;
}
