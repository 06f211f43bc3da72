// What a command needs to know about the thing it acts on. Tree nodes implement these, and the
// palette's pickers (src/commands/pickers.ts) produce the same shapes, so every command handler
// takes one of these whether it was run from a right-click or from the palette.

export interface AccountRef {
  readonly accountId: string;
}

export type OrgRole = 'admin' | 'member';

export interface OrgRef extends AccountRef {
  readonly orgId: string;
  readonly orgName: string;
  /** The account's own role in the org, when known (personal keys); org keys act as admin-ish. */
  readonly myRole?: OrgRole;
}

export interface ProjectRef extends AccountRef {
  /** Undefined for a personal project outside any org, or a project shared with the user. */
  readonly orgId?: string;
  readonly projectId: string;
  readonly projectName: string;
}

export interface BranchRef extends ProjectRef {
  readonly branchId: string;
  readonly branchName: string;
  readonly isDefault: boolean;
  readonly isProtected: boolean;
}

export interface RoleRef extends BranchRef {
  readonly roleName: string;
  readonly isProtected: boolean;
}

/** A database of a branch (has no roleName: a command given one asks for the role). */
export interface DatabaseRef extends BranchRef {
  readonly databaseName: string;
  readonly ownerName: string;
}

export interface MemberRef extends OrgRef {
  readonly memberId: string;
  readonly email: string;
  readonly role: OrgRole;
}

export interface OrgApiKeyRef extends OrgRef {
  readonly keyId: number;
  readonly keyName: string;
}

export interface InvitationRef extends OrgRef {
  readonly invitationId: string;
  readonly email: string;
}

export const isOrgRef = (x: unknown): x is OrgRef => typeof x === 'object' && x !== null && 'orgId' in x && 'orgName' in x && typeof (x as OrgRef).orgId === 'string';
export const isProjectRef = (x: unknown): x is ProjectRef => typeof x === 'object' && x !== null && 'projectId' in x;
export const isBranchRef = (x: unknown): x is BranchRef => isProjectRef(x) && 'branchId' in x;
export const isRoleRef = (x: unknown): x is RoleRef => isBranchRef(x) && 'roleName' in x;
export const isDatabaseRef = (x: unknown): x is DatabaseRef => isBranchRef(x) && 'databaseName' in x && typeof (x as DatabaseRef).databaseName === 'string';
export const isMemberRef = (x: unknown): x is MemberRef => isOrgRef(x) && 'memberId' in x;
export const isInvitationRef = (x: unknown): x is InvitationRef => isOrgRef(x) && 'invitationId' in x && typeof (x as InvitationRef).email === 'string';
export const isOrgApiKeyRef = (x: unknown): x is OrgApiKeyRef => isOrgRef(x) && 'keyId' in x;
export const isAccountRef = (x: unknown): x is AccountRef => typeof x === 'object' && x !== null && typeof (x as AccountRef).accountId === 'string';
