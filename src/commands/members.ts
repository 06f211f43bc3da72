// Organization members: change role (admin | member) and remove. The only admin can be neither
// removed nor demoted: that is checked against the member list BEFORE the API is asked, and a
// refusal Neon still sends (our list was stale: another admin left meanwhile) is said in the same words.
import type { MemberWithUser, NeonClient } from '../api';
import type { Services } from '../services';
import { isMemberRef, type MemberRef, type OrgRef, type OrgRole } from '../tree/refs';
import type { PickItem } from '../ui/prompt';
import { confirmDestructive } from './confirm';
import { Refusal } from './failure';
import { myMembership, notAdmin, requireAdmin } from './membership';
import { CommandIds } from './ids';
import { onlyAdminProblem } from './orgLogic';
import { PickCancelled, required, resolveOrg } from './pickers';
import { confirmAdmin, pickOrgRole } from './rarePickers';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

function toMemberRef(org: OrgRef, m: MemberWithUser): MemberRef {
  return { ...org, memberId: m.member.id, email: m.user.email, role: m.member.role === 'admin' ? 'admin' : 'member' };
}

/**
 * `adminOnly`: what only an admin may do to a member (checked before the members are listed).
 * `removal`: a member who is not an admin may only leave, so only their own row is offered.
 */
async function resolveMember(s: Services, arg: unknown, title: string, adminOnly?: string, removal = false): Promise<MemberRef> {
  if (isMemberRef(arg)) return arg;
  const org = await resolveOrg(s, arg, title, adminOnly ? { adminOnly } : {});
  if (adminOnly) await requireAdmin(s, org, adminOnly);
  const client = await s.clients.get(org.accountId);
  // Who cannot be removed (the only admin), with the sentence that says why: marked in the list, refused when picked.
  const cannot = new Map<string, string>();
  const items = client.listMembers(org.orgId).then(async (ms) => {
    const me = removal ? await myMembership(s, org, ms).catch(() => undefined) : undefined;
    const offered = me?.role === 'member' ? ms.filter((m) => m.member.id === me.memberId) : ms;
    return offered.map<PickItem<MemberRef>>((m) => {
      const problem = removal ? onlyAdminProblem(membersRows(ms), m.member.id, 'remove', org.orgName) : undefined;
      if (problem) cannot.set(m.member.id, problem);
      const role = problem ? l10n.t('only admin') : m.member.role;
      return {
        label: m.user.email,
        description: m.member.id === me?.memberId && !problem ? l10n.t('{0} · you: leave the organization', role) : role,
        value: toMemberRef(org, m),
      };
    });
  });
  const picked = required(await s.prompt.pick(items, { title: l10n.t('{0}: member of {1}', title, org.orgName), placeHolder: l10n.t('Choose a member') }), 'member').value;
  const problem = cannot.get(picked.memberId);
  if (problem) throw onlyAdmin(problem);
  return picked;
}

function membersRows(ms: MemberWithUser[]) {
  return ms.map((m) => ({ id: m.member.id, role: m.member.role, email: m.user.email }));
}

/** The only-admin sentence as a warning (not "Couldn't …"), closed with Neon's request id when Neon said it. */
function onlyAdmin(problem: string, requestId?: string): Refusal {
  return new Refusal(`${problem}.${requestId ? l10n.t(' (request id {0})', requestId) : ''}`);
}

/**
 * Sends a change to `member`. When Neon refuses it (4xx) and the members as they are now make them
 * the only admin (another admin left or was demoted after our list was read; Neon's answer names
 * no reason we could rely on), that is said as our own check says it, as a warning with the
 * request id, and the members row is read again so it shows them as the only admin.
 */
async function sendUnlessOnlyAdmin(s: Services, client: NeonClient, member: MemberRef, change: 'remove' | 'demote' | undefined, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (e) {
    // Duck-typed: this module is bundled apart from the client's error class (dist/rarelyUsed.js).
    const { status, requestId } = (e ?? {}) as { status?: unknown; requestId?: unknown };
    if (!change || typeof status !== 'number' || status < 400 || status >= 500 || status === 401 || status === 404 || status === 429) throw e;
    const now = await client.listMembers(member.orgId).catch(() => undefined);
    const problem = now && onlyAdminProblem(membersRows(now), member.memberId, change, member.orgName);
    if (!problem) throw e;
    s.tree.refresh({ accountId: member.accountId, orgId: member.orgId, part: 'members' });
    throw onlyAdmin(problem, typeof requestId === 'string' ? requestId : undefined);
  }
}

