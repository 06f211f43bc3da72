// Access to the extension under test from inside the extension host.
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/testing';

export const EXTENSION_ID = 'neon-explorer.neon-explorer';

/** What activate() returns; `testing` (src/testing) only in the test host (the launchers set NEON_EXPLORER_TEST=1). */
export interface NeonExplorerApi {
  testing?: TestingApi;
}

export function getExtension(): vscode.Extension<NeonExplorerApi> {
  const ext = vscode.extensions.getExtension<NeonExplorerApi>(EXTENSION_ID);
  if (!ext) {
    const ids = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(`extension ${EXTENSION_ID} is not loaded (non-builtin extensions: ${ids.join(', ') || 'none'})`);
  }
  return ext;
}

/** Activates the extension (if needed) and returns its exports. */
export async function getApi<T extends NeonExplorerApi = NeonExplorerApi>(): Promise<T> {
  const ext = getExtension();
  const api = ext.isActive ? ext.exports : await ext.activate();
  return (api ?? {}) as T;
}

/** The `testing` seam, failing clearly if the extension did not export it. */
export async function getTesting(): Promise<TestingApi> {
  const api = await getApi();
  if (!api.testing) {
    throw new Error(`${EXTENSION_ID} exported no \`testing\` object (is NEON_EXPLORER_TEST=1 reaching the extension host?)`);
  }
  return api.testing;
}

/** The extension's package.json as VS Code read it. */
export function packageJson(): {
  contributes?: {
    commands?: { command: string; title: string }[];
    views?: Record<string, { id: string; name?: string }[]>;
    viewsContainers?: Record<string, { id: string; title?: string }[]>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
} {
  return getExtension().packageJSON;
}

/** The temporary workspace folder of this run (tests may write files there). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const fromEnv = process.env.NEON_TEST_WORKSPACE;
  if (folder && folder.uri.scheme === 'file') return folder.uri.fsPath;
  if (fromEnv) return fromEnv;
  throw new Error('no workspace folder is open (NEON_TEST_WORKSPACE unset)');
}
