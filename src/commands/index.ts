import type { CommandSpec } from './registry';
import { accountCommands } from './accounts';
import { branchCommands } from './branches';
import { connectCommands } from './connect';
import { connectionCommands } from './connection';
import { databaseCommands } from './databases';
import { consumptionCommands } from './consumption';
import { roleCommands } from './roles';
import { treeCommands } from './treeCommands';
import { guestCommands } from './guests';
import { invitationCommands } from './invitations';
import { linkCommands } from './link';
import { branchLifecycleCommands } from './branchLifecycle';
import { cleanupCommands } from './cleanup';
import { memberCommands } from './members';
import { orgApiKeyCommands } from './orgApiKeys';
import { orgCommands } from './orgs';
import { projectCommands } from './projects';
import { transferCommands } from './transfer';

/** Every command of the extension, gathered from the feature modules. */
export function allCommands(): CommandSpec[] {
  return [
    // Accounts and the tree (issue 4)
    ...accountCommands,
    ...treeCommands,
    // Organizations and projects (issue 5)
    ...orgCommands,
    ...memberCommands,
    ...invitationCommands,
    ...orgApiKeyCommands,
    ...guestCommands,
    ...projectCommands,
    ...transferCommands,
    // Branches, roles, connections and .env (issues 5 and 6)
    ...branchCommands(),
    ...roleCommands(),
    ...connectionCommands(),
    // Consumption (issue 7)
    ...consumptionCommands(),
    // Connecting to a branch's Postgres; its databases (issue 14)
    ...connectCommands(),
    ...databaseCommands(),
    // A Neon branch per git branch (issue 15)
    ...linkCommands(),
    ...branchLifecycleCommands(),
    ...cleanupCommands(),
  ];
}
