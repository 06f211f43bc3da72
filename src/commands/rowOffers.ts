// Which Rename…/Delete… a row's context menu offers, by its contextValue: what F2 and Delete run
// (./focusedRow.ts). No vscode import: the unit test compares it with package.json's menus.
import { CommandIds, type CommandId } from './ids';

export type RowAction = 'rename' | 'delete';

interface Offer {
  readonly command: CommandId;
  /** The row's flags (its contextValue after the kind) for which its menu offers the command. */
  readonly when?: (flags: ReadonlySet<string>) => boolean;
}

/**
 * By row kind (the first part of its contextValue), the command its context menu offers and the
 * same conditions as the menu's `when` (test/unit/focused-row.test.ts holds the two equal).
 */
const OFFERS: Record<RowAction, Readonly<Record<string, Offer>>> = {
  rename: {
    account: { command: CommandIds.renameAccount },
    project: { command: CommandIds.renameProject, when: (f) => !f.has('shared') },
    branch: { command: CommandIds.renameBranch },
    database: { command: CommandIds.renameDatabase },
  },
  delete: {
    account: { command: CommandIds.removeAccount },
    project: { command: CommandIds.deleteProject, when: (f) => f.has('admin') },
    branch: { command: CommandIds.deleteBranch, when: (f) => !f.has('default') && !f.has('protected') && !f.has('parent') },
    role: { command: CommandIds.deleteRole, when: (f) => !f.has('protected') && !f.has('owner') },
    database: { command: CommandIds.deleteDatabase },
    member: { command: CommandIds.removeMember, when: (f) => f.has('manage') || f.has('self') },
    orgApiKey: { command: CommandIds.revokeOrgApiKey },
  },
};

/** The command a row's context menu offers for `action`, given the row's contextValue; undefined when none. */
export function offeredCommand(action: RowAction, contextValue: string | undefined): CommandId | undefined {
  const [kind = '', ...flags] = (contextValue ?? '').split(';');
  const offer = OFFERS[action][kind];
  return offer && (!offer.when || offer.when(new Set(flags))) ? offer.command : undefined;
}
