// What VS Code asks the person before a tool writes (shown in the chat by prepareInvocation).
import * as vscode from 'vscode';
import type { CreateBranchInput, SaveConnectionInput } from './names';

export function createBranchConfirmation(input: CreateBranchInput): vscode.PreparedToolInvocation {
  const { projectId, name, parentBranchId } = input;
  return {
    invocationMessage: `Creating Neon branch ${name}…`,
    confirmationMessages: {
      title: 'Create a Neon branch?',
      message: new vscode.MarkdownString(
        `Create branch \`${name}\` in Neon project \`${projectId}\`, from ${parentBranchId ? `branch \`${parentBranchId}\`` : 'its default branch'}? It starts as a copy of its parent's data.`,
      ),
    },
  };
}

export function saveConnectionConfirmation(input: SaveConnectionInput): vscode.PreparedToolInvocation {
  const { projectId, branchId, roleName } = input;
  return {
    invocationMessage: 'Saving the connection to .env…',
    confirmationMessages: {
      title: 'Write a connection string to .env?',
      message: new vscode.MarkdownString(
        `Neon Explorer writes DATABASE_URL and DATABASE_URL_UNPOOLED for ${roleName ? `role \`${roleName}\`` : 'a role you choose'} on ${branchId ? `branch \`${branchId}\`` : 'the default branch'} of Neon project \`${projectId}\` into this folder's .env (merged; other lines are kept). The connection string is not shown in the chat.`,
      ),
    },
  };
}
