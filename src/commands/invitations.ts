// Invite several people at once (one role), reporting the result per email. Pending invitations
// are listed by the tree's Invitations folder.
import type { Invitation } from '../api';
import { isNeonApiError } from '../api';
import type { Services } from '../services';
import { runSteps, SKIP } from '../ui/steps';
import type { OrgRole } from '../tree/refs';
import { CommandIds } from './ids';
import { requireAdmin } from './membership';
import { emailListProblem, invitedHeadline, parseEmailList, skippedText } from './orgLogic';
import { required, resolveOrg, stepTitle } from './pickers';
import { confirmAdmin, pickOrgRole } from './rarePickers';
import { createOrFind } from './lostAnswer';
import type { CommandSpec } from './registry';
import * as l10n from '@vscode/l10n';

export type InviteResult = {
  email: string;
  result: 'invited' | 'already a member' | 'already invited' | 'refused';
  reason?: string;
  /** The API's request id of a refusal. */
  requestId?: string;
};

/** Most "not invited" entries listed in the notification itself (the rest are in the log). */
const LISTED = 5;

function refusal(email: string, e: unknown): InviteResult {
  if (isNeonApiError(e)) return { email, result: 'refused', reason: trimReason(e.message || e.userMessage()), ...(e.requestId ? { requestId: e.requestId } : {}) };
  return { email, result: 'refused', reason: trimReason(e instanceof Error ? e.message : String(e)) };
}

function trimReason(r: string): string {
  const t = r.trim().replace(/\.$/, '');
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}

/** "bob@x (already a member), eve@y (refused: …)": what was not invited and why, compact. */
export function notInvitedText(results: readonly InviteResult[]): string {
  const out = results.filter((r) => r.result !== 'invited');
  const why = (r: InviteResult) =>
    r.result === 'refused' ? l10n.t('refused: {0}', r.reason ?? l10n.t('no reason given')) : r.result === 'already a member' ? l10n.t('already a member') : l10n.t('already invited');
  const listed = out.slice(0, LISTED).map((r) => `${r.email} (${why(r)})`);
  return `${listed.join(', ')}${out.length > LISTED ? l10n.t(' and {0} more (see the log)', out.length - LISTED) : ''}`;
}

