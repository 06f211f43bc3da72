// Checks REQUESTS against Neon's OpenAPI document (the response side is openapi-validator.ts):
// the operation exists; path and query parameters are documented, required ones present, values
// within their schema (minimum/maximum, enum, pattern, format); a JSON body matches the request
// schema and carries no field the schema does not declare (as if additionalProperties were false).
// Rules the document states only in prose are listed in PROSE_RULES, each quoting its source.
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { defaultSpecPath, toJsonSchema } from './openapi-validator';

type Json = Record<string, any>;
const SPEC_ID = 'neon-openapi';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export interface RequestToCheck {
  method: string;
  /** Concrete path relative to /api/v2, e.g. `/projects/abc-123/branches`. */
  path: string;
  query: URLSearchParams;
  /** Raw body text ('' for none). */
  body: string;
  /** When the request was sent (for rules about "now"); defaults to Date.now(). */
  at?: number;
}

export interface RequestVerdict {
  /** Templated path, when the document has the operation. */
  template?: string;
  operationId?: string;
  /** Sunset date when the operation is deprecated with one (`x-sunset`). */
  sunset?: string;
  deprecated: boolean;
  violations: string[];
}

export interface RequestChecker {
  check(req: RequestToCheck): RequestVerdict;
  /** A query parameter's schema (after $ref), e.g. to read a documented `maximum` in a test. */
  queryParam(method: string, templatedPath: string, name: string): Json | undefined;
  /** Every (METHOD, templated path) in the document. */
  operations(): string[];
}

/** What the document says in words, not in schemas. Each rule returns violations. */
const PROSE_RULES: Array<{ method: string; path: string; source: string; check: (q: URLSearchParams, at: number) => string[] }> = [
  {
    method: 'GET',
    path: '/consumption_history/v2/branches',
    source: '"Only these six values are supported on this endpoint" (getConsumptionHistoryPerBranchV2)',
    check: (q) => {
      const ok = ['compute_unit_seconds', 'root_branch_bytes_month', 'child_branch_bytes_month', 'instant_restore_bytes_month', 'public_network_transfer_bytes', 'private_network_transfer_bytes'];
      return values(q, 'metrics').filter((m) => !ok.includes(m)).map((m) => `query metrics: "${m}" is not supported on this endpoint`);
    },
  },
  ...['/consumption_history/v2/projects', '/consumption_history/v2/branches', '/consumption_history/projects'].map((path) => ({
    method: 'GET',
    path,
    source: '`to`: "the end date-time for the consumption period"; a period cannot end after now',
    check: (q: URLSearchParams, at: number) => {
      const to = Date.parse(q.get('to') ?? '');
      // A second of slack: the request line is written a moment before the server reads it.
      return Number.isFinite(to) && to > at + 1000 ? [`query to: ${q.get('to')} lies in the future`] : [];
    },
  })),
];

function values(q: URLSearchParams, name: string): string[] {
  return q.getAll(name).flatMap((v) => v.split(','));
}

