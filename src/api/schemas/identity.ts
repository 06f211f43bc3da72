import * as z from 'zod/mini';
import { opt } from './common';

/** `api_key_user`: personal key; `api_key_org`: org (or project-scoped) key; `oauth`: OAuth token. */
export type AuthMethod = 'api_key_user' | 'api_key_org' | 'oauth' | 'keycloak' | 'session_cookie' | (string & {});

export const AuthDetailsSchema = z.looseObject({
  account_id: z.string(),
  auth_method: z.string() as z.ZodMiniType<AuthMethod>,
  auth_data: opt(z.string()),
});
export type AuthDetails = z.infer<typeof AuthDetailsSchema>;

export const CurrentUserSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  name: opt(z.string()),
  last_name: opt(z.string()),
  image: opt(z.string()),
  login: opt(z.string()),
  plan: opt(z.string()),
  projects_limit: opt(z.number()),
  branches_limit: opt(z.number()),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;
