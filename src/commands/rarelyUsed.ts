// The rarely used commands: registered at activation like every other (ids here), while their
// specs and handlers are in dist/rarelyUsed.js, loaded when one of them first runs.
import * as vscode from 'vscode';
import { rarelyUsed } from '../rarelyUsedLoader';
import { CommandIds, type CommandId } from './ids';
import type { CommandSpec } from './registry';

export const RARELY_USED_COMMANDS: readonly CommandId[] = [
  CommandIds.addAccount,
  CommandIds.renameAccount,
  CommandIds.updateAccountKey,
  CommandIds.removeAccount,
  CommandIds.createProject,
  CommandIds.renameProject,
  CommandIds.deleteProject,
  CommandIds.createBranch,
  CommandIds.deleteBranch,
  CommandIds.changeMemberRole,
  CommandIds.removeMember,
  CommandIds.createRole,
  CommandIds.resetRolePassword,
  CommandIds.revealRolePassword,
  CommandIds.deleteRole,
  CommandIds.createDatabase,
  CommandIds.deleteDatabase,
  CommandIds.renameDatabase,
  CommandIds.changeDatabaseOwner,
  CommandIds.createOrgApiKey,
  CommandIds.revokeOrgApiKey,
  CommandIds.shareProject,
  CommandIds.manageGuests,
  CommandIds.inviteMembers,
  CommandIds.transferProject,
  CommandIds.transferProjectsHere,
  CommandIds.showConsumption,
  CommandIds.resetBranchFromParent,
  CommandIds.restoreToPointInTime,
  CommandIds.setBranchExpiration,
  CommandIds.renameBranch,
  CommandIds.setDefaultBranch,
  CommandIds.compareSchemaWithParent,
  CommandIds.compareSchemaWithBranch,
  CommandIds.cleanUpBranches,
  CommandIds.testConnection,
  CommandIds.openPsql,
  CommandIds.linkFolder,
  CommandIds.unlinkFolder,
  CommandIds.gitStatusMenu,
  CommandIds.switchEnvBranch,
  CommandIds.followGitBranch,
  CommandIds.copyEnvUrl,
  CommandIds.saveConnectionToEnv,
  CommandIds.copyConnectionString,
  CommandIds.renameFocused,
  CommandIds.deleteFocused,
  CommandIds.showOrgDetails,
  CommandIds.copyId,
  CommandIds.openInConsole,
  CommandIds.copyEmail,
  CommandIds.copyName,
  CommandIds.manageInvitation,
  CommandIds.viewLinkFolder,
  CommandIds.viewShowConsumption,
  CommandIds.viewCleanUpBranches,
];

function loadSpec(id: CommandId): CommandSpec {
  const spec = rarelyUsed().commands().find((c) => c.id === id);
  if (!spec) throw new Error(vscode.l10n.t("The command {0} is missing from the extension's files: reinstall Neon Explorer.", id));
  return spec;
}

export function rarelyUsedCommands(): CommandSpec[] {
  return RARELY_USED_COMMANDS.map((id) => ({
    id,
    // Read by the registry after a failure: by then the command has run, so its spec is loaded.
    get action() {
      return loadSpec(id).action;
    },
    run: (s, ...args) => loadSpec(id).run(s, ...args),
  }));
}
