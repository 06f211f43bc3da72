// Works out what an API key is (personal, organization or project-scoped) by asking the API.
// Pure: imports nothing from vscode, so the bench and plain tests can use it.
import { type NeonClient, isNeonApiError } from '../api';
import type { AccountKind } from '../services';
import * as l10n from '@vscode/l10n';

export interface KeyIdentity {
  kind: AccountKind;
  orgId?: string;
  orgName?: string;
  projectId?: string;
  projectName?: string;
  email?: string;
  userId?: string;
  /** A label to suggest: the user's email, the org's name, or the project's name. */
  suggestedLabel: string;
}

/** Thrown when the API refuses the key itself (401): the key is not stored. */
export class KeyRejectedError extends Error {
  override readonly name = 'KeyRejectedError';
  constructor(readonly requestId?: string) {
    super(
      l10n.t('Neon rejected this API key (401): it is mistyped, expired or revoked. Copy the whole key from the Neon Console and try again; nothing was saved.') +
        (requestId ? l10n.t(' (request id {0})', requestId) : ''),
    );
  }
}

const isStatus = (e: unknown, status: number) => isNeonApiError(e) && e.status === status;

/**
 * `GET /auth` (any key) and, beside it, `GET /users/me`, which a personal key needs: a personal
 * key is checked in one round trip (an org key's answer to it, 403, is dropped). For org keys the
 * owning org (`GET /users/me/organizations`, or `GET /organizations/{account_id}` where the API
 * answers 403 to org keys), then `GET /organizations/{id}/members` to tell an org key (allowed)
 * from a project-scoped key (403), and the one project a project-scoped key sees.
 */
export async function identifyKey(client: NeonClient, signal?: AbortSignal): Promise<KeyIdentity> {
  const me = client.getCurrentUser({ signal }).then(
    (user) => ({ user }),
    (error: unknown) => ({ error }),
  );
  let auth;
  try {
    auth = await client.getAuth({ signal });
  } catch (e) {
    if (isStatus(e, 401)) throw new KeyRejectedError(isNeonApiError(e) ? e.requestId : undefined);
    throw e;
  }
  if (auth.auth_method !== 'api_key_org') {
    const r = await me;
    if ('user' in r) return { kind: 'personal', email: r.user.email, userId: r.user.id, suggestedLabel: r.user.email };
    if (isStatus(r.error, 401)) throw new KeyRejectedError(isNeonApiError(r.error) ? r.error.requestId : undefined);
    throw r.error;
  }
  // An organization key (possibly scoped to one project).
  let org: { id: string; name: string } | undefined;
  try {
    org = (await client.listMyOrganizations({ signal }))[0];
  } catch (e) {
    if (!isStatus(e, 403)) throw e;
  }
  if (!org) org = await client.getOrganization(auth.account_id, { signal });
  try {
    await client.listMembersPage(org.id, { limit: 1, signal });
    return { kind: 'organization', orgId: org.id, orgName: org.name, suggestedLabel: org.name };
  } catch (e) {
    if (!isStatus(e, 403)) throw e;
  }
  const page = await client.listProjectsPage({ orgId: org.id, limit: 2, signal });
  const project = page.projects.length === 1 ? page.projects[0] : undefined;
  return {
    kind: 'project',
    orgId: org.id,
    orgName: org.name,
    ...(project ? { projectId: project.id, projectName: project.name } : {}),
    suggestedLabel: project ? `${project.name} (${org.name})` : org.name,
  };
}

/** What an account's key was known to reach, as stored (the fields of KeyIdentity it keeps). */
export interface KnownOwner {
  kind: AccountKind;
  orgId?: string;
  projectId?: string;
  email?: string;
  userId?: string;
  unverified?: boolean;
}

/**
 * Whether a new key reaches what the account's key did: the same user, organization or project.
 * An account never identified (the demo's) has nothing to compare: true.
 */
export function sameOwner(a: KnownOwner, who: KeyIdentity): boolean {
  if (a.unverified) return true;
  if (a.kind !== who.kind) return false;
  if (a.kind === 'personal') return a.userId && who.userId ? a.userId === who.userId : a.email === who.email;
  return a.kind === 'organization' ? a.orgId === who.orgId : a.projectId === who.projectId;
}

/** Whom a key's account is of, for a sentence: the email, the organization or the project, with the kind. */
export function describeOwner(o: { kind: AccountKind; email?: string; orgName?: string; projectName?: string }): string {
  const who = o.kind === 'personal' ? o.email : o.kind === 'organization' ? o.orgName : o.projectName;
  return who ? `${who} (${describeKind(o.kind)})` : describeKind(o.kind);
}

export function describeKind(kind: AccountKind): string {
  return kind === 'personal' ? l10n.t('personal key') : kind === 'organization' ? l10n.t('organization key') : l10n.t('project-scoped key');
}

/**
 * When another account has the same name (added in two windows at once, or before names had to
 * differ): when this one was added, so the lists tell the two apart (walk 40).
 */
export function addedIfNameClash(a: { id: string; label: string; addedAt?: string }, all: readonly { id: string; label: string }[]): string | undefined {
  // Case aside, as Add and Rename compare names.
  return a.addedAt && all.some((x) => x.id !== a.id && x.label.toLowerCase() === a.label.toLowerCase()) ? l10n.t('added {0}', new Date(a.addedAt).toLocaleString()) : undefined;
}
