// The emulator's data plane: one PostgreSQL cluster per branch, made on first need (a connection
// to one of its endpoints, or a change to a branch that already has data), started on the first
// connection and stopped after a quiet period (a suspended compute), as on Neon. A child branch's
// cluster is a copy of the parent's data taken at creation; deleting a branch removes its cluster.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { ApiError } from '../errors';
import type { Branch, BranchSql, DataPlaneHooks, Endpoint, State } from '../model';
import { Cluster, templateDir } from './cluster';
import { ADMIN_ROLE, copyDir, pgHost, runTool, SOCKET_PORT, type PgHost } from './host';
import { DataRouter, PgError, type ComputeFault, type Route } from './router';

export interface DataPlaneOptions {
  /** A cluster with no client connection for this long is stopped (its endpoint goes idle). Default 60 s. */
  suspendAfterMs?: number;
}

interface Compute {
  cluster: Cluster;
  clients: number;
  idle?: NodeJS.Timeout;
  /** SQL owed to the model, run at the next start (roles a point-in-time child must not have). */
  pending: ((db: BranchSql) => Promise<void>)[];
}

export class DataPlane implements DataPlaneHooks {
  private computes = new Map<string, Compute>();
  private locks = new Map<string, Promise<void>>();
  private router: DataRouter;
  private dir: string;
  private seq = 0;
  private closed = false;
  private readonly suspendAfterMs: number;

  private constructor(private host: PgHost, private s: State, opts: DataPlaneOptions) {
    this.suspendAfterMs = opts.suspendAfterMs ?? 60_000;
    this.dir = host.mkdir('e');
    this.router = new DataRouter((id, params) => this.resolve(id, params), () => [...this.computes.values()].filter((c) => c.cluster.running).map((c) => `${c.cluster.socketDir}/.s.PGSQL.${SOCKET_PORT}`));
  }

  /** A started data plane for `s`, or the sentence saying why there can't be one. */
  static async start(s: State, opts: DataPlaneOptions = {}): Promise<DataPlane | string> {
    const host = pgHost();
    if (typeof host === 'string') return host;
    const dp = new DataPlane(host, s, opts);
    await dp.router.listen();
    s.dataPlane = dp;
    // Built in the background now, so the first connection does not wait for initdb.
    templateDir(host).catch(() => undefined);
    return dp;
  }

  get port(): number {
    return this.router.port;
  }

  /** Test knob: the computes stall while waking or restart as clients connect (undefined: normal). */
  set computeFault(f: ComputeFault | undefined) {
    this.router.fault = f;
  }

  get address(): string {
    return `127.0.0.1:${this.router.port}`;
  }

  /** The cluster of a branch, if it has been made (tests look at its pid and directory). */
  clusterOf(branchId: string): Cluster | undefined {
    return this.computes.get(branchId)?.cluster;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.s.dataPlane === this) this.s.dataPlane = undefined;
    await this.router.close();
    await this.dropAll();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Forgets every cluster (the model was re-seeded: same branch ids, fresh data). */
  async dropAll(): Promise<void> {
    const all = [...this.computes.values()];
    this.computes.clear();
    await Promise.all(all.map((c) => this.destroy(c)));
  }

  // ---- hooks the routes call -------------------------------------------------------------

  async change(b: Branch, check: () => void, sql: (db: BranchSql) => Promise<void>, commit: () => void): Promise<void> {
    await this.lock([b.id], async () => {
      check();
      const c = this.computes.get(b.id);
      if (c) await this.withSql(b, c, sql);
      commit();
    });
  }

