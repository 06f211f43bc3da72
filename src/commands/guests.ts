// Guests: people a project is shared with (they see it under "Shared with me").
import * as vscode from 'vscode';
import type { NeonClient, ProjectPermission } from '../api';
import type { Services } from '../services';
import type { PickItem } from '../ui/prompt';
import { confirmDestructive } from './confirm';
import { createOrFind, findGrant } from './lostAnswer';
import { CommandIds } from './ids';
import { singleEmailProblem } from './orgLogic';
import { required, resolveProject } from './pickers';
import type { CommandSpec } from './registry';
import type { ProjectRef } from '../tree/refs';

/** The project's organization and its members' addresses (lower case). */
interface OrgMembers {
  orgName: string;
  emails: Set<string>;
}

/**
 * The name of the project's organization as the tree row already holds it (a project row sits
 * under its organization's row): no request for it. Undefined from the palette.
 */
function orgNameOnRow(arg: unknown, orgId: string): string | undefined {
  for (let n = (arg as { parent?: unknown } | undefined)?.parent; n && typeof n === 'object'; n = (n as { parent?: unknown }).parent) {
    const o = n as { orgId?: unknown; orgName?: unknown };
    if (o.orgId === orgId && typeof o.orgName === 'string') return o.orgName;
  }
  return undefined;
}

/**
 * Who reaches the project as a member of its organization: a share or a revoke changes nothing
 * for them (walk 32: sharing with a member said it "appears under Shared with me"). Undefined for
 * a project in no organization, and when either read fails: then nothing is said about membership.
 * The organization is read only for its name, and only when the row did not give it (`arg`).
 */
function orgMembersOf(client: NeonClient, project: ProjectRef, arg: unknown): Promise<OrgMembers | undefined> {
  if (!project.orgId) return Promise.resolve(undefined);
  const known = orgNameOnRow(arg, project.orgId);
  return Promise.all([client.listMembers(project.orgId), known ?? client.getOrganization(project.orgId).then((o) => o.name)]).then(
    ([members, orgName]) => ({ orgName, emails: new Set(members.map((m) => m.user.email.toLowerCase())) }),
    () => undefined,
  );
}

export async function shareProject(s: Services, arg?: unknown): Promise<ProjectPermission> {
  const project = await resolveProject(s, arg, vscode.l10n.t('Share Project with Guest'), { shared: false });
  const client = await s.clients.get(project.accountId);
  // Who has it already, read while the address is typed: said as you type, not as Neon's 409 after.
  // Unreadable, nobody is refused here; Neon still answers a second share with its own 409.
  const guests = client.listProjectPermissions(project.projectId).then(
    (perms) => new Set(perms.filter((p) => !p.revoked_at).map((p) => p.granted_to_email.toLowerCase())),
    () => new Set<string>(),
  );
  const members = orgMembersOf(client, project, arg);
  const email = required(
    await s.prompt.input({
      title: vscode.l10n.t('Share {0}', project.projectName),
      prompt: vscode.l10n.t('Email of the person to give access to this project (a guest: no access to the rest of the organization)'),
      placeHolder: 'guest@example.com',
      validateInput: async (v) =>
        singleEmailProblem(v) ?? ((await guests).has(v.trim().toLowerCase()) ? vscode.l10n.t('{0} is already shared with {1}', project.projectName, v.trim()) : undefined),
    }),
    'email',
  ).trim();
  const org = await members;
  const member = org?.emails.has(email.toLowerCase()) ? org : undefined;
  if (member) {
    // Asked, not refused: Neon accepts the share; Cancel (Escape) leaves everything as it was.
    const anyway = vscode.l10n.t('Share Anyway');
    const choice = await s.prompt.message(
      'warning',
      vscode.l10n.t('{0} is a member of {1} and already reaches {2}.', email, member.orgName, project.projectName),
      { modal: true, detail: vscode.l10n.t('Every member of {0} reaches all of its projects: sharing {1} with them adds nothing while they are a member. Share it anyway?', member.orgName, project.projectName) },
      anyway,
    );
    required(choice === anyway ? choice : undefined, 'share with a member');
  }
  let lostAnswer = false;
  // A share Neon made although its answer was lost is found among the project's guests.
  const perm = await createOrFind(
    () => client.grantProjectPermission(project.projectId, email),
    () => findGrant(client, project.projectId, email),
    (_made, lost) => {
      s.log.warn(`The answer to sharing ${project.projectId} was lost (${lost.message}); Neon made the share`);
      lostAnswer = true;
    },
  );
  s.tree.refresh({ accountId: project.accountId, projectId: project.projectId });
  const found = lostAnswer ? ` ${vscode.l10n.t('Neon\'s answer was lost on the way, so the share was found among the project\'s guests.')}` : '';
  // A button keeps the toast expanded, so the whole sentence shows (walk 19), and says what comes next.
  const showGuests = vscode.l10n.t('Show Project Guests…');
  const shared = member
    ? vscode.l10n.t('{0} is shared with {1}, who also reaches it as a member of {2}.', project.projectName, perm.granted_to_email, member.orgName)
    : vscode.l10n.t('{0} is shared with {1}. It appears under "Shared with me" in their account.', project.projectName, perm.granted_to_email);
  void s.prompt.message('info', shared + found, {}, showGuests).then(
    (choice) => (choice === showGuests ? vscode.commands.executeCommand(CommandIds.manageGuests, project) : undefined),
    () => undefined,
  );
  return perm;
}

