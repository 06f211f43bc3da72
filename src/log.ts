import type * as vscode from 'vscode';
import { redact } from './util/redact';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Receives every line after redaction, as `<level> <text>` (the test seam keeps them). */
export type LogSink = (line: string) => void;

/**
 * The extension's one log, a LogOutputChannel "Neon Explorer". Every line passes through
 * `redact` so no key or password lands in it.
 */
export class Log implements vscode.Disposable {
  constructor(
    readonly channel: vscode.LogOutputChannel,
    private readonly sink?: LogSink,
  ) {}

  trace(message: string): void { this.write('trace', message); }
  debug(message: string): void { this.write('debug', message); }
  info(message: string): void { this.write('info', message); }
  warn(message: string): void { this.write('warn', message); }
  error(message: string | Error): void {
    this.write('error', message instanceof Error ? `${message.name}: ${message.message}` : message);
  }

  show(): void { this.channel.show(true); }

  dispose(): void { this.channel.dispose(); }

  private write(level: Level, message: string): void {
    const line = redact(message);
    this.sink?.(`${level} ${line}`);
    this.channel[level](line);
  }
}