  async branchFrom(parent: Branch, childId: string, commit: () => Branch): Promise<void> {
    await this.lock([parent.id, childId], async () => {
      const pc = this.computes.get(parent.id);
      let cc: Compute | undefined;
      if (pc) {
        const dir = this.newDir();
        await this.wrap('copy the parent branch\'s data', () => pc.cluster.copyTo(dir));
        // A parent that was itself copied and never started still owes its own drops: so does the copy.
        cc = { cluster: new Cluster(this.host, dir), clients: 0, pending: [...pc.pending] };
        this.computes.set(childId, cc);
      }
      const child = commit();
      // A child cut at an earlier point in time lacks the parent's later roles and databases.
      if (cc) {
        for (const name of parent.roles.keys()) if (!child.roles.has(name)) cc.pending.push((db) => db.dropRole(name));
        for (const name of parent.databases.keys()) if (!child.databases.has(name)) cc.pending.push((db) => db.dropDatabase(name));
      }
    });
  }

  async restore(b: Branch, source: Branch, preserveId: string | undefined, commit: () => void): Promise<void> {
    await this.lock([b.id, source.id, ...(preserveId ? [preserveId] : [])], async () => {
      const old = this.computes.get(b.id);
      const from = this.computes.get(source.id);
      let fresh: Compute | undefined;
      if (from && source.id !== b.id) {
        const dir = this.newDir();
        await this.wrap('copy the source branch\'s data', () => from.cluster.copyTo(dir));
        fresh = { cluster: new Cluster(this.host, dir), clients: 0, pending: [...from.pending] };
      } else if (from && preserveId) {
        // Restoring a branch onto its own past: the emulator keeps no history, so its data stays as it is now.
        await from.cluster.stop().catch(() => undefined);
        const dir = this.newDir();
        await this.wrap('copy the branch\'s data', () => copyDir(from.cluster.dir, dir));
        fresh = { cluster: new Cluster(this.host, dir), clients: 0, pending: [...from.pending] };
      }
      // Neon restarts the branch's computes: its sessions end.
      if (old) {
        clearTimeout(old.idle);
        if (preserveId) {
          await old.cluster.stop('fast').catch(() => undefined);
          old.clients = 0;
          this.computes.set(preserveId, old);
        } else await this.destroy(old);
      }
      this.computes.delete(b.id);
      if (fresh) this.computes.set(b.id, fresh);
      commit();
      this.setState(b.id, 'idle');
    });
  }

  async dropBranches(branches: Branch[]): Promise<void> {
    await Promise.all(branches.map((b) => this.lock([b.id], async () => {
      const c = this.computes.get(b.id);
      this.computes.delete(b.id);
      if (c) await this.destroy(c);
    })));
  }

  // ---- connections -----------------------------------------------------------------------

  private findEndpoint(id: string): { ep: Endpoint; b: Branch } | undefined {
    for (const p of this.s.projects.values()) {
      const ep = p.detail?.endpoints.get(id);
      if (ep) {
        const b = p.detail!.branches.get(ep.branchId);
        return b ? { ep, b } : undefined;
      }
    }
    return undefined;
  }

  private async resolve(endpointId: string, params: Record<string, string>): Promise<Route> {
    if (this.closed) throw new PgError('57P01', 'the emulator is shutting down');
    const id = endpointId.replace(/-pooler$/, '');
    const found = this.findEndpoint(id);
    if (!found) throw new PgError('XX000', `The requested endpoint ${id} could not be found, or you don't have access to it. Please check the provided ID and try again.`);
    if (params.user === ADMIN_ROLE) throw new PgError('28000', `role "${ADMIN_ROLE}" is reserved for the system and cannot connect`);
    const { ep, b } = found;
    return this.lock([b.id], async () => {
      if (this.findEndpoint(id)?.b !== b) throw new PgError('XX000', `The requested endpoint ${id} could not be found, or you don't have access to it.`);
      const c = await this.running(b).catch((e: Error) => {
        throw new PgError('XX000', `Could not start the compute for endpoint ${id}: ${e.message}`);
      });
      c.clients++;
      clearTimeout(c.idle);
      return {
        socket: `${c.cluster.socketDir}/.s.PGSQL.${SOCKET_PORT}`,
        options: ep.type === 'read_only' ? '-c default_transaction_read_only=on' : undefined,
        done: () => {
          c.clients--;
          this.scheduleSuspend(b.id, c);
        },
      };
    });
  }

