// Shared by the emulator suites: a tiny fetch wrapper that returns status, headers and JSON.
import type { Emulator } from '../../emulator/index';

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(em: Emulator, method: string, path: string, opts: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res<T>> {
  const key = opts.key === undefined ? em.apiKey : opts.key;
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(em.url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* malformed on purpose (faults) */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export async function control<T = any>(em: Emulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${em.controlUrl}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const ACME = 'org-morning-bread-81040908';
export const SIDE = 'org-ocean-art-12345678';
export const DATA = 'org-bitter-breeze-35816640';
export const WEB = 'hidden-cell-76330112';
export const API = 'shiny-wind-02883413';

/** ISO timestamps `days` ago / now, rounded to the hour, for consumption queries. */
export function range(days: number): { from: string; to: string } {
  const to = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  return { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString() };
}

/**
 * Daily buckets a [from, to) range touches: each UTC day it overlaps. `days` whole days before a
 * `to` inside a day touch days + 1 ("plus today"); before a `to` at midnight, in the first hour of
 * a UTC day, only `days` (that day has not begun).
 */
export function dailyBuckets(from: string, to: string): number {
  const DAY = 86_400_000;
  const start = Math.floor(Date.parse(from) / DAY) * DAY;
  return Math.ceil((Date.parse(to) - start) / DAY);
}

export async function waitOps(em: Emulator, projectId: string, ops: { id: string }[]): Promise<void> {
  for (const op of ops) {
    for (let i = 0; i < 200; i++) {
      const r = await call(em, 'GET', `/projects/${projectId}/operations/${op.id}`);
      if (['finished', 'skipped', 'failed', 'error', 'cancelled'].includes(r.body.operation.status)) break;
      await new Promise((res) => setTimeout(res, 5));
    }
  }
}
