import * as vscode from 'vscode';
import { redact } from './util/redact';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * The extension's one log, a LogOutputChannel "Neon Explorer". Every line passes through
 * `redact` so no key or password lands in it. The last lines are kept in memory so that the
 * integration suite can search everything that was logged for its canary secrets.
 */
export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly recent: string[] = [];

  constructor(channel?: vscode.LogOutputChannel) {
    this.channel = channel ?? vscode.window.createOutputChannel('Neon Explorer', { log: true });
  }

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
    this.recent.push(`${level} ${line}`);
    if (this.recent.length > 5000) this.recent.splice(0, 1000);
    this.channel[level](line);
  }
}
