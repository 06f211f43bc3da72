import * as z from 'zod/mini';
import { NextPaginationSchema, opt } from './common';

export const OrganizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  handle: opt(z.string()),
  plan: opt(z.string()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
  managed_by: opt(z.string()),
});
export type Organization = z.infer<typeof OrganizationSchema>;
export const OrganizationsResponseSchema = z.looseObject({ organizations: z.array(OrganizationSchema) });

/** `admin` | `member` (also `editor`, `viewer`, `collaborator` on some orgs). */
export type MemberRole = 'admin' | 'member' | 'editor' | 'viewer' | 'collaborator' | (string & {});

export const MemberSchema = z.looseObject({
  id: z.string(),
  user_id: z.string(),
  org_id: z.string(),
  role: z.string(),
  joined_at: opt(z.string()),
});
export type Member = z.infer<typeof MemberSchema>;

export const MemberUserInfoSchema = z.looseObject({ email: z.string() });

/** One row of `GET /organizations/{org_id}/members`. */
export const MemberWithUserSchema = z.looseObject({ member: MemberSchema, user: MemberUserInfoSchema });
export type MemberWithUser = z.infer<typeof MemberWithUserSchema>;

export const MembersResponseSchema = z.looseObject({
  members: z.array(MemberWithUserSchema),
  pagination: opt(NextPaginationSchema),
});

export const InvitationSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  org_id: opt(z.string()),
  invited_by: opt(z.string()),
  invited_at: opt(z.string()),
  role: z.string(),
});
export type Invitation = z.infer<typeof InvitationSchema>;
export const InvitationsResponseSchema = z.looseObject({ invitations: z.array(InvitationSchema) });
