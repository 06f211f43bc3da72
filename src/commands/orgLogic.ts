// Pure logic behind the organization and project commands (no vscode import, unit-tested):
// email lists, key names, console URLs, the only-admin rule, transfer limit explanations.
import * as l10n from '@vscode/l10n';
import { formatCount } from '../util/formatCount';

// ---------------------------------------------------------------- emails

/** Who the role step leaves out: named when one or two (walk 42: a count alone did not say who), else counted. */
export function skippedText(skipped: readonly string[]): string | undefined {
  if (skipped.length === 0) return undefined;
  if (skipped.length === 1) return skipped[0];
  return skipped.length === 2 ? l10n.t('{0} and {1}', skipped[0]!, skipped[1]!) : String(skipped.length);
}

/**
 * The API document's rule for invitation and guest emails: `format: email`, `maxLength: 256`. The
 * pattern is ajv-formats' full `email` (the validator the document's format names), so an address
 * passes here exactly when the API's schema accepts it (test/unit/commands-org-logic.test.ts).
 */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
export const MAX_INVITATIONS = 100;

export function isEmailAddress(s: string): boolean {
  return s.length >= 1 && s.length <= 256 && EMAIL.test(s);
}

export interface EmailList {
  /** Valid addresses, first spelling kept, duplicates (case-insensitive) removed, in input order. */
  emails: string[];
  /** Entries that are not email addresses. */
  invalid: string[];
  /** Addresses given more than once (reported, not an error). */
  duplicates: string[];
}

/**
 * Splits what a person typed or pasted: commas, semicolons, spaces and new lines separate
 * addresses; `Name <a@b.c>` and `<a@b.c>` keep only the address; quotes and a trailing dot go.
 */
