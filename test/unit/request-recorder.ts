/**
 * A real HTTP server between the client and an upstream (the emulator): it records every request
 * exactly as it arrived on the wire (method, path, query string, body text), then forwards it and
 * relays the answer. Tests check the recorded requests against the OpenAPI document.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WireRequest {
  method: string;
  /** Relative to /api/v2. */
  path: string;
  query: URLSearchParams;
  body: string;
  at: number;
  /** Status the upstream answered. */
  status?: number;
}

export interface RecordingProxy {
  /** http://127.0.0.1:PORT/api/v2 */
  url: string;
  requests: WireRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(upstreamApiUrl: string): Promise<RecordingProxy> {
  const upstream = new URL(upstreamApiUrl);
  const requests: WireRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const rec: WireRequest = { method: req.method ?? '', path: u.pathname.replace(/^\/api\/v2/, ''), query: u.searchParams, body, at: Date.now() };
      requests.push(rec);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      fetch(`${upstream.origin}${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) })
        .then(async (r) => {
          rec.status = r.status;
          const text = await r.text();
          const out: Record<string, string> = {};
          r.headers.forEach((v, k) => {
            if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
          });
          res.writeHead(r.status, out);
          res.end(text);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`,
    requests,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}
