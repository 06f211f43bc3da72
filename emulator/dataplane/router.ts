// The data plane's one TCP listener (127.0.0.1, a free port). It reads a client's startup packet,
// finds the endpoint in `options=endpoint=<id>` (how Neon routes clients without SNI), wakes that
// endpoint's cluster and then splices the two sockets; authentication (SCRAM) is the cluster's own.
// No TLS: an SSLRequest is answered 'N' and the connection strings say sslmode=disable.
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const MAX_STARTUP = 10_000;

export interface Route {
  /** Unix socket path of the cluster, started. */
  socket: string;
  /** Extra `-c name=value` options for the backend (read-only endpoints). */
  options?: string;
  /** Called once the client's connection is over (idle tracking). */
  done(): void;
}

/** A refusal the client reads as an ErrorResponse. */
export class PgError extends Error {
  constructor(readonly sqlstate: string, message: string) {
    super(message);
  }
}

export type Resolve = (endpointId: string, params: Record<string, string>) => Promise<Route>;

export function errorResponse(sqlstate: string, message: string): Buffer {
  const fields = Buffer.concat([
    ...[['S', 'FATAL'], ['V', 'FATAL'], ['C', sqlstate], ['M', message]].map(([k, v]) => Buffer.concat([Buffer.from(k), Buffer.from(v, 'utf8'), Buffer.from([0])])),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

function parseParams(body: Buffer): Record<string, string> {
  const parts = body.toString('utf8').split('\0');
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) out[parts[i]] = parts[i + 1];
  return out;
}

function startupPacket(version: number, params: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`, 'utf8')), Buffer.from([0])]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(version, 4);
  return Buffer.concat([head, body]);
}

/** Takes `endpoint=<id>` (or Neon's older `project=<id>`) out of the options string. */
export function takeEndpoint(options: string | undefined): { endpoint?: string; rest: string } {
  let endpoint: string | undefined;
  const rest = (options ?? '').split(/\s+/).filter((t) => {
    const m = /^(?:--)?(?:endpoint|project)=(.+)$/.exec(t);
    if (m) endpoint = m[1];
    return t && !m;
  });
  return { endpoint, rest: rest.join(' ') };
}

/**
 * A test knob: what the compute does to the next connections. 'stall': it is stuck waking (the
 * connection is accepted and never answered); 'restart': it restarts as the client connects (the
 * server's 57P01 ends the connection, as Neon's computes do while restarting).
 */
export type ComputeFault = 'stall' | 'restart';

export class DataRouter {
  private server = net.createServer((sock) => this.accept(sock));
  private sockets = new Set<net.Socket>();
  port = 0;
  fault: ComputeFault | undefined;

  constructor(private resolve: Resolve, private cancelTargets: () => string[]) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private accept(client: net.Socket): void {
    this.track(client);
    // A client that never finishes its startup packet is dropped, as PostgreSQL does (authentication_timeout).
    client.setTimeout(60_000, () => client.destroy());
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 8) {
        const len = buf.readInt32BE(0);
        if (len < 8 || len > MAX_STARTUP) return client.destroy();
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        const msg = buf.subarray(0, len);
        buf = buf.subarray(len);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.write('N');
          continue;
        }
        client.off('data', onData);
        client.setTimeout(0);
        client.pause();
        if (code === CANCEL_REQUEST) return this.cancel(client, msg);
        if (code >> 16 !== 3) return this.refuse(client, '08P01', `unsupported frontend protocol ${code >> 16}.${code & 0xffff}`);
        this.route(client, code, parseParams(msg.subarray(8)), buf).catch((e: Error) => {
          this.refuse(client, e instanceof PgError ? e.sqlstate : 'XX000', e.message);
        });
        return;
      }
    };
    client.on('data', onData);
  }

  private refuse(client: net.Socket, sqlstate: string, message: string): void {
    if (!client.destroyed) client.end(errorResponse(sqlstate, message));
  }

  private async route(client: net.Socket, version: number, params: Record<string, string>, rest: Buffer): Promise<void> {
    const { endpoint, rest: options } = takeEndpoint(params.options);
    if (!endpoint) {
      throw new PgError('08004', 'Endpoint ID is not specified. Pass the endpoint ID as a parameter: \'?options=endpoint%3D<endpoint-id>\' (the connection strings from the emulator\'s API carry it).');
    }
    if (this.fault === 'stall') return; // held open, never answered: only the client's timeout ends it
    if (this.fault === 'restart') throw new PgError('57P01', 'terminating connection due to administrator command');
    const target = await this.resolve(endpoint, params);
    if (client.destroyed) return target.done();
    const forwarded = { ...params };
    const opts = [options, target.options].filter(Boolean).join(' ');
    if (opts) forwarded.options = opts;
    else delete forwarded.options;
    const server = net.connect(target.socket);
    this.track(server);
    let connected = false;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      target.done();
      client.destroy();
      server.destroy();
    };
    client.on('close', release);
    server.once('connect', () => {
      connected = true;
      server.on('close', release);
      server.write(startupPacket(version, forwarded));
      if (rest.length) server.write(rest);
      client.pipe(server);
      server.pipe(client);
      client.resume();
    });
    server.once('error', (e) => {
      if (connected) return release();
      released = true;
      target.done();
      this.refuse(client, '08006', `could not reach the compute of endpoint ${endpoint}: ${e.message}`);
    });
  }

  /** A CancelRequest carries no endpoint: pass it to every running cluster; only the one with that backend acts on it. */
  private cancel(client: net.Socket, msg: Buffer): void {
    client.destroy();
    for (const socket of this.cancelTargets()) {
      const s = net.connect(socket, () => s.end(msg));
      s.on('error', () => undefined);
    }
  }
}