export function parseEmailList(text: string): EmailList {
  const out: EmailList = { emails: [], invalid: [], duplicates: [] };
  const seen = new Set<string>();
  // `Display Name <address>` → `address`, in place, so that names with spaces don't become entries.
  const plain = text.replace(/([^,;<>]*)<([^<>]*)>/g, (_m, _name: string, addr: string) => `,${addr},`);
  const tokens = plain.split(/[\s,;]+/);
  for (const raw of tokens) {
    const t = raw.trim().replace(/^["'(]+|["')]+$/g, '').replace(/^mailto:/i, '').replace(/\.$/, '');
    if (!t) continue;
    if (!isEmailAddress(t)) {
      out.invalid.push(t);
      continue;
    }
    const key = t.toLowerCase();
    if (seen.has(key)) {
      if (!out.duplicates.includes(t)) out.duplicates.push(t);
      continue;
    }
    seen.add(key);
    out.emails.push(t);
  }
  return out;
}

/** For an input box's validateInput: undefined when the text is a usable list. */
export function emailListProblem(text: string): string | undefined {
  if (text.trim() === '') return l10n.t('Enter one or more email addresses, separated by commas or spaces');
  const { emails, invalid } = parseEmailList(text);
  // One sentence per form: 'and N more' and the plural are worded by the translation.
  if (invalid.length === 1) return notAnEmail(invalid[0]!);
  const shown = invalid.slice(0, 5).join(', ');
  if (invalid.length > 5) return l10n.t('Not email addresses: {0} and {1} more', shown, invalid.length - 5);
  if (invalid.length > 0) return l10n.t('Not email addresses: {0}', shown);
  if (emails.length === 0) return l10n.t('Enter at least one email address');
  if (emails.length > MAX_INVITATIONS) return l10n.t('At most {0} addresses at once ({1} given)', MAX_INVITATIONS, emails.length);
  return undefined;
}

/** One email (guests). */
export function singleEmailProblem(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return l10n.t('Enter an email address');
  return isEmailAddress(t) ? undefined : notAnEmail(t);
}

/** The one wording of a refused address, for a list (invitations) and a single one (guests). */
function notAnEmail(text: string): string {
  return l10n.t('Not an email address: {0}', text);
}

/**
 * "Invited 2 people to Acme Inc as members.": one whole sentence per role and number (walk 32 read
 * "as member" after "2 people"), so the role agrees with the count and each language words it its own way.
 */
export function invitedHeadline(orgName: string, role: 'admin' | 'member', invited: number, asked: number, notInvited: string): string {
  const admin = role === 'admin';
  if (invited === asked) {
    if (invited === 1) return admin ? l10n.t('Invited 1 person to {0} as an admin.', orgName) : l10n.t('Invited 1 person to {0} as a member.', orgName);
    return admin ? l10n.t('Invited {0} people to {1} as admins.', invited, orgName) : l10n.t('Invited {0} people to {1} as members.', invited, orgName);
  }
  if (invited === 0) return l10n.t('Nobody was invited to {0}: {1}.', orgName, notInvited);
  if (invited === 1) {
    return admin
      ? l10n.t('Invited 1 of {0} to {1} as an admin. Not invited: {2}.', asked, orgName, notInvited)
      : l10n.t('Invited 1 of {0} to {1} as a member. Not invited: {2}.', asked, orgName, notInvited);
  }
  return admin
    ? l10n.t('Invited {0} of {1} to {2} as admins. Not invited: {3}.', invited, asked, orgName, notInvited)
    : l10n.t('Invited {0} of {1} to {2} as members. Not invited: {3}.', invited, asked, orgName, notInvited);
}

// ---------------------------------------------------------------- API key names

export const MAX_KEY_NAME = 64;

export function keyNameProblem(name: string): string | undefined {
  if (name.trim() === '') return l10n.t('Enter a name for the key');
  if (name.length > MAX_KEY_NAME) return l10n.t('At most {0} characters ({1} now)', MAX_KEY_NAME, name.length);
  return undefined;
}

/** `emptyAllowed`: the box may be left empty (Create Project: Neon picks a name), so blanks are explained. */
export function projectNameProblem(name: string, emptyAllowed = false): string | undefined {
  if (name.trim() === '') return emptyAllowed ? l10n.t('A name cannot be only spaces: type one, or leave the box empty to let Neon pick one') : l10n.t('Enter a name');
  if (name.length > 256) return l10n.t('At most 256 characters ({0} now)', name.length);
  return undefined;
}

// ---------------------------------------------------------------- members

export interface MemberLike {
  id: string;
  role: string;
  email?: string;
}

/**
 * The only admin cannot be removed or demoted (the API refuses; we say so before asking it).
 * Returns the sentence to show, or undefined when the change is allowed.
 */
export function onlyAdminProblem(members: readonly MemberLike[], memberId: string, change: 'remove' | 'demote', orgName: string): string | undefined {
  const target = members.find((m) => m.id === memberId);
  if (!target || target.role !== 'admin') return undefined;
  const admins = members.filter((m) => m.role === 'admin');
  if (admins.length > 1) return undefined;
  const who = target.email ?? l10n.t('This member');
  return change === 'remove'
    ? l10n.t('{0} is the only admin of {1} and cannot be removed. Make another member an admin first', who, orgName)
    : l10n.t('{0} is the only admin of {1} and cannot become a member. Make another member an admin first', who, orgName);
}

// ---------------------------------------------------------------- batching and transfer explanations

export const TRANSFER_BATCH = 400;

export function batches<T>(items: readonly T[], size = TRANSFER_BATCH): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(l10n.t('batch size must be a positive integer'));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface LimitLike {
  name: string;
  expected?: string | number | null;
  actual?: string | number | null;
}

const LIMIT_NAMES: Record<string, string> = {
  projects_count: l10n.t('number of projects'),
  project_count: l10n.t('number of projects'),
  projects: l10n.t('number of projects'),
  subscription_type: 'plan',
  plan: 'plan',
  branches_count: l10n.t('number of branches'),
};

/** One clause per limit, e.g. `number of projects: the plan allows 100, the transfer would make it 140`. */
export function explainLimit(l: LimitLike): string {
  const what = LIMIT_NAMES[l.name] ?? l.name.replace(/_/g, ' ');
  const exp = l.expected ?? undefined;
  const act = l.actual ?? undefined;
  if (/count$|^projects$/.test(l.name) && exp !== undefined && act !== undefined) {
    return l10n.t('{0} ({1}): the destination allows {2}, the transfer would make it {3}', what, l.name, exp, act);
  }
  if (/subscription|plan/.test(l.name)) {
    return l10n.t('{0} ({1}): the projects need at least the "{2}" plan, the destination has "{3}" (projects can move to a lower tier, not a higher one)', what, l.name, exp ?? '?', act ?? '?');
  }
  return `${what} (${l.name}): expected ${exp ?? '?'}, actual ${act ?? '?'}`;
}

export function explainLimits(limits: readonly LimitLike[] | undefined): string {
  if (!limits || limits.length === 0) return l10n.t('the destination organization has too many projects or its plan is incompatible with the source');
  return limits.map(explainLimit).join('; ');
}

export interface IntegrationLike {
  id: string;
  integration?: string | null;
}

export function describeIntegrations(projects: readonly IntegrationLike[], names?: ReadonlyMap<string, string>): string {
  return projects
    .map((p) => {
      const n = names?.get(p.id);
      const label = n && n !== p.id ? `${n} (${p.id})` : p.id;
      return p.integration ? `${label}: ${integrationName(p.integration)}` : label;
    })
    .join(', ');
}

export function integrationName(i: string): string {
  const l = i.toLowerCase();
  return l === 'github' ? 'GitHub' : l === 'vercel' ? l10n.t('Vercel') : i;
}

/** `base` when no existing name uses it, else `base-2`, `base-3`… (`sep` between): a suggestion that is not taken. */
export function freeName(base: string, taken: Iterable<string>, sep = '-'): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${sep}${i}`.toLowerCase())) return `${base}${sep}${i}`;
}

/** "1 project", "2,497 projects": grouped as the tree writes counts. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
