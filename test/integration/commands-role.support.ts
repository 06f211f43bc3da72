// Shared by the branch, role and .env suites: refs built from the emulator's state, the
// emulator's own reveal_password, settings, the clipboard, and the secret scan.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Emulator } from '../../emulator';
import type { BranchRef, ProjectRef, RoleRef } from '../../src/tree/refs';
import type { Shown } from '../../src/testing';
import { userChose } from './helpers/secrets';
import type { Testing } from './tree.support';

export const ACME_API = 'shiny-wind-02883413';

export function refs(em: () => Emulator, account: () => string) {
  const project = (projectId: string): ProjectRef => {
    const p = em().state.projects.get(projectId)!;
    return p.orgId ? { accountId: account(), orgId: p.orgId, projectId, projectName: p.name } : { accountId: account(), projectId, projectName: p.name };
  };
  const branchOf = (projectId: string, name: string) => {
    const p = em().state.projects.get(projectId)!;
    const b = [...em().state.detail(p).branches.values()].find((x) => x.name === name);
    if (!b) throw new Error(`no branch ${name} in ${projectId}`);
    return b;
  };
  const branch = (projectId: string, name: string): BranchRef => {
    const b = branchOf(projectId, name);
    return { ...project(projectId), branchId: b.id, branchName: b.name, isDefault: b.isDefault, isProtected: b.protected };
  };
  const role = (projectId: string, branchName: string, roleName: string): RoleRef => {
    const b = branchOf(projectId, branchName);
    return { ...branch(projectId, branchName), roleName, isProtected: b.roles.get(roleName)?.protected ?? false };
  };
  const endpointHost = (projectId: string, branchName: string) => {
    const p = em().state.projects.get(projectId)!;
    const b = branchOf(projectId, branchName);
    const ep = [...em().state.detail(p).endpoints.values()].find((e) => e.branchId === b.id && e.type === 'read_write')!;
    return ep;
  };
  return { project, branch, branchOf, role, endpointHost };
}

/** Every password the emulator holds right now (all projects already materialized). */
export function allPasswords(em: Emulator): string[] {
  const out: string[] = [];
  for (const p of em.state.projects.values()) {
    if (!p.detail) continue;
    for (const b of p.detail.branches.values()) for (const r of b.roles.values()) if (r.password) out.push(r.password);
  }
  return out;
}

export async function revealPassword(em: Emulator, projectId: string, branchId: string, role: string): Promise<string> {
  const res = await fetch(`${em.url}/projects/${projectId}/branches/${branchId}/roles/${encodeURIComponent(role)}/reveal_password`, {
    headers: { authorization: `Bearer ${em.apiKey}`, accept: 'application/json' },
  });
  assert.strictEqual(res.status, 200, `reveal_password answered ${res.status}`);
  return ((await res.json()) as { password: string }).password;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  // Naming a .env target is the person's choice of where secrets may go (the canary scan's allow-list).
  if (key === 'envFile' && typeof value === 'string') userChose(value);
  await vscode.workspace.getConfiguration('neonExplorer').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Reads the clipboard through the workbench (vscode.env.clipboard, which code-server's browser
 * page and the desktop host both serve). A host that cannot read it fails the test: a clipboard
 * check never passes unchecked.
 */
export async function readClipboard(ms = 10_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the clipboard could not be read within ${ms} ms in this host`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.readText()), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Puts a marker on the clipboard, so a later read cannot pass on what an earlier test copied. */
export async function clearClipboard(): Promise<void> {
  await vscode.env.clipboard.writeText('(cleared by the test)');
}

export function useSecretScan(t: () => Testing, em: () => Emulator) {
  const shown: Shown[] = [];
  const passwords = new Set<string>();
  let last: Emulator | undefined;
  const collect = () => {
    last = em();
    allPasswords(last).forEach((p) => passwords.add(p));
  };
  beforeEach(() => {
    collect();
    t().prompt.reset();
  });
  afterEach(function () {
    collect();
    shown.push(...t().prompt.shown);
    const left = t().prompt.pending();
    t().prompt.reset();
    if (left && this.currentTest?.state === 'passed') throw new Error(`${left} scripted answers were not used`);
  });
  after(() => {
    if (last) allPasswords(last).forEach((p) => passwords.add(p));
    assert.ok(passwords.size >= 2, 'passwords were collected');
    const logText = t().logLines.join('\n');
    const shownText = JSON.stringify(shown);
    const hits = [...passwords].filter((p) => logText.includes(p) || shownText.includes(p) || logText.includes(encodeURIComponent(p)) || shownText.includes(encodeURIComponent(p)));
    assert.deepStrictEqual(hits.map((h) => `${h.slice(0, 2)}…`), [], 'no password in the log or in anything shown');
  });
  return { shown };
}

