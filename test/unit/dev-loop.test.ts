// F5 (.vscode/launch.json + tasks.json): the tasks the configurations wait for exist, their
// background matchers match what the watch build and the emulator really print, and the demo
// configuration's key and URL are the ones the emulator task serves.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** JSON with comments (VS Code's jsonc): line comments outside strings removed. */
function readJsonc(file: string): any {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*/g, (_, str: string | undefined) => str ?? ''));
}

const launch = readJsonc('.vscode/launch.json');
const tasks = readJsonc('.vscode/tasks.json');
const task = (label: string) => tasks.tasks.find((t: { label: string }) => t.label === label);

/** Runs `cmd args` until `until` matches a line of its output (or 60 s), then stops it; returns the lines. */
function linesUntil(cmd: string, args: string[], until: RegExp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no line matching ${until} in 60 s:\n${lines.join('\n')}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      for (const l of chunk.toString().split(/\r?\n/)) {
        if (!l) continue;
        lines.push(l);
        if (until.test(l)) {
          clearTimeout(timer);
          child.kill();
          resolve(lines);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('F5: launch.json and tasks.json', function () {
  this.timeout(120_000);

  it('two configurations start the Extension Development Host, each after a task that exists', () => {
    const configs = launch.configurations as { name: string; type: string; args: string[]; preLaunchTask: string }[];
    assert.strictEqual(configs.length, 2);
    for (const c of configs) {
      assert.strictEqual(c.type, 'extensionHost');
      assert.ok(c.args.includes('--extensionDevelopmentPath=${workspaceFolder}'));
      assert.ok(task(c.preLaunchTask), `task ${c.preLaunchTask}`);
    }
    assert.strictEqual(configs[0]!.preLaunchTask, 'npm: watch');
    assert.deepStrictEqual(task('watch + emulator').dependsOn, ['npm: watch', 'emulator']);
  });

  it('the watch task is npm run watch, and its matcher sees the build start and finish as esbuild.js prints them', async () => {
    const watch = task('npm: watch');
    assert.strictEqual(watch.script, 'watch');
    assert.match(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.watch, /esbuild\.js --watch/);
    const { beginsPattern, endsPattern } = watch.problemMatcher.background;
    const lines = await linesUntil(process.execPath, ['esbuild.js', '--watch'], new RegExp(endsPattern));
    assert.ok(lines.some((l) => new RegExp(beginsPattern).test(l)), lines.join('\n'));
  });

  it('the demo configuration uses the key and the URL the emulator task serves', async () => {
    const demo = launch.configurations[1] as { env: Record<string, string> };
    const emulator = task('emulator');
    const command: string = emulator.command;
    const args = command.slice(command.indexOf('npm run emulator -- ') + 'npm run emulator -- '.length).split(/\s+/);
    const opt = (name: string) => args[args.indexOf(name) + 1]!;
    assert.strictEqual(demo.env.NEON_EXPLORER_DEMO_KEY, opt('--api-key'));
    const url = new URL(demo.env.NEON_EXPLORER_DEMO_BASE_URL!);
    assert.strictEqual(url.port, opt('--port'));
    // Run the same emulator command on a free port (4010 may be taken here).
    const port = await freePort();
    const run = args.map((a, i) => (args[i - 1] === '--port' ? String(port) : a));
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const lines = await linesUntil(tsx, [path.join(ROOT, 'emulator', 'cli.ts'), ...run], new RegExp(emulator.problemMatcher.background.endsPattern));
    const listening = lines.find((l) => l.startsWith('listening on '))!;
    assert.strictEqual(listening, `listening on http://127.0.0.1:${port}${url.pathname}`);
    assert.match(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.emulator, /emulator\/cli\.ts/);
  });
});