export function createRequestChecker(specPath = defaultSpecPath()): RequestChecker {
  const doc = parse(readFileSync(specPath, 'utf8')) as Json;
  const paths = doc.paths as Record<string, Json>;
  const components = doc.components as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, coerceTypes: false });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'uint64', 'int', 'double', 'float', 'binary', '']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: toJsonSchema(components.schemas) } });
  const compiled = new Map<unknown, ReturnType<typeof ajv.compile>>();
  const validatorFor = (schema: Json) => {
    let v = compiled.get(schema);
    if (!v) compiled.set(schema, (v = ajv.compile(toJsonSchema(schema) as Json)));
    return v;
  };

  const deref = (n: Json | undefined): Json | undefined => {
    let cur = n;
    for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++) {
      const [, , kind, name] = (cur.$ref as string).split('/');
      cur = components[kind]?.[name];
    }
    return cur;
  };

  const templates = Object.keys(paths)
    .map((p) => ({ p, re: new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`), literals: p.split('/').filter((x) => x && !x.startsWith('{')).length }))
    .sort((a, b) => b.literals - a.literals);

  const paramsOf = (p: string, method: string): Json[] => {
    const item = paths[p];
    const byKey = new Map<string, Json>();
    for (const raw of [...(item.parameters ?? []), ...(item[method]?.parameters ?? [])]) {
      const prm = deref(raw)!;
      byKey.set(`${prm.in}:${prm.name}`, prm);
    }
    return [...byKey.values()];
  };

  const fmt = (where: string, errors: ErrorObject[] | null | undefined) =>
    (errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? 'invalid'}${e.keyword === 'enum' || e.keyword === 'additionalProperties' ? ` ${JSON.stringify(e.params)}` : ''}`);

  /** A value from the query string as its schema's type, so ajv can check minimum/maximum/enum. */
  const coerce = (raw: string[], schema: Json): unknown => {
    const s = deref(schema) ?? {};
    if (s.type === 'array') return raw.flatMap((v) => v.split(',')).map((v) => coerce([v], s.items ?? {}));
    const v = raw[raw.length - 1];
    if (s.type === 'integer' || s.type === 'number') return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    if (s.type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
    return v;
  };

  /** Fields of `value` the schema does not declare (additionalProperties false for the check). */
  const undeclared = (value: unknown, schema: Json | undefined, where: string, out: string[]): void => {
    const s = deref(schema);
    if (!s || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (s.items) value.forEach((v, i) => undeclared(v, s.items, `${where}[${i}]`, out));
      return;
    }
    if (s.oneOf || s.anyOf) return; // the ajv pass already picked a branch; none of ours use these
    const props: Record<string, Json> = {};
    let open = false;
    for (const part of [s, ...(s.allOf ?? []).map(deref)]) {
      if (!part) continue;
      Object.assign(props, part.properties ?? {});
      if (part.additionalProperties !== undefined && part.additionalProperties !== false) open = true;
    }
    for (const [k, v] of Object.entries(value as Json)) {
      if (props[k]) undeclared(v, props[k], `${where}/${k}`, out);
      else if (!open) out.push(`body${where}: field "${k}" is not declared by the document`);
    }
  };

  return {
    check(req) {
      const method = req.method.toLowerCase();
      const verdict: RequestVerdict = { deprecated: false, violations: [] };
      const v = verdict.violations;
      const matches = templates.filter((t) => t.re.test(req.path));
      const hit = matches.find((t) => paths[t.p][method]);
      if (!hit) {
        v.push(matches.length ? `${req.method} is not documented for ${matches[0].p}` : `${req.method} ${req.path}: no such path in the document`);
        return verdict;
      }
      const op = paths[hit.p][method] as Json;
      verdict.template = hit.p;
      verdict.operationId = op.operationId;
      verdict.deprecated = op.deprecated === true;
      if (op['x-sunset']) verdict.sunset = String(op['x-sunset']);
      const params = paramsOf(hit.p, method);

      // Path parameters, in the order the template names them.
      const names = [...hit.p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const got = hit.re.exec(req.path)!.slice(1);
      names.forEach((name, i) => {
        const prm = params.find((x) => x.in === 'path' && x.name === name);
        if (!prm) return v.push(`path parameter ${name} is not documented`);
        const val = coerce([decodeURIComponent(got[i])], prm.schema ?? {});
        const check = validatorFor(prm.schema ?? {});
        if (!check(val)) v.push(...fmt(`path ${name}`, check.errors));
      });

      // Query parameters.
      const keys = [...new Set(req.query.keys())];
      for (const k of keys) {
        const prm = params.find((x) => x.in === 'query' && x.name === k);
        if (!prm) {
          v.push(`query ${k}: not a documented parameter`);
          continue;
        }
        const val = coerce(req.query.getAll(k), prm.schema ?? {});
        const check = validatorFor(prm.schema ?? {});
        if (!check(val)) v.push(...fmt(`query ${k}`, check.errors));
      }
      for (const prm of params) if (prm.in === 'query' && prm.required && !req.query.has(prm.name)) v.push(`query ${prm.name}: required but missing`);

      // Body.
      const rb = deref(op.requestBody);
      const schema = rb?.content?.['application/json']?.schema as Json | undefined;
      if (req.body === '') {
        if (rb?.required) v.push('body: required but missing');
      } else if (!schema) v.push('body: sent, but the operation takes none');
      else {
        let body: unknown;
        try {
          body = JSON.parse(req.body);
        } catch {
          v.push('body: not JSON');
        }
        if (body !== undefined) {
          const check = validatorFor(schema);
          if (!check(body)) v.push(...fmt('body', check.errors));
          undeclared(body, schema, '', v);
        }
      }

      for (const rule of PROSE_RULES) {
        if (rule.path === hit.p && rule.method.toLowerCase() === method) v.push(...rule.check(req.query, req.at ?? Date.now()));
      }
      return verdict;
    },
    queryParam(method, p, name) {
      const prm = paths[p] ? paramsOf(p, method.toLowerCase()).find((x) => x.in === 'query' && x.name === name) : undefined;
      return prm ? deref(prm.schema) : undefined;
    },
    operations: () => Object.entries(paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`)),
  };
}
