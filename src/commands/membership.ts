// The signed-in user and their membership in an org: the org commands ask it at first use and the
// member and transfer commands (dist/rarelyUsed.js) share the same per-session cache.
import type { MemberWithUser } from '../api';
import type { Services } from '../services';
import type { OrgRef, OrgRole } from '../tree/refs';

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
