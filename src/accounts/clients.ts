import type * as vscode from 'vscode';
import type { Log } from '../log';
import type { AccountStore, ClientPool } from '../services';

// Placeholder until the client pool lands.
export function createClientPool(_context: vscode.ExtensionContext, _accounts: AccountStore, _log: Log): ClientPool {
  return {
    get: async () => {
      throw new Error('No API client in this build');
    },
    drop: () => undefined,
  };
}
