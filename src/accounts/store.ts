import * as vscode from 'vscode';
import type { Log } from '../log';
import type { Account, AccountStore } from '../services';

// Placeholder until the accounts store lands: lists nothing, stores nothing.
export function createAccountStore(_context: vscode.ExtensionContext, _log: Log): AccountStore {
  const changed = new vscode.EventEmitter<void>();
  const refuse = async (): Promise<never> => {
    throw new Error('Accounts are not available in this build');
  };
  return {
    list: (): readonly Account[] => [],
    get: () => undefined,
    add: refuse,
    rename: refuse,
    updateKey: refuse,
    remove: refuse,
    markRejected: async () => undefined,
    onDidChange: changed.event,
  };
}
