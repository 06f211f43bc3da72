// Validates API responses against Neon's OpenAPI 3.0 document (the contract shipped in
// @neondatabase/api-client). Reusable by any test suite: validate(method, templated path,
// status, body) -> list of errors ([] when the response conforms).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const SPEC_ID = 'neon-openapi';
/** Keys that are documentation only or OpenAPI-specific; Ajv need not see them. */
const DROP = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs']);

export function defaultSpecPath(): string {
  return path.join(path.dirname(require.resolve('@neondatabase/api-client/package.json')), 'public-v2-for-users.gen.yaml');
}

/** OpenAPI 3.0 schema -> JSON Schema: nullable, x-* extensions, refs into the one registered document. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-') || DROP.has(k) || k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = v.startsWith('#/') ? `${SPEC_ID}${v}` : v;
    else if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([name, s]) => [name, toJsonSchema(s)]));
    } else out[k] = toJsonSchema(v);
  }
  if (src.nullable === true) {
    if (typeof out.type === 'string' && !out.$ref && !out.allOf && !out.anyOf && !out.oneOf) {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export interface OpenApiValidator {
  /** Errors for one response; templated path relative to /api/v2, e.g. "/projects/{project_id}". */
  validate(method: string, templatedPath: string, status: number, body: unknown): string[];
  /** The spec's templated path for a concrete one ("/projects/abc" -> "/projects/{project_id}"). */
  templateFor(method: string, concretePath: string): string | undefined;
  hasOperation(method: string, templatedPath: string): boolean;
  operationId(method: string, templatedPath: string): string | undefined;
  /** Every (method, templated path) in the document. */
  operations(): { method: string; path: string; operationId?: string }[];
}

export function createValidator(specPath = defaultSpecPath()): OpenApiValidator {
  const doc = parse(readFileSync(specPath, 'utf8')) as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const components = doc.components as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'uint64', 'int', 'double', 'float', 'binary', '']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: toJsonSchema(components.schemas) } });
  const cache = new Map<string, ValidateFunction | 'none' | string>();
  const templates = Object.keys(paths).map((p) => ({ p, re: new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`), literals: p.split('/').filter((x) => x && !x.startsWith('{')).length }));
  templates.sort((a, b) => b.literals - a.literals);

  const responseFor = (op: Json, status: number): Json | undefined => {
    const rs = op.responses as Json;
    let r = (rs[String(status)] ?? rs[`${String(status)[0]}XX`] ?? rs.default) as Json | undefined;
    if (r && typeof r.$ref === 'string') r = (components.responses as Json)[r.$ref.split('/').pop()!] as Json;
    return r;
  };

  const compile = (method: string, p: string, status: number): ValidateFunction | 'none' | string => {
    const key = `${method} ${p} ${status}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let result: ValidateFunction | 'none' | string;
    const op = paths[p]?.[method.toLowerCase()];
    if (!op) result = `operation ${method} ${p} is not in the OpenAPI document`;
    else {
      const r = responseFor(op, status);
      if (!r) result = `status ${status} is not declared for ${method} ${p}`;
      else {
        const schema = ((r.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
        result = schema ? ajv.compile(toJsonSchema(schema) as Json) : 'none';
      }
    }
    cache.set(key, result);
    return result;
  };

  const fmt = (e: ErrorObject) => `${e.instancePath || '(root)'} ${e.message ?? 'invalid'}${e.keyword === 'additionalProperties' || e.keyword === 'enum' ? ` ${JSON.stringify(e.params)}` : ''}`;

  return {
    validate(method, templatedPath, status, body) {
      const v = compile(method.toUpperCase(), templatedPath, status);
      if (typeof v === 'string') return v === 'none' ? (body === undefined || body === '' ? [] : [`status ${status} of ${method} ${templatedPath} declares no body, got one`]) : [v];
      if (v(body)) return [];
      return (v.errors ?? []).map(fmt);
    },
    templateFor(method, concretePath) {
      const m = method.toLowerCase();
      return templates.find((t) => t.re.test(concretePath) && paths[t.p][m])?.p;
    },
    hasOperation: (method, p) => Boolean(paths[p]?.[method.toLowerCase()]),
    operationId: (method, p) => paths[p]?.[method.toLowerCase()]?.operationId as string | undefined,
    operations: () => Object.entries(paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path: p, operationId: item[m].operationId as string | undefined }))),
  };
}

let shared: OpenApiValidator | undefined;

/** One validator per process: parsing and compiling the 12k-line document takes a moment. */
export function defaultValidator(): OpenApiValidator {
  return (shared ??= createValidator());
}
