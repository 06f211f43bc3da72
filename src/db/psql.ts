// What a psql terminal is started with. Everything goes through libpq's environment variables:
// the password so that it is on no command line (ps, the terminal's title, shell history), and
// the rest so that a database or role name with `=`, spaces or quotes is never read as a
// connection string or an option. Finding psql, and how to install it where it is missing.
// Pure: no vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONNECT_TIMEOUT_MS, type ConnectionSpec } from './config';
import * as l10n from '@vscode/l10n';

export interface PsqlLaunch {
  /** Arguments: none of them secret. `--no-password`: a refused password ends psql with the server's words instead of a prompt. */
  args: string[];
  /** libpq variables for the terminal's environment, PGPASSWORD among them. */
  env: Record<string, string>;
}

export function psqlLaunch(spec: ConnectionSpec): PsqlLaunch {
  const env: Record<string, string> = {
    PGHOST: spec.host,
    PGPORT: String(spec.port),
    PGUSER: spec.user,
    PGDATABASE: spec.database,
    PGPASSWORD: spec.password,
    PGSSLMODE: spec.sslmode,
  };
  if (spec.channelBinding) env.PGCHANNELBINDING = spec.channelBinding;
  if (spec.options) env.PGOPTIONS = spec.options;
  // libpq waits forever by default: a compute stuck suspending or restarting must end in psql's own sentence.
  env.PGCONNECT_TIMEOUT = String(spec.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_MS / 1000);
  return { args: ['--no-password'], env };
}

/** Where installers put psql when they do not add it to PATH. */
export function knownPsqlLocations(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    return [
      '/opt/homebrew/bin/psql',
      '/usr/local/bin/psql',
      '/Applications/Postgres.app/Contents/Versions/latest/bin/psql',
      ...['17', '16', '15', '14'].flatMap((v) => [`/opt/homebrew/opt/postgresql@${v}/bin/psql`, `/usr/local/opt/postgresql@${v}/bin/psql`]),
      '/opt/homebrew/opt/libpq/bin/psql',
      '/usr/local/opt/libpq/bin/psql',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.ProgramFiles, env['ProgramFiles(x86)']].filter((x): x is string => !!x);
    return roots.flatMap((r) => ['17', '16', '15', '14', '13'].map((v) => path.win32.join(r, 'PostgreSQL', v, 'bin', 'psql.exe')));
  }
  return ['17', '16', '15', '14', '13'].map((v) => `/usr/lib/postgresql/${v}/bin/psql`);
}

/**
 * The psql to run: `configured` when set (the setting; no fallback, it is what the person asked
 * for), else the first on PATH, else a known install location; undefined when there is none.
 */
export function findPsql(opts: { configured?: string; platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; isFile?: (p: string) => boolean } = {}): string | undefined {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const isFile = opts.isFile ?? ((p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (opts.configured?.trim()) return isFile(opts.configured.trim()) ? opts.configured.trim() : undefined;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const names = platform === 'win32' ? ['psql.exe', 'psql.cmd', 'psql.bat'] : ['psql'];
  for (const dir of dirs) for (const n of names) if (isFile(p.join(dir, n))) return p.join(dir, n);
  return knownPsqlLocations(platform, env).find(isFile);
}

export const PSQL_DOCS_URL = 'https://www.postgresql.org/download/';

/** One sentence: psql is missing (or not where the setting says), and how to install it on this system. */
export function psqlInstallHint(platform: NodeJS.Platform = process.platform, configured?: string): string {
  const how =
    platform === 'darwin'
      ? l10n.t('Install it with Homebrew ("brew install libpq", then "brew link --force libpq") or Postgres.app')
      : platform === 'win32'
        ? l10n.t('Install it with the PostgreSQL installer for Windows (choose "Command Line Tools"), or "winget install PostgreSQL.PostgreSQL"')
        : l10n.t('Install it with your package manager, e.g. "sudo apt-get install postgresql-client" (Debian, Ubuntu) or "sudo dnf install postgresql" (Fedora)');
  const what = configured?.trim() ? l10n.t('There is no psql at {0} (setting neonExplorer.psql.path).', configured.trim()) : l10n.t('psql is not installed, or not on the PATH of VS Code.');
  return l10n.t('{0} {1}, then run Open psql again.', what, how);
}
