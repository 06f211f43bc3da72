// Programmatic entry point: unit tests, VS Code integration tests (in-process in the extension
// host), benchmarks and the demo start an emulator with startEmulator().
import type { EmulatorConfig, FaultProfile } from './config';
import type { State } from './model';
import { CONSOLE_BASE } from './console';
import { DataPlane } from './dataplane/dataplane';
import { findPostgres } from './dataplane/host';
import { API_BASE, EmulatorServer } from './server';

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Token of the main user's personal key (you@example.com: admin of the first org, member of the others). */
  apiKey?: string;
  /** 'small' (default), 'empty', or a path to a JSON seed file. */
  seed?: 'small' | 'empty' | string;
  /** Scale generator: orgs x projectsPerOrg projects with `branches` branches each. */
  orgs?: number;
  projectsPerOrg?: number;
  branches?: number;
  latencyMs?: number;
  jitterMs?: number;
  /** Duration of operations (423 Locked on their branch meanwhile). */
  operationMs?: number;
  /** A named fault profile ('chaos': 5xx, drops, malformed bodies, latency spikes, 429 bursts). */
  faultProfile?: FaultProfile;
  /** Seed of the fault dice (same seed, same request order → same faults). */
  faultSeed?: number;
  /** Any other knobs, applied last (as POST /__control/config would). */
  config?: Partial<EmulatorConfig>;
  /** Check every response against the OpenAPI document; violations land in the request log. */
  validateResponses?: boolean;
  /** Canary inside every issued password and key token (SeedOptions.secretMarker). */
  secretMarker?: string;
  /** Don't print the "listening on" line. Default true for the programmatic API. */
  quiet?: boolean;
  /**
   * Real PostgreSQL behind the endpoints (the data plane): true requires it (startEmulator rejects
   * with a sentence when the binaries are missing), 'auto' uses it when present, false or absent
   * runs the control plane only, with Neon-shaped connection strings that connect nowhere.
   */
  postgres?: boolean | 'auto';
  /** A branch's cluster with no client for this long is stopped (its endpoint goes idle). Default 60 000. */
  postgresSuspendMs?: number;
}

export interface DataPlaneInfo {
  /** 127.0.0.1:PORT, the router every connection string names. */
  address: string;
  port: number;
  /** The live data plane (clusterOf(branchId) for tests). */
  dataPlane: DataPlane;
}

export interface Emulator {
  /** http://127.0.0.1:PORT/api/v2 */
  url: string;
  port: number;
  /** http://127.0.0.1:PORT/__control */
  controlUrl: string;
  /** http://127.0.0.1:PORT/console: stand-in pages for the Neon Console (neonExplorer.consoleUrl in the demo) */
  consoleUrl: string;
  apiKey: string;
  close(): Promise<void>;
  /** The live model, for in-process assertions (stable across /__control/reset). */
  state: State;
  /** Live knobs (same object POST /__control/config changes). */
  config: EmulatorConfig;
  server: EmulatorServer;
  /** Set when the data plane runs. */
  postgres?: DataPlaneInfo;
  /** Why there is no data plane when `postgres: 'auto'` found none. */
  postgresOff?: string;
}

export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
  const config: Partial<EmulatorConfig> & { profile?: FaultProfile } = {};
  if (opts.faultProfile !== undefined) config.profile = opts.faultProfile;
  if (opts.faultSeed !== undefined) config.faultSeed = opts.faultSeed;
  if (opts.latencyMs !== undefined) config.latencyMs = opts.latencyMs;
  if (opts.jitterMs !== undefined) config.jitterMs = opts.jitterMs;
  if (opts.operationMs !== undefined) config.operationMs = opts.operationMs;
  if (opts.validateResponses !== undefined) config.validateResponses = opts.validateResponses;
  Object.assign(config, opts.config);
  const em = new EmulatorServer({ seed: opts.seed, apiKey: opts.apiKey, orgs: opts.orgs, projectsPerOrg: opts.projectsPerOrg, branches: opts.branches, secretMarker: opts.secretMarker }, config);
  let dp: DataPlane | undefined;
  let postgresOff: string | undefined;
  if (opts.postgres) {
    const started = await DataPlane.start(em.state, { suspendAfterMs: opts.postgresSuspendMs });
    if (typeof started === 'string') {
      if (opts.postgres === true) throw new Error(`the emulator's data plane cannot run: ${started}`);
      postgresOff = started;
    } else dp = started;
  }
  let port: number;
  try {
    port = await em.listen(opts.port ?? 0);
  } catch (e) {
    await dp?.close();
    throw e;
  }
  const url = `http://127.0.0.1:${port}${API_BASE}`;
  if (opts.quiet === false) console.log(`listening on ${url}`);
  const close = async () => {
    await em.close();
    await dp?.close();
  };
  return {
    url, port, controlUrl: `http://127.0.0.1:${port}/__control`, consoleUrl: `http://127.0.0.1:${port}${CONSOLE_BASE}`, apiKey: em.apiKey, close, state: em.state, config: em.cfg, server: em,
    ...(dp ? { postgres: { address: dp.address, port: dp.port, dataPlane: dp } } : {}), ...(postgresOff ? { postgresOff } : {}),
  };
}

/** Whether this machine can run the data plane; otherwise the sentence saying why not. */
export function postgresAvailable(): true | string {
  const found = findPostgres();
  return typeof found === 'string' ? found : true;
}

export { EmulatorServer } from './server';
export type { EmulatorConfig, FaultProfile } from './config';
export { FAULT_PROFILES } from './config';
export type { State } from './model';
export { DataPlane } from './dataplane/dataplane';
