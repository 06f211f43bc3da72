// Work that activation starts but nobody waits for (following git, the Neon status bar, sweeping
// what a stopped write left, readying VS Code's fetch) runs a second after activate(), not at once.
// While the window is starting, each of them held back its first asks for tree rows: in
// bench/activation.ts a returning account's level was asked for ~20 ms later with them started at
// once, and ~50 ms later while a fetch was getting the proxy and certificates from the window.
import type * as vscode from 'vscode';

export const AFTER_WINDOW_START_MS = 1000;

/** Runs `work` once the window has had time to start; disposing first cancels it. */
export function afterWindowStart(work: () => void): vscode.Disposable {
  const timer = setTimeout(work, AFTER_WINDOW_START_MS);
  return { dispose: () => clearTimeout(timer) };
}

/**
 * Runs `work` on the next turn of the event loop (setImmediate), once activate() has returned:
 * what activation sets up but no command, view or request can reach before the window has heard
 * that activation ended. Disposing first cancels it.
 */
export function afterActivate(work: () => void): vscode.Disposable {
  const handle = setImmediate(work);
  return { dispose: () => clearImmediate(handle) };
}
