// Guests: people a project is shared with (they see it under "Shared with me").
import * as vscode from 'vscode';
import type { ProjectPermission } from '../api';
import type { Services } from '../services';
import type { PickItem } from '../ui/prompt';
import { confirmDestructive } from './confirm';
import { CommandIds } from './ids';
import { singleEmailProblem } from './orgLogic';
import { required, resolveProject } from './pickers';
import type { CommandSpec } from './registry';

export async function shareProject(s: Services, arg?: unknown): Promise<ProjectPermission> {
  const project = await resolveProject(s, arg, 'Share project');
  const email = required(
    await s.prompt.input({
      title: `Share ${project.projectName}`,
      prompt: 'Email of the person to give access to this project (a guest: no access to the rest of the organization)',
      placeHolder: 'guest@example.com',
      validateInput: singleEmailProblem,
    }),
    'email',
  ).trim();
  const client = await s.clients.get(project.accountId);
  const perm = await client.grantProjectPermission(project.projectId, email);
  s.tree.refresh({ accountId: project.accountId, projectId: project.projectId });
  void s.prompt.message('info', `${project.projectName} is shared with ${perm.granted_to_email}. It appears under "Shared with me" in their account.`, {});
  return perm;
}

export async function manageGuests(s: Services, arg?: unknown): Promise<'revoked' | 'none' | 'kept'> {
  const project = await resolveProject(s, arg, 'Manage guests');
  const client = await s.clients.get(project.accountId);
  const perms = await client.listProjectPermissions(project.projectId);
  const active = perms.filter((p) => !p.revoked_at);
  if (active.length === 0) {
    // Not awaited: the command ends now; "Share…" runs the share command whenever it is clicked.
    void s.prompt.message('info', `${project.projectName} is not shared with anyone.`, {}, 'Share…').then(
      (choice) => (choice === 'Share…' ? vscode.commands.executeCommand(CommandIds.shareProject, project) : undefined),
      () => undefined,
    );
    return 'none';
  }
  const items: PickItem<ProjectPermission>[] = active.map((p) => ({
    label: p.granted_to_email,
    description: p.granted_at ? `since ${p.granted_at.slice(0, 10)}` : undefined,
    value: p,
  }));
  const guest = required(await s.prompt.pick(items, { title: `Guests of ${project.projectName}`, placeHolder: 'Choose a guest' }), 'guest').value;
  const action = required(
    await s.prompt.pick(
      [
        { label: 'Revoke access', detail: `${guest.granted_to_email} will no longer see ${project.projectName}`, value: 'revoke' as const },
        { label: 'Keep', value: 'keep' as const },
      ],
      { title: guest.granted_to_email },
    ),
    'action',
  ).value;
  if (action !== 'revoke') return 'kept';
  const ok = await confirmDestructive(s, { verb: 'Revoke', what: 'access of guest', name: guest.granted_to_email, detail: `They lose access to ${project.projectName}.` });
  if (!ok) return 'kept';
  await client.revokeProjectPermission(project.projectId, guest.id);
  s.tree.refresh({ accountId: project.accountId, projectId: project.projectId });
  void s.prompt.message('info', `${guest.granted_to_email} no longer has access to ${project.projectName}.`, {});
  return 'revoked';
}

export const guestCommands: CommandSpec[] = [
  { id: CommandIds.shareProject, action: 'share the project', run: shareProject },
  { id: CommandIds.manageGuests, action: 'change guest access', run: manageGuests },
];
