// Which rows (accounts, organizations, projects, branches, folders) the person left expanded or
// collapsed in this workspace, so the next launch draws the tree as it was left: VS Code keeps an
// extension tree's expanded rows within a session but, in the versions tried here (code-server
// 4.100), not across a reload. With the levels kept on disk (rememberedLevel.ts) an expanded
// organization is then drawn at once; rows below it are read as the window asks for them. Ids
// only (`acct/<id>/org/<id>/project/<id>`), in the workspace's state, as VS Code keeps its own views'.
import type * as vscode from 'vscode';

const KEY = 'neonExplorer.tree.expandedRows';
/** Rows kept at most: the oldest choices go first. */
const MAX_ROWS = 300;

export class ExpandedRows {
  private readonly rows: Map<string, boolean>;

  constructor(private readonly state: Pick<vscode.Memento, 'get' | 'update'>) {
    const saved = state.get<unknown>(KEY);
    const pairs = Array.isArray(saved) ? saved.filter((p): p is [string, boolean] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'boolean') : [];
    this.rows = new Map(pairs);
  }

  /** Whether the row was left expanded (true), collapsed (false), or neither is known. */
  get(id: string): boolean | undefined {
    return this.rows.get(id);
  }

  set(id: string, expanded: boolean): void {
    if (this.rows.get(id) === expanded) return;
    this.rows.delete(id);
    this.rows.set(id, expanded);
    for (const old of this.rows.keys()) {
      if (this.rows.size <= MAX_ROWS) break;
      this.rows.delete(old);
    }
    this.save();
  }

  /** Forgets the rows of a removed account. */
  forget(prefix: string): void {
    const before = this.rows.size;
    for (const id of [...this.rows.keys()]) if (id === prefix || id.startsWith(`${prefix}/`)) this.rows.delete(id);
    if (this.rows.size !== before) this.save();
  }

  private save(): void {
    void Promise.resolve(this.state.update(KEY, [...this.rows])).catch(() => undefined);
  }
}
