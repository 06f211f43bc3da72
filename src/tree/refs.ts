// What a command needs to know about the thing it acts on. Tree nodes implement these, and the
// palette's pickers (src/commands/pickers.ts) produce the same shapes, so every command handler
// takes one of these whether it was run from a right-click or from the palette.
import type { Branch, Role } from '../api';
import { isDefaultBranch } from '../util/defaultBranch';

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

/** Where a thing of a branch lives: the branch's ids and names, none of its flags. */
export interface BranchPlace extends ProjectRef {
  readonly branchId: string;
  readonly branchName: string;
}

export interface BranchRef extends BranchPlace {
  readonly isDefault: boolean;
  readonly isProtected: boolean;
}

/** A role of a branch: `isProtected` is the role's own (the branch's flags are not its own). */
export interface RoleRef extends BranchPlace {
  readonly roleName: string;
  readonly isProtected: boolean;
  /** Made with Neon's `no_login`: it has no password and nothing connects as it. Absent when not known. */
  readonly noLogin?: boolean;
}

/** A role Neon made with `no_login` (it owns objects and takes grants, but cannot log in). */
export const cannotLogIn = (r: Pick<Role, 'authentication_method'>): boolean => r.authentication_method === 'no_login';

/** A database of a branch (has no roleName: a command given one asks for the role). */
export interface DatabaseRef extends BranchPlace {
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
  /** The one project a project-scoped key can act on (its name when known, else its id). */
  readonly scopeProject?: string;
}

export interface InvitationRef extends OrgRef {
  readonly invitationId: string;
  readonly email: string;
}

/** Just the place of a branch (a tree node, or a role, carries more). */
export function branchPlaceOf(x: BranchPlace): BranchPlace {
  return { ...projectRefOf(x), branchId: x.branchId, branchName: x.branchName };
}

/** What the tree re-reads after a change to a branch or to a thing of it: that branch. */
export function branchTarget(b: BranchPlace): { accountId: string; projectId: string; branchId: string } {
  return { accountId: b.accountId, projectId: b.projectId, branchId: b.branchId };
}

/** The ref of a branch of `project`, as the API describes it. */
export function branchRefOf(project: ProjectRef, b: Pick<Branch, 'id' | 'name' | 'default' | 'primary' | 'protected'>): BranchRef {
  return { ...projectRefOf(project), branchId: b.id, branchName: b.name, isDefault: isDefaultBranch(b), isProtected: b.protected === true };
}

/** Just the project's ref (a spread tree node would carry its parents and children along). */
export function projectRefOf(x: ProjectRef): ProjectRef {
  return { accountId: x.accountId, ...(x.orgId !== undefined ? { orgId: x.orgId } : {}), projectId: x.projectId, projectName: x.projectName };
}

export const isOrgRef = (x: unknown): x is OrgRef => typeof x === 'object' && x !== null && 'orgId' in x && 'orgName' in x && typeof (x as OrgRef).orgId === 'string';
export const isProjectRef = (x: unknown): x is ProjectRef => typeof x === 'object' && x !== null && 'projectId' in x;
/** A branch, or anything of one (its folder, a role, a database). */
export const isBranchPlace = (x: unknown): x is BranchPlace => isProjectRef(x) && 'branchId' in x;
/** A branch itself, with its flags (a role or a database is not one). */
export const isBranchRef = (x: unknown): x is BranchRef => isBranchPlace(x) && 'isDefault' in x && !('roleName' in x) && !('databaseName' in x);
export const isRoleRef = (x: unknown): x is RoleRef => isBranchPlace(x) && 'roleName' in x;
export const isDatabaseRef = (x: unknown): x is DatabaseRef => isBranchPlace(x) && 'databaseName' in x && typeof (x as DatabaseRef).databaseName === 'string';
export const isMemberRef = (x: unknown): x is MemberRef => isOrgRef(x) && 'memberId' in x;
export const isInvitationRef = (x: unknown): x is InvitationRef => isOrgRef(x) && 'invitationId' in x && typeof (x as InvitationRef).email === 'string';
export const isOrgApiKeyRef = (x: unknown): x is OrgApiKeyRef => isOrgRef(x) && 'keyId' in x;
export const isAccountRef = (x: unknown): x is AccountRef => typeof x === 'object' && x !== null && typeof (x as AccountRef).accountId === 'string';
