// The suite-wide canary (see test/launcher/secrets-scan.js): every API key and password the test
// emulators issue contains it, and after the run no file but a chosen .env target may hold it.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** This run's canary; '' when the suite runs without a launcher that sets one. */
export const CANARY = process.env.NEON_TEST_CANARY ?? '';

/**
 * Records that the person chose `file` as a place for secrets (the .env target), so the on-disk
 * scan after the run does not count the canary found there as a leak.
 */
export function userChose(file: string): void {
  const ws = process.env.NEON_TEST_WORKSPACE;
  if (!ws) return;
  fs.appendFileSync(path.join(path.dirname(ws), 'chosen-files.txt'), `${path.resolve(ws, file)}\n`);
}

/** Where `text` holds the canary: the surrounding 40 characters, with the canary masked. */
export function canaryHits(text: string): string[] {
  if (!CANARY) return [];
  const hits: string[] = [];
  for (let i = text.indexOf(CANARY); i !== -1; i = text.indexOf(CANARY, i + 1)) {
    hits.push(text.slice(Math.max(0, i - 40), i + CANARY.length + 40).split(CANARY).join('<canary>'));
  }
  return hits;
}

/** What a terminal was opened with: name and command line (searched for secrets), and whether its environment held the canary. */
export interface OpenedTerminal {
  name: string;
  commandLine: string;
  envHoldsCanary: boolean;
}

const seen = globalThis as { __neonTerminals?: OpenedTerminal[] };

/**
 * Records every terminal opened in this host from now on (the runner calls it first), so the
 * secrets scan sees terminals that were closed since, or whose process ended.
 */
export function watchTerminals(): void {
  if (seen.__neonTerminals) return;
  const list: OpenedTerminal[] = (seen.__neonTerminals = []);
  vscode.window.onDidOpenTerminal((term) => {
    const o = term.creationOptions as vscode.TerminalOptions;
    list.push({ name: term.name, commandLine: JSON.stringify([o.name, o.shellPath, o.shellArgs]), envHoldsCanary: !!CANARY && Object.values(o.env ?? {}).some((v) => typeof v === 'string' && v.includes(CANARY)) });
  });
}

export function openedTerminals(): readonly OpenedTerminal[] {
  return seen.__neonTerminals ?? [];
}
