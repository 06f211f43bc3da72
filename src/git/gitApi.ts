// The part of VS Code's built-in git extension API (`vscode.git`, getAPI(1)) this extension uses,
// after microsoft/vscode extensions/git/src/api/git.d.ts. Copied as types only: the git extension
// is reached at run time through vscode.extensions, never bundled.
import type * as vscode from 'vscode';

export interface GitBranch {
  readonly name?: string;
  readonly commit?: string;
  readonly type?: number;
}

export interface GitCommit {
  readonly hash: string;
  readonly commitDate?: Date;
}

export interface GitRepositoryState {
  readonly HEAD: GitBranch | undefined;
  readonly rebaseCommit?: { readonly hash: string } | undefined;
  readonly mergeChanges?: readonly unknown[];
  readonly onDidChange: vscode.Event<void>;
}

export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  getBranches?(query: { remote?: boolean }): Promise<GitBranch[]>;
  getBranch?(name: string): Promise<GitBranch>;
  getMergeBase?(ref1: string, ref2: string): Promise<string | undefined>;
  getCommit?(ref: string): Promise<GitCommit>;
  status?(): Promise<void>;
}

export interface GitAPI {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  readonly onDidCloseRepository: vscode.Event<GitRepository>;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

export interface GitExtension {
  readonly enabled: boolean;
  readonly onDidChangeEnablement: vscode.Event<boolean>;
  getAPI(version: 1): GitAPI;
}

export const GIT_EXTENSION_ID = 'vscode.git';
