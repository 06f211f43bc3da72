// The code behind the rarely used commands, the consumption panel, the language-model tools and
// the switch of a .env on checkout: bundled into dist/rarelyUsed.js and loaded on first use
// (src/rarelyUsedLoader.ts). Only src/rarelyUsedLoader.ts may import this file.
import { accountCommands } from './commands/accounts';
import { branchLifecycleCommands } from './commands/branchLifecycle';
import { branchCommands } from './commands/branches';
import { cleanupCommands } from './commands/cleanup';
import { connectCommands } from './commands/connect';
import { connectionCommands } from './commands/connection';
import { consumptionCommands } from './commands/consumption';
import { focusedRowCommands } from './commands/focusedRow';
import { databaseCommands } from './commands/databases';
import { guestCommands } from './commands/guests';
import { invitationCommands } from './commands/invitations';
import { linkCommands } from './commands/link';
import { saveConnectionCommands } from './commands/saveConnection';
import { memberCommands } from './commands/members';
import { orgApiKeyCommands } from './commands/orgApiKeys';
import { orgCommands } from './commands/orgs';
import { projectCommands } from './commands/projects';
import type { CommandSpec } from './commands/registry';
import { roleCommands } from './commands/roles';
import { schemaDiffCommands } from './commands/schemaDiff';
import { transferCommands } from './commands/transfer';

export { closeConsumptionPanelsOfGone, restoreConsumptionPanel } from './commands/consumption';
export { createTools } from './lm/tools';
// The git autopilot's checkout work: the autopilot itself follows HEAD from dist/extension.js.
export { listedDefaultBranchName, plannedCheckout, saySwitched, switchEnv, SwitchError } from './git/switchEnv';
// A failure that finds a branch gone marks the links that point at it (src/commands/registry.ts).
export { afterBranchesDeleted } from './git/branchDeleted';
// A schema diff tab restored after a reload reads its side again (src/schemaDiff/documents.ts).
export { readSchemaSide } from './commands/schemaDiff';
// Checking a connection just saved to .env (src/commands/connection.ts).
export { verifyEnvConnection } from './commands/envVerify';
export { sayLateAnswer } from './git/lateAnswer';
// A connection saved into a linked folder's .env moves its status bar (src/commands/connection.ts).
export { recordSavedConnection } from './git/savedConnection';

/** The commands whose ids src/commands/rarelyUsed.ts registers. */
export function commands(): CommandSpec[] {
  return [
    ...accountCommands,
    ...projectCommands,
    ...branchCommands(),
    ...memberCommands,
    ...roleCommands(),
    ...databaseCommands(),
    ...orgApiKeyCommands,
    ...orgCommands,
    ...guestCommands,
    ...invitationCommands,
    ...transferCommands,
    ...consumptionCommands(),
    ...branchLifecycleCommands(),
    ...cleanupCommands(),
    ...connectCommands(),
    ...connectionCommands(),
    ...linkCommands(),
    ...saveConnectionCommands,
    ...schemaDiffCommands(),
    ...focusedRowCommands,
  ];
}
