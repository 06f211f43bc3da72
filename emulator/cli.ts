// npm run emulator -- --port 4010 --api-key KEY [--seed small|empty|FILE] [--orgs N --projects-per-org N --branches N]
//   [--latency-ms N] [--jitter-ms N] [--operation-ms N] [--rate-limit PER_SECOND] [--fault-rate 0..1]
//   [--faults 5xx,drop,malformed] [--profile chaos|none] [--fault-seed N] [--org-key-organizations owning|forbidden] [--validate]
//   [--no-postgres] [--suspend-ms N]
import { applyConfig } from './config';
import { startEmulator, type StartOptions } from './index';

const USAGE = 'usage: emulator [--port N] [--api-key KEY] [--seed small|empty|FILE] [--orgs N --projects-per-org N --branches N] ' +
  '[--latency-ms N] [--jitter-ms N] [--operation-ms N] [--rate-limit PER_SECOND] [--fault-rate 0..1] [--faults 5xx,drop,malformed] [--profile chaos|none] [--fault-seed N] ' +
  '[--org-key-organizations owning|forbidden] [--validate] [--no-postgres] [--suspend-ms N]';

/** Knobs without a startEmulator option go straight to the live config (as POST /__control/config would). */
const extra: Record<string, unknown> = {};

function parse(argv: string[]): StartOptions {
  const o: StartOptions = { quiet: true, postgres: 'auto' };
  const num = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a non-negative number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const val = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': o.port = num(flag, val()); break;
      case '--api-key': o.apiKey = val(); break;
      case '--seed': o.seed = val(); break;
      case '--orgs': o.orgs = num(flag, val()); break;
      case '--projects-per-org': o.projectsPerOrg = num(flag, val()); break;
      case '--branches': o.branches = num(flag, val()); break;
      case '--latency-ms': o.latencyMs = num(flag, val()); break;
      case '--jitter-ms': o.jitterMs = num(flag, val()); break;
      case '--operation-ms': o.operationMs = num(flag, val()); break;
      case '--validate': o.validateResponses = true; break;
      case '--no-postgres': o.postgres = false; break;
      case '--suspend-ms': o.postgresSuspendMs = num(flag, val()); break;
      case '--rate-limit': extra.rateLimit = { perSecond: num(flag, val()) }; break;
      case '--fault-rate': extra.faultRate = num(flag, val()); break;
      case '--faults': extra.faults = (val() ?? '').split(',').filter(Boolean); break;
      case '--profile': o.faultProfile = val() as StartOptions['faultProfile']; break;
      case '--fault-seed': o.faultSeed = num(flag, val()); break;
      case '--org-key-organizations': extra.orgKeyOrganizations = val(); break;
      case '--help': case '-h':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  const t0 = Date.now();
  const em = await startEmulator({ port: 4010, ...opts });
  applyConfig(em.config, extra);
  console.log(`listening on ${em.url}`);
  if (em.postgres) console.log(`data plane: postgresql://${em.postgres.address} (PostgreSQL, one cluster per branch, routed by options=endpoint=<id>, sslmode=disable)`);
  else console.log(`data plane: off, control plane only (${em.postgresOff ?? '--no-postgres'})`);
  console.log(`api key: ${em.apiKey}`);
  console.log(`control: ${em.controlUrl} (seeded in ${Date.now() - t0} ms)`);
  console.log(`console pages: ${em.consoleUrl}`);
  const stop = () => {
    em.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`emulator: ${e.message}`);
  process.exit(2);
});
