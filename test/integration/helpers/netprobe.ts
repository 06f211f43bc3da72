// Records every outgoing HTTP(S) request and fetch made in the extension host process, with the
// caller's stack, so tests can assert that something (e.g. activation) made none.
// The runner (index.ts) installs it before any test loads; test bundles share it via globalThis.
import * as http from 'http';
import * as https from 'https';

export interface NetRequest {
  kind: 'http' | 'https' | 'fetch';
  target: string;
  at: number;
  stack: string;
}

interface Probe {
  requests: NetRequest[];
  installedAt: number;
}

const KEY = '__neonExplorerNetProbe';
type GlobalWithProbe = typeof globalThis & { [KEY]?: Probe };

function describeTarget(args: unknown[]): string {
  const [a, b] = args;
  if (typeof a === 'string') return a;
  if (a instanceof URL) return a.href;
  const o = (a && typeof a === 'object' ? a : b) as { protocol?: string; host?: string; hostname?: string; port?: number | string; path?: string } | undefined;
  if (o) return `${o.protocol ?? ''}//${o.hostname ?? o.host ?? 'localhost'}${o.port ? `:${o.port}` : ''}${o.path ?? '/'}`;
  return '?';
}

export function installNetProbe(): Probe {
  const g = globalThis as GlobalWithProbe;
  if (g[KEY]) return g[KEY];
  const probe: Probe = { requests: [], installedAt: Date.now() };
  g[KEY] = probe;
  const record = (kind: NetRequest['kind'], target: string) => {
    probe.requests.push({ kind, target, at: Date.now(), stack: new Error('request').stack ?? '' });
  };
  for (const [kind, mod] of [['http', http], ['https', https]] as const) {
    const m = mod as unknown as Record<'request' | 'get', (...args: unknown[]) => unknown>;
    for (const fn of ['request', 'get'] as const) {
      const orig = m[fn];
      try {
        m[fn] = function (this: unknown, ...args: unknown[]) {
          // (http.get calls the module-internal request, not this export: no double count.)
          record(kind, describeTarget(args));
          return orig.apply(this, args);
        };
      } catch {
        /* non-writable in some runtimes: fetch is still observed */
      }
    }
  }
  const origFetch = globalThis.fetch;
  if (typeof origFetch === 'function') {
    globalThis.fetch = function (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) {
      const target = typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
      record('fetch', target);
      return origFetch(input, init);
    } as typeof fetch;
  }
  return probe;
}

/** Requests recorded since `since` (ms epoch), optionally only those matching `filter`. */
export function requestsSince(since = 0, filter?: (r: NetRequest) => boolean): NetRequest[] {
  const probe = installNetProbe();
  return probe.requests.filter((r) => r.at >= since && (!filter || filter(r)));
}

export function probeInstalledAt(): number {
  return installNetProbe().installedAt;
}
