// The code behind the rarely used commands, the consumption panel and the language-model tools:
// bundled into dist/rarelyUsed.js and loaded on first use (src/rarelyUsedLoader.ts). Only
// src/rarelyUsedLoader.ts may import this file.
import { branchLifecycleCommands } from './commands/branchLifecycle';
import { cleanupCommands } from './commands/cleanup';
import { consumptionCommands } from './commands/consumption';
import { databaseCommands } from './commands/databases';
import { guestCommands } from './commands/guests';
import { invitationCommands } from './commands/invitations';
import { orgApiKeyCommands } from './commands/orgApiKeys';
import type { CommandSpec } from './commands/registry';
import { roleCommands } from './commands/roles';
import { transferCommands } from './commands/transfer';

export { resetFromParent } from './commands/branchLifecycle';
export { closeConsumptionPanelsOfGone, restoreConsumptionPanel } from './commands/consumption';
export { createTools } from './lm/tools';

/** The commands whose ids src/commands/rarelyUsed.ts registers. */
export function commands(): CommandSpec[] {
  return [...roleCommands(), ...databaseCommands(), ...orgApiKeyCommands, ...guestCommands, ...invitationCommands, ...transferCommands, ...consumptionCommands(), ...branchLifecycleCommands(), ...cleanupCommands()];
}
