import type * as vscode from 'vscode';
import { redact } from './util/redact';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Receives every line after redaction, as `<level> <text>` (the test seam keeps them). */
export type LogSink = (line: string) => void;

/**
 * The extension's one log, a LogOutputChannel "Neon Explorer". Every line passes through
 * `redact` so no key or password lands in it.
 *
 * The channel is made on first need, not in activate(): making it sends the window work (a
 * logger and its file) that held back its first ask for the tree's rows by ~20 ms in
 * bench/activation.ts. extension.ts opens it once the window has started (a second later),
 * and a warning, an error or Show Log opens it at once. Lines written before go to it then, in
 * order (their time stamps are the channel's, up to that second later); none are kept after.
 */
export class Log implements vscode.Disposable {
  private made: vscode.LogOutputChannel | undefined;
  private early: { level: Level; line: string }[] | undefined = [];
  private disposed = false;

  constructor(
    private readonly make: () => vscode.LogOutputChannel,
    private readonly sink?: LogSink,
  ) {}

  trace(message: string): void { this.write('trace', message); }
  debug(message: string): void { this.write('debug', message); }
  info(message: string): void { this.write('info', message); }
  warn(message: string): void { this.write('warn', message); }
  error(message: string | Error): void {
    this.write('error', message instanceof Error ? `${message.name}: ${message.message}` : message);
  }

  show(): void { this.open()?.show(true); }

  /** The channel, made now if it was not yet, with the lines written before it. */
  open(): vscode.LogOutputChannel | undefined {
    if (!this.made && !this.disposed) {
      this.made = this.make();
      const early = this.early ?? [];
      this.early = undefined;
      for (const { level, line } of early) this.made[level](line);
    }
    return this.made;
  }

  dispose(): void {
    this.disposed = true;
    this.made?.dispose();
    this.early = undefined;
  }

  private write(level: Level, message: string): void {
    const line = redact(message);
    this.sink?.(`${level} ${line}`);
    // Until the channel is made, trace/debug/info wait for it; a warning or an error makes it.
    if (!this.made && level !== 'warn' && level !== 'error') this.early?.push({ level, line });
    else this.open()?.[level](line);
  }
}
