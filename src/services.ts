import type * as vscode from 'vscode';
import type { NeonClient } from './api';
import type { Log } from './log';
import type { OfflineWatch } from './accounts/offline';
import type { Prompter } from './ui/prompt';
import type { AccountRef } from './tree/refs';

/** What every command handler and tree node is given. Built once in `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly prompt: Prompter;
  readonly accounts: AccountStore;
  readonly clients: ClientPool;
  readonly tree: TreeController;
  /** Accounts whose API could not be reached, probed until it answers (absent in unit fakes). */
  readonly offline?: OfflineWatch;
  /** The consumption page writes what it drew as data attributes; only the test seam sets it. */
  readonly markCharts?: boolean;
}

export type AccountKind = 'personal' | 'organization' | 'project';

/** An account is one Neon API key. Everything but the key lives in globalState. */
export interface Account {
  readonly id: string;
  readonly label: string;
  readonly kind: AccountKind;
  readonly baseUrl: string;
  /** For org and project-scoped keys: the org (and project) the key belongs to. */
  readonly orgId?: string;
  readonly projectId?: string;
  /** The user's email for personal keys, when known. */
  readonly email?: string;
  /** Set when the API answered 401 for this key; cleared by "Update key". */
  readonly rejected?: boolean;
}

export interface AccountStore {
  list(): readonly Account[];
  get(id: string): Account | undefined;
  /** Checks the key against the API, then stores it. Throws a sentence if the key is refused. */
  add(apiKey: string, label?: string): Promise<Account>;
  rename(id: string, label: string): Promise<void>;
  updateKey(id: string, apiKey: string): Promise<void>;
  remove(id: string): Promise<void>;
  markRejected(id: string, rejected: boolean): Promise<void>;
  readonly onDidChange: vscode.Event<void>;
  /** Settles once accounts added at start (the demo's) are in the list. */
  readonly ready?: Promise<void>;
}

export interface ClientPool {
  /** The client of an account (one per account, sharing its concurrency cap). */
  get(accountId: string): Promise<NeonClient>;
  /** Forgets a client, e.g. after its key changed. */
  drop(accountId: string): void;
}

export interface TreeController {
  /** Re-reads a subtree: an account, an org (and which part), a project or a branch; no arg = all. */
  refresh(target?: RefreshTarget): void;
}

export type RefreshTarget =
  | AccountRef
  | { accountId: string; orgId: string; part?: 'projects' | 'members' | 'invitations' | 'apiKeys' }
  | { accountId: string; projectId: string; branchId?: string };
