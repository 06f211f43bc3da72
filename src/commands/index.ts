import type { CommandSpec } from './registry';
import { treeCommands } from './treeCommands';
import { helpCommands } from './help';
import { rarelyUsedCommands } from './rarelyUsed';

/** Every command of the extension, gathered from the feature modules. */
export function allCommands(): CommandSpec[] {
  return [
    // The tree (issue 4); the account commands (add, rename, update key, remove) are among the rarely used below
    ...treeCommands,
    ...helpCommands,
    // Creating, renaming and deleting projects and branches, members, roles, databases, transfers,
    // invitations, org API keys, guests, organization details, Copy ID/Name/Email, Open in Neon Console, consumption, connection strings and .env, branch lifecycle, clean-up, connecting to a
    // branch's Postgres (issue 14), a Neon branch per git branch (issue 15): their code is loaded
    // on first use (none is needed to show the tree)
    ...rarelyUsedCommands(),
  ];
}