export async function changeMemberRole(s: Services, arg?: unknown): Promise<OrgRole | undefined> {
  const member = await resolveMember(s, arg, l10n.t('Change Member Role'), l10n.t('change members\' roles'));
  const client = await s.clients.get(member.accountId);
  const role = await pickOrgRole(s, l10n.t('New role for {0} in {1}', member.email, member.orgName), member.role);
  // Read the current list: the node may be stale, and the only-admin rule needs all admins.
  const members = await client.listMembers(member.orgId);
  const current = members.find((m) => m.member.id === member.memberId);
  if (!current) throw new Error(l10n.t('{0} is no longer a member of {1}. Refresh the view', member.email, member.orgName));
  if (current.member.role === role) {
    void s.prompt.message('info', l10n.t('{0} is already {1} of {2}.', member.email, role === 'admin' ? l10n.t('an admin') : l10n.t('a member'), member.orgName), {});
    return role;
  }
  let self = false;
  if (role !== 'admin') {
    const problem = onlyAdminProblem(membersRows(members), member.memberId, 'demote', member.orgName);
    if (problem) throw onlyAdmin(problem);
    self = (await myMembership(s, member, members))?.memberId === member.memberId;
    // Only another admin can undo it.
    if (self) {
      const button = l10n.t('Give Up Admin');
      const choice = await s.prompt.message(
        'warning',
        l10n.t('Give up your admin role in {0}?', member.orgName),
        { modal: true, detail: l10n.t('You will no longer be able to invite people, change roles, manage API keys or delete and transfer projects in {0}. Only another admin can make you an admin again.', member.orgName) },
        button,
      );
      if (choice !== button) throw new PickCancelled(l10n.t('role change'));
    }
  } else {
    await confirmAdmin(s, [member.email], member.orgName, l10n.t('Make {0} an admin of {1}?', member.email, member.orgName), l10n.t('Make Admin'));
  }
  await sendUnlessOnlyAdmin(s, client, member, role === 'admin' ? undefined : 'demote', () => client.updateMemberRole(member.orgId, member.memberId, role));
  // Your own role decides what the organization offers: the whole organization is read again.
  s.tree.refresh({ accountId: member.accountId, orgId: member.orgId, ...(self ? {} : { part: 'members' as const }) });
  void s.prompt.message('info', l10n.t('{0} is now {1} of {2}.', member.email, role === 'admin' ? l10n.t('an admin') : l10n.t('a member'), member.orgName), {});
  return role;
}

export async function removeMember(s: Services, arg?: unknown): Promise<boolean> {
  const member = await resolveMember(s, arg, l10n.t('Remove Member'), undefined, true);
  const account = s.accounts.get(member.accountId);
  if (account && account.kind !== 'personal') {
    throw new Error(l10n.t('Organization API keys cannot remove members. Use an account added with a personal API key of an organization admin'));
  }
  const client = await s.clients.get(member.accountId);
  const members = await client.listMembers(member.orgId);
  if (!members.some((m) => m.member.id === member.memberId)) throw new Error(l10n.t('{0} is no longer a member of {1}. Refresh the view', member.email, member.orgName));
  const me = await myMembership(s, member, members);
  const self = me?.memberId === member.memberId;
  // A member may leave, but only an admin may remove someone else.
  if (!self && me?.role === 'member') throw notAdmin(member.orgName, l10n.t('remove other members'));
  const problem = onlyAdminProblem(membersRows(members), member.memberId, 'remove', member.orgName);
  if (problem) throw onlyAdmin(problem);
  // Removing yourself is leaving: asked in those words, typing the organization's name.
  const ok = await confirmDestructive(
    s,
    self
      ? { verb: l10n.t('Leave'), question: l10n.t('Leave organization "{0}"?', member.orgName), name: member.orgName, detail: l10n.t('You will leave {0} and lose access to its projects.', member.orgName) }
      : { verb: l10n.t('Remove'), question: l10n.t('Remove member "{0}"?', member.email), name: member.email, anyCase: true, detail: l10n.t('{0} will lose access to every project of {1}.', member.email, member.orgName) },
  );
  if (!ok) return false;
  await sendUnlessOnlyAdmin(s, client, member, 'remove', () => client.removeMember(member.orgId, member.memberId));
  // Leaving an organization takes it off the account's list.
  s.tree.refresh(self ? { accountId: member.accountId } : { accountId: member.accountId, orgId: member.orgId, part: 'members' });
  void s.prompt.message('info', self ? l10n.t('You left {0}.', member.orgName) : l10n.t('{0} was removed from {1}.', member.email, member.orgName), {});
  return true;
}

export const memberCommands: CommandSpec[] = [
  { id: CommandIds.changeMemberRole, action: l10n.t('change the member\'s role'), run: changeMemberRole },
  { id: CommandIds.removeMember, action: l10n.t('remove the member'), run: removeMember },
];