  async schema(b: Branch, database: string): Promise<string> {
    return this.lock([b.id], () =>
      this.wrap('dump the schema', async () => {
        const c = await this.running(b);
        try {
          return await runTool(this.host.pg, 'pg_dump', ['--schema-only', '-h', c.cluster.socketDir, '-p', String(SOCKET_PORT), '-U', ADMIN_ROLE, '-d', database], { PGPASSWORD: this.host.adminPassword });
        } finally {
          this.scheduleSuspend(b.id, c);
        }
      }),
    );
  }

  // ---- clusters --------------------------------------------------------------------------

  private newDir(): string {
    return path.join(this.dir, `c${++this.seq}`);
  }

  /** The branch's cluster, made from the template and the model if it has none yet, and started. Call under the lock. */
  private async running(b: Branch): Promise<Compute> {
    let c = this.computes.get(b.id);
    let fresh = false;
    if (!c) {
      const template = await templateDir(this.host);
      const dir = this.newDir();
      await copyDir(template, dir);
      c = { cluster: new Cluster(this.host, dir), clients: 0, pending: [] };
      fresh = true;
      this.computes.set(b.id, c);
      const roles = [...b.roles.values()];
      const dbs = [...b.databases.values()];
      c.pending.push(async (db) => {
        for (const r of roles) await db.createRole(r);
        for (const d of dbs) await db.createDatabase(d.name, d.ownerName);
      });
    }
    if (!c.cluster.running) {
      try {
        await c.cluster.start();
        for (const fn of c.pending.splice(0)) await fn(c.cluster.sql);
      } catch (e) {
        // A half-made cluster is thrown away: the next connection makes it again from the model.
        if (fresh) {
          this.computes.delete(b.id);
          await this.destroy(c);
        }
        throw e;
      }
      this.setState(b.id, 'active');
    }
    return c;
  }

  private async withSql(b: Branch, c: Compute, fn: (db: BranchSql) => Promise<void>): Promise<void> {
    await this.wrap('apply the change to the branch\'s compute', async () => {
      await this.running(b);
      await fn(c.cluster.sql);
    });
    this.scheduleSuspend(b.id, c);
  }

  private scheduleSuspend(branchId: string, c: Compute): void {
    clearTimeout(c.idle);
    if (c.clients > 0 || this.closed) return;
    c.idle = setTimeout(() => {
      void this.lock([branchId], async () => {
        if (this.computes.get(branchId) !== c || c.clients > 0) return;
        await c.cluster.stop().catch(() => undefined);
        this.setState(branchId, 'idle');
      });
    }, this.suspendAfterMs);
    c.idle.unref();
  }

  private setState(branchId: string, state: Endpoint['state']): void {
    for (const p of this.s.projects.values()) {
      if (!p.detail?.branches.has(branchId)) continue;
      for (const ep of p.detail.endpoints.values()) if (ep.branchId === branchId) ep.state = state;
    }
  }

  private async destroy(c: Compute): Promise<void> {
    clearTimeout(c.idle);
    await c.cluster.destroy().catch(() => undefined);
  }

  private async wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new ApiError(500, `the emulator could not ${what}: ${(e as Error).message}`);
    }
  }

  /** Serialises work on branches: each caller waits for those that came before it on any of `ids`. */
  private async lock<T>(ids: string[], fn: () => Promise<T>): Promise<T> {
    const keys = [...new Set(ids)];
    const before = keys.map((k) => this.locks.get(k)).filter(Boolean);
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    for (const k of keys) this.locks.set(k, mine);
    await Promise.all(before);
    try {
      return await fn();
    } finally {
      release();
      for (const k of keys) if (this.locks.get(k) === mine) this.locks.delete(k);
    }
  }
}
