// The read-only documents "Compare Schema with Parent" shows in VS Code's diff editor: kept in
// memory under neon-schema: URIs (nothing is written to disk), dropped when their editor closes.
// Registered at activation so an editor restored after a reload says how to read it again rather
// than failing to open.
import * as vscode from 'vscode';

const SCHEMA_SCHEME = 'neon-schema';

const texts = new Map<string, string>();
let seq = 0;

export function registerSchemaDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, {
      provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? vscode.l10n.t('-- This schema was read in an earlier session and is not kept. Run "Compare Schema with Parent" or "Compare Schema with Branch…" again to read it now.\n'),
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === SCHEMA_SCHEME) texts.delete(d.uri.toString());
    }),
  );
}

/** A new document for `text`: `label` names it in the editor (e.g. "main/neondb.sql"); each call gets its own, so a second comparison never shows the first's text. */
export function schemaDocument(label: string, text: string): vscode.Uri {
  const uri = vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${label}`, query: `v=${++seq}` });
  texts.set(uri.toString(), text);
  return uri;
}
