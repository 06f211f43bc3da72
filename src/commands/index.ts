import type { CommandSpec } from './registry';
import { accountCommands } from './accounts';
import { branchCommands } from './branches';
import { connectCommands } from './connect';
import { connectionCommands } from './connection';
import { treeCommands } from './treeCommands';
import { linkCommands } from './link';
import { memberCommands } from './members';
import { orgCommands } from './orgs';
import { projectCommands } from './projects';
import { rarelyUsedCommands } from './rarelyUsed';

/** Every command of the extension, gathered from the feature modules. */
export function allCommands(): CommandSpec[] {
  return [
    // Accounts and the tree (issue 4)
    ...accountCommands,
    ...treeCommands,
    // Organizations and projects (issue 5)
    ...orgCommands,
    ...memberCommands,
    ...projectCommands,
    // Branches, connections and .env (issues 5 and 6)
    ...branchCommands(),
    ...connectionCommands(),
    // Connecting to a branch's Postgres (issue 14)
    ...connectCommands(),
    // A Neon branch per git branch (issue 15)
    ...linkCommands(),
    // Roles, databases, transfers, invitations, org API keys, guests, consumption, branch
    // lifecycle, clean-up: their code is loaded on first use
    ...rarelyUsedCommands(),
  ];
}
