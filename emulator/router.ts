// Templated-path routing. Route names are the spec's templates ("GET /projects/{project_id}"),
// which also name the entries of the control request log.
import type { EmulatorConfig } from './config';
import { ApiError } from './errors';
import type { State } from './model';
import type { Principal } from './rules';

export interface Ctx {
  s: State;
  cfg: EmulatorConfig;
  pr: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  requestId: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (c: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  path: string;
  handler: Handler;
}

interface Compiled extends Route {
  segs: string[];
  literals: number;
}

export class Router {
  private byKey = new Map<string, Compiled[]>();

  add(method: string, path: string, handler: Handler): this {
    const segs = path.split('/').filter(Boolean);
    const c: Compiled = { method, path, handler, segs, literals: segs.filter((x) => !x.startsWith('{')).length };
    const k = `${method} ${segs.length}`;
    const list = this.byKey.get(k) ?? [];
    list.push(c);
    // Literal segments win over parameters (/projects/shared before /projects/{project_id}).
    list.sort((a, b) => b.literals - a.literals);
    this.byKey.set(k, list);
    return this;
  }

  /** Finds the route for a concrete path (relative to /api/v2); undefined if none. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    const list = this.byKey.get(`${method} ${parts.length}`);
    if (!list) return undefined;
    outer: for (const r of list) {
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segs[i];
        if (seg.startsWith('{')) {
          try {
            params[seg.slice(1, -1)] = decodeURIComponent(parts[i]);
          } catch {
            continue outer;
          }
        } else if (seg !== parts[i]) continue outer;
      }
      return { route: r, params };
    }
    return undefined;
  }

  /** All routes, for conformance checks against the OpenAPI document. */
  routes(): Route[] {
    return [...this.byKey.values()].flat().map(({ method, path, handler }) => ({ method, path, handler }));
  }

  /** Whether any method serves this path (405 vs 404). */
  pathExists(path: string): boolean {
    return ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].some((m) => this.match(m, path));
  }
}

// Query and body helpers shared by the route modules.

export function qInt(q: URLSearchParams, name: string, lo: number, hi: number, def: number | undefined): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new ApiError(400, `invalid ${name}: must be an integer between ${lo} and ${hi}`);
  return n;
}

/** Array params arrive comma-joined (api-client) or repeated (curl); accept both. */
export function qList(q: URLSearchParams, name: string): string[] {
  return q.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function qBool(q: URLSearchParams, name: string): boolean {
  return /^(1|true|yes)$/i.test(q.get(name) ?? '');
}

export function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function requireBody(c: Ctx, field: string): Record<string, unknown> {
  const b = obj(c.body);
  if (!(field in b)) throw new ApiError(400, `invalid request: decode application/json: invalid: ${field} (field required)`);
  return b;
}
