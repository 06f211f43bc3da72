// The read-only documents "Compare Schema with Parent" shows in VS Code's diff editor: kept in
// memory under neon-schema: URIs (nothing is written to disk), dropped when their editor closes.
// Registered at activation so an editor restored after a reload says how to read it again rather
// than failing to open.
import * as vscode from 'vscode';

const SCHEMA_SCHEME = 'neon-schema';

const texts = new Map<string, string>();
// Made at registration, not when this module loads (a unit test loads it without VS Code).
let changed: vscode.EventEmitter<vscode.Uri> | undefined;

export function registerSchemaDocuments(context: vscode.ExtensionContext): void {
  changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? vscode.l10n.t('-- This schema was read in an earlier session and is not kept. Run "Compare Schema with Parent" or "Compare Schema with Branch…" again to read it now.\n'),
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === SCHEMA_SCHEME) texts.delete(d.uri.toString());
    }),
  );
}

/**
 * The document for `text`: `label` names it in the editor (e.g. "main/neondb.sql"); `key` says
 * which comparison side it is (project, branches, database). The same comparison run again gets
 * the same document with the new text, so its open diff tab is brought forward and redrawn
 * instead of a second tab with the same title opening beside it.
 */
export function schemaDocument(label: string, text: string, key: string): vscode.Uri {
  const uri = vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${label}`, query: key });
  const id = uri.toString();
  const had = texts.get(id);
  texts.set(id, text);
  // Also when it had none: a tab restored after a reload shows "not kept" until told.
  if (had !== text) changed?.fire(uri);
  return uri;
}
