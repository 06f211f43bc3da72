import type * as vscode from 'vscode';
import type { NeonClient } from './api';
import type { Log } from './log';
import type { OfflineWatch } from './accounts/offline';
import type { AccountChange, StoredAccount } from './accounts/store';
import type { KeyIdentity } from './accounts/identify';
import type { Prompter } from './ui/prompt';
import type { AccountRef } from './tree/refs';
import type { RateLimitStatus } from './statusBar/rateLimitStatus';

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
  /** The status bar item that says when Neon makes an account's requests wait (absent in unit fakes). */
  readonly rateLimits?: RateLimitStatus;
  /** Ticks the walkthrough steps done before it opened (src/walkthroughProgress.ts). */
  readonly walkthrough?: { opened(): void; commandDone(commandId: string): void };
  /**
   * Set by the command seam for one run: Cancel came after the request of `title` was sent, so the
   * command's next message says so (src/commands/lateCancel.ts). Absent outside a command run.
   */
  readonly cancelledLate?: (title: string, phase: import('./commands/lateCancel').LatePhase) => void;
  /** The project the workspace is linked to (src/git/workspaceLink.ts): where palette pickers start. */
  readonly workspaceLink?: () => Promise<WorkspaceLink | undefined>;
}

export interface WorkspaceLink {
  readonly folder: string;
  readonly accountId: string;
  readonly orgId?: string;
  readonly projectId: string;
  readonly projectName: string;
  /** The Neon branch the folder's .env points at. */
  readonly envBranchId?: string;
  /** The .env file as the person calls it (relative to the folder). */
  readonly envName: string;
  /** The role and database the .env connects as. */
  readonly roleName?: string;
  readonly databaseName?: string;
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

/** A key Neon accepted, and the name its account gets when none is typed. */
export interface CheckedKey {
  key: string;
  baseUrl: string;
  who: KeyIdentity;
  defaultLabel: string;
}

export interface AccountStore {
  list(): readonly StoredAccount[];
  get(id: string): StoredAccount | undefined;
  /**
   * Checks the key against the API (nothing stored); throws a sentence if it is refused. With
   * `forAccount`, the check of a new key for that account (its address; its own key is no twin).
   */
  check(apiKey: string, forAccount?: string): Promise<CheckedKey>;
  /** Checks the key against the API (unless `checked` is this key's check), then stores it. */
  add(apiKey: string, label?: string, checked?: CheckedKey): Promise<Account>;
  rename(id: string, label: string): Promise<void>;
  /** Stores a new key for the account, checked first unless `checked` is this key's check. */
  updateKey(id: string, apiKey: string, checked?: CheckedKey): Promise<void>;
  remove(id: string): Promise<void>;
  /** `requestId`: of the answer that refused the key (401), said where the account shows it. */
  markRejected(id: string, rejected: boolean, requestId?: string): Promise<void>;
  /** The request id of the 401 that marked the account rejected in this window, when known. */
  rejectedRequestId?(id: string): string | undefined;
  /** The account's key, or undefined when the secret is gone; throws a sentence when it cannot be read. */
  getKey(id: string): Promise<string | undefined>;
  /** Why the account's key cannot be read now (a locked keyring), if it cannot. */
  keyProblem(id: string): string | undefined;
  /** The key was set in another window and this one can read it only after a reload (VS Code in a browser). */
  keyInOtherWindow(id: string): boolean;
  /** The account, identified against the API first if it was added unchecked (the demo's). */
  ensureVerified(id: string): Promise<StoredAccount>;
  readonly onDidChange: vscode.Event<void>;
  /** Which account changed and how: the client pool and the tree drop exactly what went stale. */
  readonly onDidChangeAccount: vscode.Event<AccountChange>;
  /** Settles once accounts added at start (the demo's) are in the list. */
  readonly ready?: Promise<void>;
}

export interface ClientPool {
  /** The client of an account (one per account, sharing its concurrency cap). */
  get(accountId: string): Promise<NeonClient>;
  /** Forgets a client, e.g. after its key changed. */
  drop(accountId: string): void;
  /** Neon answered one of an account's requests 429: its requests wait until `until` (absent in unit fakes). */
  readonly onDidRateLimit?: vscode.Event<AccountRateLimit>;
}

export interface AccountRateLimit {
  accountId: string;
  label: string;
  /** Epoch ms at which the account's requests go on. */
  until: number;
  /** None of its requests waits any more (they were cancelled): nothing to show until one does. */
  idle?: boolean;
}

export interface TreeController {
  /** Re-reads a subtree: an account, an org (and which part), a project or a branch; no arg = all. */
  refresh(target?: RefreshTarget): void;
  /** A command read your role in an org (e.g. before refusing what only admins may do): its row's menus follow it. */
  roleLearned?(org: { accountId: string; orgId: string }, role: 'admin' | 'member'): void;
  /** Your role in an org as the tree knows it (read when the org was expanded, or remembered), else undefined. */
  knownRole?(org: { accountId: string; orgId: string }): 'admin' | 'member' | undefined;
  /** Shows the account's row in the view, selected and with the keyboard focus (after Add Key). */
  focusAccount?(accountId: string): Promise<void>;
  /** Puts the keyboard focus in the view: its rows, or the welcome content once no account is left. */
  focusView?(): Promise<void>;
}

/** The folders of an org node. */
export type OrgPart = 'projects' | 'members' | 'invitations' | 'apiKeys';

/**
 * A subtree to re-read: with `projectId`, that project (with `branchId`, that branch of it); else,
 * with `orgId`, that org (with `part`, that folder of it); else the account. Any ref of the tree is one.
 */
export interface RefreshTarget extends AccountRef {
  readonly orgId?: string;
  readonly part?: OrgPart;
  readonly projectId?: string;
  readonly branchId?: string;
}
