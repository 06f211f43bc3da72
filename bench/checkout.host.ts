// Runs inside VS Code's extension host (bundled by bench/checkout.ts, loaded as the
// extensionTestsPath): links a git repository in the workspace to the emulator's project, then
// times `git checkout` → .env switched by the autopilot, for a new git branch (the Neon branch is
// created) and for mapped ones (back to main, back to the new branch). Clocks per checkout: the git
// command's start and end, the autopilot's outcome (it reads .git/HEAD as git rewrites it), and the
// moment VS Code's git extension reports the new HEAD (for context: what the autopilot waited for
// before). Writes them to NEON_BENCH_CHECKOUT_OUT.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NeonExplorerApi } from '../src/extension';
import type { SwitchOutcome } from '../src/git/autopilot';

const EXTENSION_ID = 'neon-explorer.neon-explorer';

export interface CheckoutSample {
  kind: 'new' | 'mapped';
  gitBranch: string;
  /** git checkout started (epoch ms). */
  gitAt: number;
  /** git checkout exited: HEAD rewritten (epoch ms). */
  gitDoneAt: number;
  /** VS Code's git extension reported the new HEAD (epoch ms). */
  headAt: number;
  /** The autopilot's outcome: .env written (epoch ms). */
  doneAt: number;
  created: boolean;
}

async function until<T>(what: string, fn: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function run(): Promise<void> {
  const out = process.env.NEON_BENCH_CHECKOUT_OUT!;
  const runs = Number(process.env.NEON_BENCH_CHECKOUT_RUNS ?? 3);
  const projectId = process.env.NEON_BENCH_PROJECT!;
  try {
    const ext = vscode.extensions.getExtension<NeonExplorerApi>(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
    await ext.activate();
    const t = ext.exports.testing;
    if (!t) throw new Error(`${EXTENSION_ID} exported no testing API (NEON_EXPLORER_TEST=1 missing?)`);
    const account = await until('the demo account', () => t.services.accounts.list()[0]);
    await vscode.workspace.getConfiguration('neonExplorer').update('git.autoBranch', 'always', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('git').update('enabled', true, vscode.ConfigurationTarget.Global);

    const dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'bench-app');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', ...args], { cwd: dir, stdio: 'ignore' });
    fs.mkdirSync(dir, { recursive: true });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, '.gitignore'), '.env\n.neon\n');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    fs.writeFileSync(path.join(dir, '.env'), '# app\nPORT=3000\nDATABASE_URL=\nDATABASE_URL_UNPOOLED=\n');
    const api = await until('the git extension', () => t.git.autopilot.gitApi, 30_000);
    const repo = await api.openRepository!(vscode.Uri.file(dir));
    await until('HEAD', () => t.git.autopilot.headOf(dir), 20_000);

    const outcomes: SwitchOutcome[] = [];
    t.git.autopilot.onDidSwitch((o) => outcomes.push(o));
    t.prompt.script({ pick: 'neondb_owner' });
    await vscode.commands.executeCommand('neonExplorer.linkFolder', { accountId: account.id, projectId, projectName: projectId }, dir);
    await until('the .env of main', () => /DATABASE_URL=postgres/.test(fs.readFileSync(path.join(dir, '.env'), 'utf8')) || undefined, 30_000);

    const samples: CheckoutSample[] = [];
    const checkout = async (kind: CheckoutSample['kind'], gitBranch: string, args: string[]) => {
      let headAt = 0;
      const sub = repo!.state.onDidChange(() => {
        if (!headAt && repo!.state.HEAD?.name === gitBranch) headAt = Date.now();
      });
      const from = outcomes.length;
      const gitAt = Date.now();
      git('checkout', '-q', ...args);
      const gitDoneAt = Date.now();
      const o = await until(`the switch to ${gitBranch}`, () => outcomes.slice(from).find((x) => x.gitBranch === gitBranch));
      const doneAt = Date.now();
      if (!o.result) throw new Error(`the switch to ${gitBranch} failed: ${o.error ?? o.skipped ?? JSON.stringify(o)}`);
      // The git extension's report (the context row), and its post-checkout refreshes, before the next checkout.
      await until(`the git extension's report of ${gitBranch}`, () => headAt || undefined, 30_000);
      sub.dispose();
      samples.push({ kind, gitBranch, gitAt, gitDoneAt, headAt, doneAt, created: o.result.created });
      await new Promise((r) => setTimeout(r, 300));
    };
    // A warm-up round, then the measured ones.
    for (let i = 0; i <= runs; i++) {
      const g = `feature/bench-${i}`;
      await checkout('new', g, ['-b', g]);
      await checkout('mapped', 'main', ['main']);
      await checkout('mapped', g, [g]);
      await checkout('mapped', 'main', ['main']);
    }
    fs.writeFileSync(out, JSON.stringify({ samples }));
    console.log('1 passed, 0 failed');
  } catch (e) {
    console.log(`checkout bench failed: ${e instanceof Error ? e.stack : String(e)}`);
    console.log('0 passed, 1 failed');
    throw e;
  }
}
