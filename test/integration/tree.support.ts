// Shared by tree.test.ts and accounts.test.ts: reach the extension's seams, an emulator in this
// process, and the Accounts tree through its provider (the same calls VS Code makes).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Emulator } from '../../emulator';
import type { TreeNode } from '../../src/tree/node';
import type { TestingApi } from '../../src/testing';
import { eventually } from './helpers/eventually';
import { getTesting } from './helpers/extension';

export type Testing = TestingApi;

export const testing = getTesting;

export interface Row {
  id: string;
  label: string;
  description: string;
  contextValue: string;
  tooltip: string;
  command?: string;
  /** What a screen reader says for the row. */
  aria: string;
}

export async function row(node: TreeNode): Promise<Row> {
  const t = await testing();
  // As the window sees it on hover: the tooltip comes from resolveTreeItem.
  const item = t.tree.provider.resolveTreeItem(t.tree.provider.getTreeItem(node), node);
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '';
  return { id: item.id ?? '', label, description: typeof item.description === 'string' ? item.description : '', contextValue: item.contextValue ?? '', tooltip, command: item.command?.command, aria: item.accessibilityInformation?.label ?? '' };
}

export async function children(node?: TreeNode): Promise<TreeNode[]> {
  const t = await testing();
  return t.tree.provider.getChildren(node);
}

export async function rows(node?: TreeNode): Promise<Row[]> {
  return Promise.all((await children(node)).map(row));
}

/** The child whose label starts with `label` (fails listing what there is). */
export async function child(node: TreeNode | undefined, label: string): Promise<TreeNode> {
  const list = await children(node);
  for (const n of list) if ((await row(n)).label.startsWith(label)) return n;
  throw new Error(`no child "${label}" under ${node?.id ?? 'root'}: ${(await Promise.all(list.map(row))).map((r) => r.label).join(', ')}`);
}

/** Walks labels from the root: path('acct', 'Acme Inc', 'acme-web'). */
export async function walk(...labels: string[]): Promise<TreeNode> {
  let node: TreeNode | undefined;
  for (const l of labels) node = await child(node, l);
  return node!;
}

/** The current object for a node id (after re-renders). */
export async function current(id: string): Promise<TreeNode> {
  const t = await testing();
  let n = t.tree.provider.node(id);
  if (!n && id.split('/').length === 2) {
    await t.tree.provider.getChildren(); // the accounts row was rebuilt: read it again, as VS Code does
    n = t.tree.provider.node(id);
  }
  if (!n) throw new Error(`node ${id} not shown`);
  return n;
}

export async function removeAllAccounts(): Promise<void> {
  const t = await testing();
  // (Another window may remove one meanwhile: only what is still listed is removed.)
  for (const a of [...t.services.accounts.list()]) if (t.services.accounts.get(a.id)) await t.services.accounts.remove(a.id);
  t.prompt.reset();
}

export async function setBaseUrl(url: string): Promise<void> {
  await vscode.workspace.getConfiguration('neonExplorer').update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
  await eventually(() => assert.strictEqual(vscode.workspace.getConfiguration('neonExplorer').get('apiBaseUrl'), url));
}

/** Adds an account the way a person does: the command, a password box, a label box. */
/** `anyway`: the key's user, organization or project is already added; answer "Add Anyway". */
export async function addAccount(key: string, label = '', opts: { anyway?: boolean } = {}): Promise<string> {
  const t = await testing();
  const before = new Set(t.services.accounts.list().map((a) => a.id));
  t.prompt.script({ input: key }, ...(opts.anyway ? [{ button: 'Add Anyway' }] : []), { input: label });
  await vscode.commands.executeCommand('neonExplorer.addAccount');
  const added = t.services.accounts.list().find((a) => !before.has(a.id));
  if (!added) throw new Error(`no account added; shown: ${JSON.stringify(t.prompt.shown.slice(-3))}`);
  return added.id;
}

export async function control<T = unknown>(em: Emulator, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${em.controlUrl}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function mintKey(em: Emulator, body: Record<string, unknown>): Promise<string> {
  return (await control<{ token: string }>(em, '/keys', body)).token;
}

export interface RequestLog {
  total: number;
  byRoute: Record<string, number>;
  maxInFlight: number;
}

export const requests = (em: Emulator) => control<RequestLog>(em, '/requests');
export const clearRequests = (em: Emulator) => fetch(`${em.controlUrl}/requests`, { method: 'DELETE' });

/** Each test starts with an empty script; a passing test must have used every scripted answer. */
export function usePromptReset(t: () => Testing): void {
  beforeEach(() => t().prompt.reset());
  afterEach(function () {
    const left = t().prompt.pending();
    t().prompt.reset();
    if (left && this.currentTest?.state === 'passed') throw new Error(`${left} scripted answers were not used`);
  });
}