export async function manageGuests(s: Services, arg?: unknown): Promise<'revoked' | 'none' | 'kept'> {
  const project = await resolveProject(s, arg, vscode.l10n.t('Show Project Guests'));
  const client = await s.clients.get(project.accountId);
  const members = orgMembersOf(client, project, arg);
  const perms = await client.listProjectPermissions(project.projectId);
  const active = perms.filter((p) => !p.revoked_at);
  if (active.length === 0) {
    // Not awaited: the command ends now; "Share…" runs the share command whenever it is clicked.
    void s.prompt.message('info', vscode.l10n.t('{0} is not shared with anyone.', project.projectName), {}, vscode.l10n.t('Share…')).then(
      (choice) => (choice === vscode.l10n.t('Share…') ? vscode.commands.executeCommand(CommandIds.shareProject, project) : undefined),
      () => undefined,
    );
    return 'none';
  }
  const items: PickItem<ProjectPermission>[] = active.map((p) => ({
    label: p.granted_to_email,
    description: p.granted_at ? vscode.l10n.t('since {0}', p.granted_at.slice(0, 10)) : undefined,
    value: p,
  }));
  const guest = required(await s.prompt.pick(items, { title: vscode.l10n.t('Guests of {0}', project.projectName), placeHolder: vscode.l10n.t('Choose a guest to revoke their access') }), 'guest').value;
  const org = await members;
  const member = org?.emails.has(guest.granted_to_email.toLowerCase()) ? org : undefined;
  const action = required(
    await s.prompt.pick(
      [
        // Keep first: it is the active item, so a stray Enter changes nothing (walk 32).
        { label: vscode.l10n.t('Keep'), value: 'keep' as const },
        {
          label: vscode.l10n.t('Revoke access'),
          detail: member
            ? vscode.l10n.t('{0} still reaches {1} as a member of {2}', guest.granted_to_email, project.projectName, member.orgName)
            : vscode.l10n.t('{0} will no longer see {1}', guest.granted_to_email, project.projectName),
          value: 'revoke' as const,
        },
      ],
      { title: guest.granted_to_email, placeHolder: vscode.l10n.t('Revoke the access of {0} to {1}?', guest.granted_to_email, project.projectName) },
    ),
    'action',
  ).value;
  if (action !== 'revoke') return 'kept';
  const ok = await confirmDestructive(s, {
    verb: vscode.l10n.t('Revoke'),
    question: vscode.l10n.t('Revoke access of guest "{0}"?', guest.granted_to_email),
    name: guest.granted_to_email,
    anyCase: true,
    detail: member ? vscode.l10n.t('As a member of {0}, they still reach {1}.', member.orgName, project.projectName) : vscode.l10n.t('They lose access to {0}.', project.projectName),
  });
  if (!ok) return 'kept';
  await client.revokeProjectPermission(project.projectId, guest.id);
  s.tree.refresh({ accountId: project.accountId, projectId: project.projectId });
  const done = member
    ? vscode.l10n.t('Guest access of {0} to {1} was removed. As a member of {2}, they still reach {1}.', guest.granted_to_email, project.projectName, member.orgName)
    : vscode.l10n.t('{0} no longer has access to {1}.', guest.granted_to_email, project.projectName);
  void s.prompt.message('info', done, {});
  return 'revoked';
}

export const guestCommands: CommandSpec[] = [
  { id: CommandIds.shareProject, action: vscode.l10n.t('share the project'), run: shareProject },
  { id: CommandIds.manageGuests, action: vscode.l10n.t('change guest access'), run: manageGuests },
];
