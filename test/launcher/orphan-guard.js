'use strict';
// node orphan-guard.js <parentPid> <command> [args…]
// Runs the command in this process group and ends the whole group when the parent (the
// launcher) goes away without cleaning up (killed with SIGKILL, say), so no code-server, extension
// host or pty host outlives a test run.

const { spawn } = require('node:child_process');

const [parentArg, cmd, ...args] = process.argv.slice(2);
const parent = Number(parentArg);
const child = spawn(cmd, args, { stdio: 'inherit' });

function killGroup(signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {
    child.kill(signal);
  }
}

const timer = setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    clearInterval(timer);
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 3000).unref();
  }
}, 1000);

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(sig, () => {
    child.kill(sig);
  });
}
child.on('exit', (code, signal) => {
  clearInterval(timer);
  process.exit(code ?? (signal ? 1 : 0));
});