export async function inviteMembers(s: Services, arg?: unknown): Promise<InviteResult[]> {
  const org = await resolveOrg(s, arg, l10n.t('Invite Members'), { personalOnly: true, adminOnly: l10n.t('invite people') });
  const account = s.accounts.get(org.accountId);
  if (account && account.kind !== 'personal') {
    throw new Error(l10n.t('Organization API keys cannot create invitations. Use an account added with a personal API key of an organization admin'));
  }
  const membersRead = await requireAdmin(s, org, l10n.t('invite people'));
  const client = await s.clients.get(org.accountId);
  let text = '';
  let emails: string[] = [];
  let pickedRole: OrgRole | undefined;
  // Who is already in, or already invited: skipped instead of failing the whole request, and
  // known before the role is asked (its title counts only those who will be invited). Read once,
  // while the addresses are typed, so the role step follows at once.
  const known: Promise<[Set<string>, Set<string>]> = Promise.all([membersRead ?? client.listMembers(org.orgId), client.listInvitations(org.orgId)]).then(([members, pending]) => [
    new Set(members.map((m) => m.user.email.toLowerCase())),
    new Set(pending.map((i) => i.email.toLowerCase())),
  ]);
  known.catch(() => undefined); // a cancel at the addresses leaves it unread; step 2 reports a failure
  const results = new Map<string, InviteResult>();
  let toSend: string[] = [];
  await runSteps([
    async (back) => {
      text = required(
        await s.prompt.input({
          title: stepTitle(l10n.t('Invite to {0}', org.orgName), 1, 2),
          prompt: l10n.t('Email addresses, separated by commas or spaces (up to 100)'),
          placeHolder: 'ana@example.com, ben@example.com',
          value: text,
          back,
          validateInput: emailListProblem,
        }),
        'emails',
      );
      emails = parseEmailList(text).emails;
      if (emails.length === 0) throw new Error(l10n.t('No email address was given'));
    },
    async (back) => {
      const [memberEmails, invitedEmails] = await known;
      results.clear();
      toSend = [];
      for (const e of emails) {
        const k = e.toLowerCase();
        if (memberEmails.has(k)) results.set(k, { email: e, result: 'already a member' });
        else if (invitedEmails.has(k)) results.set(k, { email: e, result: 'already invited' });
        else toSend.push(e);
      }
      if (toSend.length === 0) return SKIP;
      const whom = toSend.length === 1 ? l10n.t('1 invited person') : l10n.t('{0} invited people', toSend.length);
      const skipped = skippedText(emails.filter((e) => results.has(e.toLowerCase())));
      pickedRole = await pickOrgRole(s, stepTitle(skipped ? l10n.t('Role for {0} ({1} already in or invited)', whom, skipped) : l10n.t('Role for {0}', whom), 2, 2), undefined, { back, earlier: pickedRole });
      return undefined;
    },
  ]);
  if (toSend.length === 0 || !pickedRole) {
    const ordered = emails.map((e) => results.get(e.toLowerCase())!);
    void s.prompt.message('info', l10n.t('Nobody was invited to {0}: {1}.', org.orgName, notInvitedText(ordered)), {});
    return ordered;
  }
  const role: OrgRole = pickedRole;
  if (role === 'admin') {
    await confirmAdmin(
      s,
      toSend,
      org.orgName,
      toSend.length === 1 ? l10n.t('Invite {0} as an admin of {1}?', toSend[0], org.orgName) : l10n.t('Invite {0} people as admins of {1}?', toSend.length, org.orgName),
      toSend.length === 1 ? l10n.t('Invite as Admin') : l10n.t('Invite as Admins'),
    );
  }

  let lostAnswer = false;
  if (toSend.length > 0) {
    try {
      // Invitations Neon made although its answer was lost are found by their addresses (none of
      // which was invited before: those were left out above).
      const sent = new Set(toSend.map((e) => e.toLowerCase()));
      const created = await createOrFind(
        () => client.createInvitations(org.orgId, toSend.map((email) => ({ email, role }))),
        async () => {
          const made = (await client.listInvitations(org.orgId)).filter((i) => sent.has(i.email.toLowerCase()));
          return made.length ? made : undefined;
        },
        (made, lost) => {
          s.log.warn(`invitations to ${org.orgName}: the answer was lost (${lost.message}); Neon made ${made.length} of ${toSend.length}`);
          lostAnswer = true;
        },
      );
      record(created, toSend, results);
    } catch (e) {
      // The API refuses the whole list for one bad address: retry one by one to learn which.
      if (!(isNeonApiError(e) && (e.status === 400 || e.status === 409 || e.status === 422))) throw e;
      if (toSend.length === 1) {
        results.set(toSend[0]!.toLowerCase(), refusal(toSend[0]!, e));
      } else {
        s.log.info(`invitations to ${org.orgName}: the list was refused (${e.status}, request id ${e.requestId ?? 'none'}); sending one by one to learn which`);
        const settled = await Promise.allSettled(toSend.map((email) => client.createInvitations(org.orgId, [{ email, role }])));
        settled.forEach((r, i) => {
          const email = toSend[i]!;
          results.set(email.toLowerCase(), r.status === 'fulfilled' ? { email, result: 'invited' } : refusal(email, r.reason));
        });
      }
    }
  }

  s.tree.refresh({ accountId: org.accountId, orgId: org.orgId, part: 'invitations' });
  const ordered = emails.map((e) => results.get(e.toLowerCase())!).filter(Boolean);
  for (const r of ordered) {
    if (r.result === 'refused') s.log.warn(`invitation of ${r.email} to ${org.orgName} (${org.orgId}) refused: ${r.reason ?? l10n.t('no reason given')}${r.requestId ? l10n.t(' (request id {0})', r.requestId) : ''}`);
    else if (r.result !== 'invited') s.log.info(`invitation of ${r.email} to ${org.orgName} not sent: ${r.result}`);
  }
  const invited = ordered.filter((r) => r.result === 'invited');
  // Everything in the text itself: a notification's detail is shown only in modal dialogs.
  const headline = invitedHeadline(org.orgName, role, invited.length, ordered.length, notInvitedText(ordered));
  const found = lostAnswer ? ` ${l10n.t('Neon\'s answer was lost on the way, so the invitations were found by their addresses.')}` : '';
  // A button keeps the toast expanded, so the whole sentence shows; the log has each refusal's request id.
  // Skipping who is already in or invited is what was asked for: a warning only when Neon refused someone.
  const refused = ordered.some((r) => r.result === 'refused');
  void s.prompt.message(refused ? 'warning' : 'info', headline + found, {}, ...(invited.length < ordered.length ? [l10n.t('Show Log')] : [])).then(
    (choice) => (choice === l10n.t('Show Log') ? s.log.show() : undefined),
    () => undefined,
  );
  return ordered;
}

function record(created: Invitation[], sent: string[], results: Map<string, InviteResult>): void {
  const got = new Set(created.map((i) => i.email.toLowerCase()));
  for (const email of sent) {
    // An answer without an address we sent means the API dropped it silently.
    results.set(email.toLowerCase(), got.has(email.toLowerCase()) || created.length === sent.length ? { email, result: 'invited' } : { email, result: 'refused', reason: l10n.t('not in the answer') });
  }
}

export const invitationCommands: CommandSpec[] = [{ id: CommandIds.inviteMembers, action: l10n.t('invite members'), run: inviteMembers }];
