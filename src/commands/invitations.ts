// Invite several people at once (one role), reporting the result per email. Pending invitations
// are listed by the tree's Invitations folder.
import type { Invitation } from '../api';
import { isNeonApiError } from '../api';
import type { Services } from '../services';
import type { OrgRole } from '../tree/refs';
import { CommandIds } from './ids';
import { emailListProblem, parseEmailList, plural } from './orgLogic';
import { pickOrgRole, required, resolveOrg } from './pickers';
import type { CommandSpec } from './registry';

export type InviteResult = { email: string; result: 'invited' | 'already a member' | 'already invited' | 'refused'; reason?: string };

export async function inviteMembers(s: Services, arg?: unknown): Promise<InviteResult[]> {
  const org = await resolveOrg(s, arg, 'Invite members');
  const account = s.accounts.get(org.accountId);
  if (account && account.kind !== 'personal') {
    throw new Error('Organization API keys cannot create invitations. Use an account added with a personal API key of an organization admin');
  }
  const text = required(
    await s.prompt.input({
      title: `Invite to ${org.orgName}`,
      prompt: 'Email addresses, separated by commas or spaces (up to 100)',
      placeHolder: 'ana@example.com, ben@example.com',
      validateInput: emailListProblem,
    }),
    'emails',
  );
  const { emails } = parseEmailList(text);
  if (emails.length === 0) throw new Error('No email address was given');
  const role: OrgRole = await pickOrgRole(s, `Role for ${plural(emails.length, 'invited person', 'invited people')}`);
  const client = await s.clients.get(org.accountId);

  // Who is already in, or already invited: skip them instead of failing the whole request.
  const [members, pending] = await Promise.all([client.listMembers(org.orgId), client.listInvitations(org.orgId)]);
  const memberEmails = new Set(members.map((m) => m.user.email.toLowerCase()));
  const invitedEmails = new Set(pending.map((i) => i.email.toLowerCase()));
  const results = new Map<string, InviteResult>();
  const toSend: string[] = [];
  for (const e of emails) {
    const k = e.toLowerCase();
    if (memberEmails.has(k)) results.set(k, { email: e, result: 'already a member' });
    else if (invitedEmails.has(k)) results.set(k, { email: e, result: 'already invited' });
    else toSend.push(e);
  }

  if (toSend.length > 0) {
    try {
      const created = await client.createInvitations(org.orgId, toSend.map((email) => ({ email, role })));
      record(created, toSend, results);
    } catch (e) {
      // The API refuses the whole list for one bad address: retry one by one to learn which.
      if (!(isNeonApiError(e) && (e.status === 400 || e.status === 409 || e.status === 422))) throw e;
      if (toSend.length === 1) {
        results.set(toSend[0]!.toLowerCase(), { email: toSend[0]!, result: 'refused', reason: e.message || e.userMessage() });
      } else {
        const settled = await Promise.allSettled(toSend.map((email) => client.createInvitations(org.orgId, [{ email, role }])));
        settled.forEach((r, i) => {
          const email = toSend[i]!;
          if (r.status === 'fulfilled') results.set(email.toLowerCase(), { email, result: 'invited' });
          else results.set(email.toLowerCase(), { email, result: 'refused', reason: isNeonApiError(r.reason) ? r.reason.message || r.reason.userMessage() : String(r.reason) });
        });
      }
    }
  }

  s.tree.refresh({ accountId: org.accountId, orgId: org.orgId, part: 'invitations' });
  const ordered = emails.map((e) => results.get(e.toLowerCase())!).filter(Boolean);
  const invited = ordered.filter((r) => r.result === 'invited');
  const headline =
    invited.length === ordered.length
      ? `Invited ${plural(invited.length, 'person', 'people')} to ${org.orgName} as ${role}.`
      : `Invited ${invited.length} of ${ordered.length} to ${org.orgName} as ${role}.`;
  const detail = ordered.map((r) => `${r.email}: ${r.result}${r.reason ? ` (${r.reason})` : ''}`).join('\n');
  await s.prompt.message(invited.length === ordered.length ? 'info' : 'warning', headline, { detail });
  return ordered;
}

function record(created: Invitation[], sent: string[], results: Map<string, InviteResult>): void {
  const got = new Set(created.map((i) => i.email.toLowerCase()));
  for (const email of sent) {
    // An answer without an address we sent means the API dropped it silently.
    results.set(email.toLowerCase(), got.has(email.toLowerCase()) || created.length === sent.length ? { email, result: 'invited' } : { email, result: 'refused', reason: 'not in the answer' });
  }
}

export const invitationCommands: CommandSpec[] = [{ id: CommandIds.inviteMembers, action: 'invite members', run: inviteMembers }];
