// Programmatic entry point: unit tests, VS Code integration tests (in-process in the extension
// host), benchmarks and the demo start an emulator with startEmulator().
import type { EmulatorConfig, FaultProfile } from './config';
import type { State } from './model';
import { CONSOLE_BASE } from './console';
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
  const port = await em.listen(opts.port ?? 0);
  const url = `http://127.0.0.1:${port}${API_BASE}`;
  if (opts.quiet === false) console.log(`listening on ${url}`);
  return { url, port, controlUrl: `http://127.0.0.1:${port}/__control`, consoleUrl: `http://127.0.0.1:${port}${CONSOLE_BASE}`, apiKey: em.apiKey, close: () => em.close(), state: em.state, config: em.cfg, server: em };
}

export { EmulatorServer } from './server';
export type { EmulatorConfig, FaultProfile } from './config';
export { FAULT_PROFILES } from './config';
export type { State } from './model';
