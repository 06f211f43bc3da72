/** A tiny programmable HTTP server for API client tests. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NeonClient, type NeonClientOptions } from '../../src/api';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the server received it. */
  at: number;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse, n: number) => void | Promise<void>;

export interface TestServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Highest number of requests the server was handling at once. */
  maxConcurrent: number;
  handler: Handler;
  close(): Promise<void>;
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startServer(handler: Handler): Promise<TestServer> {
  let current = 0;
  const sockets = new Set<import('node:net').Socket>();
  const state: TestServer = {
    baseUrl: '',
    requests: [],
    maxConcurrent: 0,
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const rec: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: u.pathname.replace(/^\/api\/v2/, ''),
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      state.requests.push(rec);
      current++;
      state.maxConcurrent = Math.max(state.maxConcurrent, current);
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          current--;
        }
      };
      res.on('close', finish);
      res.on('finish', finish);
      Promise.resolve(state.handler(rec, res, state.requests.length)).catch((e) => {
        if (!res.headersSent) json(res, 500, { code: '', message: String(e) });
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  return state;
}

export const TEST_KEY = 'napi_testkey0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';

export function makeClient(server: TestServer, opts: Partial<NeonClientOptions> = {}): NeonClient {
  return new NeonClient({
    baseUrl: server.baseUrl,
    apiKey: TEST_KEY,
    userAgent: 'neon-explorer/0.0.0-test',
    timeoutMs: 2000,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 },
    ...opts,
  });
}

/** The rejection of `p`, failing the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

export const project = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `name-${id}`,
  region_id: 'aws-us-east-2',
  pg_version: 17,
  created_at: '2025-01-16T21:01:58Z',
  ...extra,
});
