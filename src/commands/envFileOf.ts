// A workspace folder's .env as the neonExplorer.envFile setting names it. Apart from envTarget.ts
// (Save to .env, in dist/rarelyUsed.js) so that activation's sweep of stopped writes does not pull
// the whole save path into dist/extension.js.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The .env path a workspace folder's settings point at; undefined when it leads outside the folder. */
export function envFileOf(folder: vscode.WorkspaceFolder): { file: string; setting: string; inside: boolean } {
  const setting = (vscode.workspace.getConfiguration('neonExplorer', folder.uri).get<string>('envFile') ?? '.env').trim() || '.env';
  const root = folder.uri.fsPath;
  const file = path.resolve(root, setting);
  const rel = path.relative(root, file);
  const inside = rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
  return { file, setting, inside };
}
