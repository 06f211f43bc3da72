// The signed-in user and their membership in an org: the org commands ask it at first use and the
// member and transfer commands (dist/rarelyUsed.js) share the same per-session cache.
import type { MemberWithUser } from '../api';
import type { Services } from '../services';
import type { OrgRef, OrgRole } from '../tree/refs';
import * as l10n from '@vscode/l10n';
import { Refusal } from './failure';

/** The personal key's user id, per account (asked once per session). */
const userIds = new Map<string, Promise<{ id: string; email: string } | undefined>>();

export async function currentUser(s: Services, accountId: string): Promise<{ id: string; email: string } | undefined> {
  const account = s.accounts.get(accountId);
  if (!account || account.kind !== 'personal') return undefined;
  let p = userIds.get(accountId);
  if (!p) {
    p = s.clients
      .get(accountId)
      .then((c) => c.getCurrentUser())
      .then((u) => ({ id: u.id, email: u.email }));
    p.catch(() => userIds.delete(accountId));
    userIds.set(accountId, p);
  }
  return p;
}

/** The account's own membership in an org (personal keys), from the member list. */
export async function myMembership(s: Services, org: OrgRef, members?: MemberWithUser[]): Promise<{ role: OrgRole; memberId: string } | undefined> {
  const me = await currentUser(s, org.accountId);
  if (!me) return undefined;
  const list = members ?? (await (await s.clients.get(org.accountId)).listMembers(org.orgId));
  const mine = list.find((m) => m.member.user_id === me.id || m.user.email.toLowerCase() === me.email.toLowerCase());
  return mine ? { role: mine.member.role === 'admin' ? 'admin' : 'member', memberId: mine.member.id } : undefined;
}

/**
 * Admin-only commands run from the palette (the tree offers them only where you are an admin):
 * refused before anything is asked when a personal key's user is a member of the org, naming the
 * role as the cause, not the key. Org keys and unknown roles go on (Neon decides, and its 403 is
 * explained then). Returns the member list when it was read, for the caller to reuse.
 */
export async function requireAdmin(s: Services, org: OrgRef, doing: string): Promise<MemberWithUser[] | undefined> {
  if (org.myRole === 'admin' || s.accounts.get(org.accountId)?.kind !== 'personal') return undefined;
  let members: MemberWithUser[] | undefined;
  let role: OrgRole | undefined = org.myRole;
  if (!role) {
    members = await (await s.clients.get(org.accountId)).listMembers(org.orgId).catch(() => undefined);
    role = members && (await myMembership(s, org, members).catch(() => undefined))?.role;
    // The tree had not read it (the org was not expanded): its menus now follow it.
    if (role) s.tree.roleLearned?.(org, role);
  }
  if (role === 'member') throw notAdmin(org.orgName, doing);
  return members;
}

/** The refusal of what only an admin of `orgName` may do, naming the person's role as the cause; thrown before anything is sent. */
export function notAdmin(orgName: string, doing: string): Refusal {
  return new Refusal(l10n.t('You are a member of {0}, not an admin: only its admins can {1}. Ask an admin of {0} to do it, or to make you an admin.', orgName, doing));
}
