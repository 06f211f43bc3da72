// The HTTP server: /api/v2 (the Neon API) and /__control (knobs and introspection).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyConfig, defaultConfig, type EmulatorConfig } from './config';
import { CONSOLE_BASE, handleConsole } from './console';
import { handleControl } from './control';
import { ApiError } from './errors';
import { defaultValidator } from './openapi-validator';
import { Faults } from './faults';
import { State } from './model';
import { RequestLog, type InjectedFault, type LogEntry } from './requestlog';
import { Router, type Reply } from './router';
import { authenticate } from './rules';
import { branchRoutes } from './routes/branches';
import { consumptionRoutes } from './routes/consumption';
import { identityRoutes } from './routes/identity';
import { orgRoutes } from './routes/orgs';
import { projectRoutes } from './routes/projects';
import { transferRoutes } from './routes/transfer';
import { seedState, type SeedOptions } from './seed';

export const API_BASE = '/api/v2';
const MAX_BODY = 1 << 20;

export type Validate = (method: string, path: string, status: number, body: unknown) => string[];

export function buildRouter(): Router {
  const r = new Router();
  identityRoutes(r);
  orgRoutes(r);
  transferRoutes(r);
  projectRoutes(r);
  branchRoutes(r);
  consumptionRoutes(r);
  return r;
}

export class EmulatorServer {
  readonly state = new State();
  readonly cfg: EmulatorConfig = defaultConfig();
  readonly log = new RequestLog();
  readonly faults = new Faults();
  readonly router = buildRouter();
  apiKey = '';
  private server = http.createServer((req, res) => {
    this.handle(req, res).catch((e: Error) => {
      // Never leave a client hanging: an emulator bug still answers, as a 500 GeneralError.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ code: '', message: `internal emulator error: ${e.message}` }));
      else res.destroy();
    });
  });
  private validate?: Validate;
  private sockets = new Set<import('node:net').Socket>();

  constructor(readonly seed: SeedOptions, private initialConfig: Partial<EmulatorConfig> = {}) {
    const config = initialConfig;
    applyConfig(this.cfg, config as Record<string, unknown>);
    this.reseed();
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (sock) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
    });
  }

  resetConfig(): void {
    Object.assign(this.cfg, defaultConfig());
    applyConfig(this.cfg, this.initialConfig as Record<string, unknown>);
  }

  reseed(): void {
    void this.state.dataPlane?.dropAll();
    this.apiKey = seedState(this.state, this.seed);
    this.faults.reset();
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  /** The OpenAPI document is parsed only when response validation is first switched on. */
  private validator(): Validate {
    if (!this.validate) {
      const v = defaultValidator();
      // A route the document lacks has no schema to check (the emulator keeps none today).
      this.validate = (m, p, s, b) => (v.hasOperation(m, p) ? v.validate(m, p, s, b) : []);
    }
    return this.validate;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__control/')) return handleControl(this, req, res, url);
    // Not the API: a stand-in for the Neon Console (the demo's "Open in Neon Console").
    if (url.pathname === CONSOLE_BASE || url.pathname.startsWith(`${CONSOLE_BASE}/`)) return handleConsole(this.state, req, res, url);
    const method = (req.method ?? 'GET').toUpperCase();
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 200) || randomUUID();
    const startedAt = Date.now();
    const seq = this.log.begin();
    let route = `${method} <unmatched>`;
    let reply: Reply;
    let drop = false;
    let malformed = false;
    let injected: InjectedFault | undefined;
    try {
      const raw = await readBody(req);
      if (!url.pathname.startsWith(`${API_BASE}/`) && url.pathname !== API_BASE) throw new ApiError(404, `no such path: ${url.pathname}`);
      const path = url.pathname.slice(API_BASE.length) || '/';
      const m = this.router.match(method, path);
      if (!m) throw new ApiError(this.router.pathExists(path) ? 405 : 404, this.router.pathExists(path) ? `method ${method} not allowed` : `no such path: ${path}`);
      route = `${method} ${m.route.path}`;
      const pr = authenticate(this.state, req.headers.authorization);
      const retryAfter = this.faults.rateLimited(this.cfg, route);
      if (retryAfter !== undefined) {
        injected = 'rateLimit';
        throw new ApiError(429, 'rate limit exceeded, try again later', undefined, '', { 'Retry-After': String(retryAfter) });
      }
      const burst = this.faults.inBurst(this.cfg);
      if (burst !== undefined) {
        injected = '429';
        throw new ApiError(429, 'rate limit exceeded, try again later', undefined, '', { 'Retry-After': String(burst) });
      }
      // Injected before the handler runs: a 503 never changes state. A drop or a malformed body
      // comes after it, as when a connection breaks once the server has done the work.
      const next = this.cfg.faultNext;
      const once = next && (!next.method || next.method === method) ? next.kind : undefined;
      if (once) this.cfg.faultNext = null;
      const fault = once ?? this.faults.pick(this.cfg);
      if (fault === '5xx') {
        injected = '5xx';
        throw new ApiError(503, 'service temporarily unavailable (injected fault)');
      }
      drop = fault === 'drop';
      malformed = fault === 'malformed';
      let body: unknown;
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new ApiError(400, 'invalid request: decode application/json: malformed JSON body');
        }
      }
      reply = await m.route.handler({ s: this.state, cfg: this.cfg, pr, params: m.params, query: url.searchParams, body, requestId });
    } catch (e) {
      reply = errorReply(e, requestId);
    }
    const spike = this.faults.spikeMs(this.cfg);
    const delay = this.faults.delayMs(this.cfg) + spike;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const entry: LogEntry = { method, path: url.pathname + url.search, route, status: reply.status, requestId, seq, startedAt, endedAt: 0 };
    if (drop) injected = 'drop';
    else if (malformed && reply.status !== 204 && reply.body !== undefined) injected = 'malformed';
    if (injected) entry.fault = injected;
    if (spike > 0) entry.spikeMs = spike;
    if (this.cfg.validateResponses && !drop && !malformed) {
      const violations = this.validator()(method, route.slice(method.length + 1), reply.status, reply.body);
      if (violations.length) entry.violations = violations;
    }
    if (drop) {
      req.socket.destroy();
    } else {
      const headers: Record<string, string> = { 'X-Request-ID': requestId, 'X-Neon-Ret-Request-Id': requestId, ...reply.headers };
      if (reply.status === 204 || reply.body === undefined) {
        res.writeHead(reply.status, headers).end();
      } else {
        const text = malformed ? JSON.stringify(reply.body).slice(0, 17) + '\u0000{' : JSON.stringify(reply.body);
        res.writeHead(reply.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
      }
    }
    entry.endedAt = Date.now();
    this.log.end(entry);
  }
}

export function errorReply(e: unknown, requestId: string): Reply {
  if (e instanceof ApiError) {
    return { status: e.status, headers: e.headers, body: { code: e.code, message: e.message, request_id: requestId, ...e.body } };
  }
  return { status: 500, body: { code: '', message: `internal emulator error: ${(e as Error)?.message ?? String(e)}`, request_id: requestId } };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
