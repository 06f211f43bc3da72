// The machine a run happened on, read at run time for the README line.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  chromium?: string;
  loadAvg: number[];
}

export function describeMachine(): Machine {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (pretty) osName = `${pretty[1]} (${os.type()} ${os.release()})`;
  } catch {
    /* not Linux */
  }
  const chromium = spawnSync(process.env.NEON_CHROMIUM || '/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ramGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: osName,
    ...(chromium.status === 0 ? { chromium: chromium.stdout.trim() } : {}),
    loadAvg: os.loadavg().map((l) => +l.toFixed(2)),
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}${m.chromium ? `, ${m.chromium}` : ''}`;
}
