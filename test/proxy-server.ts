/**
 * A forward proxy on loopback for the proxy tests: absolute-URI requests (plain http) are
 * forwarded, CONNECT opens a tunnel (https, or http when the client tunnels everything). Every
 * request or tunnel is logged; with `requireAuth` a request without the right
 * Proxy-Authorization gets 407; `refuse` answers every CONNECT and request with 407 regardless.
 */
import * as http from 'node:http';
import * as net from 'node:net';

export interface ProxyLogEntry {
  kind: 'forward' | 'connect';
  /** "GET http://127.0.0.1:4010/api/v2/users/me" or "CONNECT 127.0.0.1:4010". */
  line: string;
  status: number;
  /** The X-Request-ID of a forwarded request (tunnels carry their requests unseen). */
  requestId?: string;
}

export interface TestProxy {
  readonly port: number;
  readonly url: string;
  readonly log: ProxyLogEntry[];
  close(): Promise<void>;
}

export async function startTestProxy(opts: { requireAuth?: string; refuse?: boolean } = {}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<net.Socket>();
  const authorized = (h: string | undefined) => !opts.refuse && (opts.requireAuth === undefined || h === opts.requireAuth);
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    const rid = req.headers['x-request-id'];
    const requestId = typeof rid === 'string' ? { requestId: rid } : {};
    if (!authorized(req.headers['proxy-authorization'])) {
      log.push({ kind: 'forward', line, status: 407 });
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"', Connection: 'close' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      log.push({ kind: 'forward', line, status: 400 });
      res.writeHead(400).end('absolute URI expected');
      return;
    }
    // Logged on arrival (status filled in later), so the log is complete once the target saw it.
    const entry: ProxyLogEntry = { kind: 'forward', line, status: 0, ...requestId };
    log.push(entry);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers: { ...headers, via: '1.1 test-proxy' } },
      (upRes) => {
        entry.status = upRes.statusCode ?? 0;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502).end();
    });
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const line = `CONNECT ${req.url}`;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!authorized(req.headers['proxy-authorization'])) {
      log.push({ kind: 'connect', line, status: 407 });
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const up = net.connect(Number(port), host, () => {
      log.push({ kind: 'connect', line, status: 200 });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => {
      log.push({ kind: 'connect', line, status: 502 });
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((r) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => r());
      }),
  };
}
