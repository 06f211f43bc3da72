import * as z from 'zod/mini';
import { opt } from './common';

const CreatedBySchema = z.union([
  z.string(),
  z.looseObject({ id: opt(z.string()), name: opt(z.string()), image: opt(z.string()) }),
]);

/** The fields every API key listing has (`GET /organizations/{org_id}/api_keys` extends it). */
export const ApiKeySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  created_at: opt(z.string()),
  created_by: opt(CreatedBySchema),
  last_used_at: opt(z.string()),
  last_used_from_addr: opt(z.string()),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** An item of `GET /organizations/{org_id}/api_keys`. `project_id` is set for project-scoped keys. */
export const OrgApiKeySchema = z.extend(ApiKeySchema, { project_id: opt(z.string()) });
export type OrgApiKey = z.infer<typeof OrgApiKeySchema>;

/** Creation response: `key` is the token, returned only once. */
export const CreatedApiKeySchema = z.looseObject({
  id: z.number(),
  key: z.string(),
  name: z.string(),
  created_at: opt(z.string()),
  created_by: opt(CreatedBySchema),
  project_id: opt(z.string()),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;

export const RevokedApiKeySchema = z.looseObject({
  id: z.number(),
  name: opt(z.string()),
  revoked: z.boolean(),
  created_at: opt(z.string()),
  last_used_at: opt(z.string()),
  project_id: opt(z.string()),
});
export type RevokedApiKey = z.infer<typeof RevokedApiKeySchema>;
