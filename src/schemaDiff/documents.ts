// The read-only documents "Compare Schema with Parent" shows in VS Code's diff editor: kept in
// memory under neon-schema: URIs (nothing is written to disk), dropped when their editor closes.
// Registered at activation: an editor restored after a reload reads its side again (the URI's
// query names the account, project, branches, database and side), or says how to read it.
import * as vscode from 'vscode';
import { errorSentence } from '../commands/failure';
import { redact } from '../util/redact';

const SCHEMA_SCHEME = 'neon-schema';

/** Each side's text (a side being read again: its promise) and when it last changed. */
const texts = new Map<string, { text: string | Promise<string>; mtime: number }>();
// Made at registration, not when this module loads (a unit test loads it without VS Code).
let changed: vscode.EventEmitter<vscode.FileChangeEvent[]> | undefined;

/** Reads one side of a comparison again from its URI's query; `label` is the path ("main/neondb.sql"). */
export type SchemaReader = (query: URLSearchParams, label: string) => Promise<string>;

/** Whether a tab shows one of these documents (one VS Code restored after a reload). */
export function schemaTabOpen(): boolean {
  const ours = (u: unknown) => u instanceof vscode.Uri && u.scheme === SCHEMA_SCHEME;
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => (t.input instanceof vscode.TabInputTextDiff ? ours(t.input.original) || ours(t.input.modified) : t.input instanceof vscode.TabInputText && ours(t.input.uri))),
  );
}

/**
 * A read-only file system, not a text document content provider: VS Code restores an editor of a
 * file system's URI after a reload (activating us through onFileSystem:neon-schema), while it
 * drops one of a content provider's.
 */
export function registerSchemaDocuments(context: vscode.ExtensionContext, reread?: SchemaReader): void {
  changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  const side = (uri: vscode.Uri) => {
    const id = uri.toString();
    let entry = texts.get(id);
    if (!entry) texts.set(id, (entry = { text: readAgain(uri, reread), mtime: Date.now() }));
    return entry;
  };
  const readOnly = (): never => {
    throw vscode.FileSystemError.NoPermissions();
  };
  context.subscriptions.push(
    changed,
    vscode.workspace.registerFileSystemProvider(
      SCHEMA_SCHEME,
      {
        onDidChangeFile: changed.event,
        watch: () => new vscode.Disposable(() => undefined),
        stat: async (uri) => {
          const { text, mtime } = side(uri);
          return { type: vscode.FileType.File, ctime: mtime, mtime, size: Buffer.byteLength(await text) };
        },
        readFile: async (uri) => Buffer.from(await side(uri).text),
        readDirectory: () => [],
        createDirectory: readOnly,
        writeFile: readOnly,
        delete: readOnly,
        rename: readOnly,
      },
      { isReadonly: true, isCaseSensitive: true },
    ),
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
  const had = texts.get(id)?.text;
  if (had !== text) {
    texts.set(id, { text, mtime: Date.now() });
    // An open editor reads the file again (one restored after a reload too).
    changed?.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }
  return uri;
}

/** A side nobody read in this session (a tab restored after a reload): read now, or why not. */
async function readAgain(uri: vscode.Uri, reread: SchemaReader | undefined): Promise<string> {
  const query = new URLSearchParams(uri.query);
  // Tabs of versions that did not put the account in the URI cannot be read again.
  if (!reread || !query.get('account')) return vscode.l10n.t('-- This schema was read in an earlier session and is not kept. Run "Compare Schema with Parent" or "Compare Schema with Branch…" again to read it now.\n');
  try {
    return await reread(query, uri.path.replace(/^\//, ''));
  } catch (err) {
    const reason = redact(errorSentence(err)).replace(/\s*\n\s*/g, ' ');
    return vscode.l10n.t('-- This schema was read in an earlier session and could not be read again: {0}\n-- Run "Compare Schema with Parent" or "Compare Schema with Branch…" to read it now.\n', reason);
  }
}
