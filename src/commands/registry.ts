import * as vscode from 'vscode';
import type { Services } from '../services';
import { isAccountRef } from '../tree/refs';
import { describeFailure } from './failure';
import { CommandIds, type CommandId } from './ids';

/** A command's handler: it gets the services and whatever VS Code passed (the clicked node, or nothing from the palette). */
export type CommandHandler = (s: Services, ...args: unknown[]) => unknown;

export interface CommandSpec {
  readonly id: CommandId;
  /** Completes "Couldn't …" in a failure sentence, e.g. "delete the project". */
  readonly action: string;
  readonly run: CommandHandler;
}

/**
 * The one seam every command goes through: it logs start and end, turns any failure into a
 * sentence with the request id and the buttons that help (Retry, Update Key, Show Log), marks an
 * account whose key was rejected, and never lets a rejection escape unhandled.
 */
export function registerCommands(s: Services, specs: readonly CommandSpec[]): vscode.Disposable[] {
  const seen = new Set<string>();
  return specs.map((spec) => {
    if (seen.has(spec.id)) throw new Error(`Command ${spec.id} is registered twice`);
    seen.add(spec.id);
    const invoke = async (...args: unknown[]): Promise<unknown> => {
      const started = Date.now();
      s.log.info(`▶ ${spec.id}`);
      try {
        const result = await spec.run(s, ...args);
        s.log.info(`✓ ${spec.id} (${Date.now() - started} ms)`);
        return result;
      } catch (err) {
        const failure = describeFailure(spec.action, err);
        if (failure.cancelled) {
          s.log.info(`✗ ${spec.id} cancelled (${Date.now() - started} ms)`);
          return undefined;
        }
        s.log.error(`${spec.id} failed: ${failure.message}`);
        const accountId = isAccountRef(args[0]) ? args[0].accountId : undefined;
        if (failure.authRejected && accountId) await s.accounts.markRejected(accountId, true).catch(() => undefined);
        const buttons = [
          ...(failure.retryable ? ['Retry'] : []),
          ...(failure.authRejected && accountId ? ['Update Key'] : []),
          'Show Log',
        ];
        // Not awaited: the command settles now; the buttons act whenever the user clicks.
        void s.prompt.message('error', failure.message, {}, ...buttons).then(
          (choice) => {
            if (choice === 'Retry') return vscode.commands.executeCommand(spec.id, ...args);
            if (choice === 'Update Key') return vscode.commands.executeCommand(CommandIds.updateAccountKey, { accountId });
            if (choice === 'Show Log') s.log.show();
            return undefined;
          },
          () => undefined,
        );
        return undefined;
      }
    };
    return vscode.commands.registerCommand(spec.id, invoke);
  });
}
