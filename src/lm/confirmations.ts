// What VS Code asks the person before a tool writes (shown in the chat by prepareInvocation).
import * as vscode from 'vscode';
import type { CreateBranchInput, SaveConnectionInput } from './names';

export function createBranchConfirmation(input: CreateBranchInput): vscode.PreparedToolInvocation {
  const { projectId, name, parentBranchId } = input;
  return {
    invocationMessage: vscode.l10n.t('Creating Neon branch {0}…', name),
    confirmationMessages: {
      title: vscode.l10n.t('Create a Neon branch?'),
      message: new vscode.MarkdownString(
        vscode.l10n.t('Create branch `{0}` in Neon project `{1}`, from {2}? It starts as a copy of its parent\'s data.', name, projectId, parentBranchId ? `branch \`${parentBranchId}\`` : vscode.l10n.t('its default branch')),
      ),
    },
  };
}

export function saveConnectionConfirmation(input: SaveConnectionInput): vscode.PreparedToolInvocation {
  const { projectId, branchId, roleName } = input;
  return {
    invocationMessage: vscode.l10n.t('Saving the connection to .env…'),
    confirmationMessages: {
      title: vscode.l10n.t('Write a connection string to .env?'),
      message: new vscode.MarkdownString(
        `Neon Explorer writes DATABASE_URL and DATABASE_URL_UNPOOLED for ${roleName ? `role \`${roleName}\`` : vscode.l10n.t('a role you choose')} on ${branchId ? `branch \`${branchId}\`` : vscode.l10n.t('the default branch')} of Neon project \`${projectId}\` into this folder's .env (merged; other lines are kept). The connection string is not shown in the chat.`,
      ),
    },
  };
}
