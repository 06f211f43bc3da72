// What a link needs beyond the `.neon` file (which holds only org, project, branch and neon-cli's
// git map): the account to use, the role and database to connect as, the .env file, the parent of
// new branches and the default git branch. These live in the workspace's state (not in a file, and
// none of them is a secret), keyed by the linked folder's path. What the extension last wrote to
// each folder's .env, and the last switch's outcome, live there too.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseEnv } from '../env/parse';
import { isDefaultGitBranch, stillWritten } from './mapping';

export interface LinkSettings {
  accountId?: string;
  /** The project's name when it was linked (`.neon` holds only its id), for the status bar. */
  projectName?: string;
  roleName?: string;
  databaseName?: string;
  /** Relative to the folder; default: the `neonExplorer.envFile` setting. */
  envFile?: string;
  /** Parent of new branches; default: the project's default branch. */
  parentBranchId?: string;
  parentBranchName?: string;
  /** The git branch that maps to the project's default branch; default: main, else master. */
  defaultGitBranch?: string;
}

export interface EnvPointer {
  projectId: string;
  branchId: string;
  branchName: string;
  isDefault: boolean;
  isProtected: boolean;
  /** A branch with no parent (a project's first branch, default or not): nothing to reset from or compare with. */
  isRoot?: boolean;
  /** The compute endpoint id in the written DATABASE_URL, to tell when someone edited the file. */
  endpointId?: string;
  /**
   * The sha256 of the whole DATABASE_URL written (src/git/mapping.ts urlDigest), to tell any edit
   * of it: the digest is kept, not the URL, so the workspace state holds no password.
   */
  urlDigest?: string;
  /** The git branch HEAD was on when it was written (undefined for a manual switch). */
  gitBranch?: string;
  at: string;
  /** When Neon Explorer deleted that branch (src/git/branchDeleted.ts): the .env's connection fails. */
  deletedAt?: string;
  /** Other variables of the .env that a switch left on an earlier branch (another role's URL): that branch is still "in .env". */
  stayed?: StayedBranch[];
}

/** Variables of a linked .env (not the ones a switch writes) that still connect to another branch of the project. */
export interface StayedBranch {
  branchId: string;
  branchName: string;
  endpointId: string;
  keys: string[];
}

export interface SwitchFailure {
  gitBranch: string;
  message: string;
  at: string;
}

const LINKS = 'neonExplorer.git.links';
const POINTERS = 'neonExplorer.git.envPointers';
const FAILURES = 'neonExplorer.git.failures';

export const folderKey = (folder: string) => path.resolve(folder);

export class LinkStore {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the folder whose link, pointer or failure changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private read<T>(key: string): Record<string, T> {
    return { ...(this.state.get<Record<string, T>>(key) ?? {}) };
  }
  private async write<T>(key: string, folder: string, value: T | undefined): Promise<void> {
    const all = this.read<T>(key);
    if (value === undefined) delete all[folderKey(folder)];
    else all[folderKey(folder)] = value;
    await this.state.update(key, all);
    this.changed.fire(folderKey(folder));
  }

  settings(folder: string): LinkSettings {
    return this.read<LinkSettings>(LINKS)[folderKey(folder)] ?? {};
  }
  setSettings(folder: string, s: LinkSettings | undefined): Promise<void> {
    return this.write(LINKS, folder, s);
  }
  pointer(folder: string): EnvPointer | undefined {
    return this.read<EnvPointer>(POINTERS)[folderKey(folder)];
  }
  /** Every linked folder's pointer (a repository of the workspace need not be one of its folders). */
  allPointers(): EnvPointer[] {
    return Object.values(this.read<EnvPointer>(POINTERS));
  }
  /** Each folder's pointer, with the folder (its key). */
  pointersByFolder(): [string, EnvPointer][] {
    return Object.entries(this.read<EnvPointer>(POINTERS));
  }
  setPointer(folder: string, p: EnvPointer | undefined): Promise<void> {
    return this.write(POINTERS, folder, p);
  }
  failure(folder: string): SwitchFailure | undefined {
    return this.read<SwitchFailure>(FAILURES)[folderKey(folder)];
  }
  setFailure(folder: string, f: SwitchFailure | undefined): Promise<void> {
    return this.write(FAILURES, folder, f);
  }
  async forget(folder: string): Promise<void> {
    await this.setSettings(folder, undefined);
    await this.setPointer(folder, undefined);
    await this.setFailure(folder, undefined);
  }
  dispose(): void {
    this.changed.dispose();
  }
}

/** The .env file of a linked folder: the link's own choice, else the `neonExplorer.envFile` setting. */
export function envFileFor(folder: string, settings: LinkSettings): string {
  const configured = vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(folder)).get<string>('envFile') ?? '.env';
  return path.resolve(folder, (settings.envFile ?? configured).trim() || '.env');
}

/** How a linked folder's .env is named to the person: relative to the folder. */
export function envDisplayName(folder: string, envFile: string): string {
  return path.relative(folder, envFile) || '.env';
}

/** The name of the DATABASE_URL variable in a linked folder's .env (the `neonExplorer.env.variableNames` setting). */
export function databaseUrlKey(folder: string): string {
  return (vscode.workspace.getConfiguration('neonExplorer', vscode.Uri.file(folder)).get<Record<string, string>>('env.variableNames') ?? {}).databaseUrl || 'DATABASE_URL';
}

/** The DATABASE_URL (or its configured name) the linked .env holds now, if any. */
export async function envDatabaseUrl(folder: string, settings: LinkSettings): Promise<{ key: string; file: string; url?: string }> {
  const file = envFileFor(folder, settings);
  const key = databaseUrlKey(folder);
  const text = await fsp.readFile(file, 'utf8').catch(() => undefined);
  const url = text === undefined ? undefined : parseEnv(text).get(key);
  return { key, file, ...(url ? { url } : {}) };
}

/** Whether the .env still holds the DATABASE_URL written for `pointer`: not edited or removed since. */
export async function envHolds(folder: string, settings: LinkSettings, pointer: EnvPointer): Promise<boolean> {
  if (!pointer.urlDigest && !pointer.endpointId) return true;
  const { url } = await envDatabaseUrl(folder, settings);
  return stillWritten(pointer, url);
}

/** Whether `pointer` is what following `gitBranch` writes: its own Neon branch, or the default one for the default git branch. */
export function pointerServes(pointer: EnvPointer, gitBranch: string, settings: LinkSettings): boolean {
  return pointer.gitBranch === gitBranch || (pointer.isDefault && isDefaultGitBranch(gitBranch, [], settings.defaultGitBranch));
}
