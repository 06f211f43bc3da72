import * as z from 'zod/mini';
import { listOrEmpty, OperationSchema, opt } from './common';

export const EndpointSchema = z.looseObject({
  id: z.string(),
  host: z.string(),
  project_id: z.string(),
  branch_id: z.string(),
  /** `read_write` | `read_only` */
  type: z.string(),
  region_id: opt(z.string()),
  current_state: opt(z.string()),
  pending_state: opt(z.string()),
  name: opt(z.string()),
  autoscaling_limit_min_cu: opt(z.number()),
  autoscaling_limit_max_cu: opt(z.number()),
  pooler_enabled: opt(z.boolean()),
  disabled: opt(z.boolean()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
  last_active: opt(z.string()),
});
export type Endpoint = z.infer<typeof EndpointSchema>;
export const EndpointsResponseSchema = z.looseObject({ endpoints: z.array(EndpointSchema) });

export const DatabaseSchema = z.looseObject({
  id: z.number(),
  branch_id: z.string(),
  name: z.string(),
  owner_name: z.string(),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
});
export type Database = z.infer<typeof DatabaseSchema>;
export const DatabasesResponseSchema = z.looseObject({ databases: z.array(DatabaseSchema) });
export const DatabaseOperationsSchema = z.looseObject({
  database: DatabaseSchema,
  operations: listOrEmpty(OperationSchema),
});
export type DatabaseOperations = z.infer<typeof DatabaseOperationsSchema>;

export const RoleSchema = z.looseObject({
  branch_id: z.string(),
  name: z.string(),
  /** Only on create/reset responses. Never log it. */
  password: opt(z.string()),
  protected: opt(z.boolean()),
  authentication_method: opt(z.string()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
});
export type Role = z.infer<typeof RoleSchema>;
export const RolesResponseSchema = z.looseObject({ roles: z.array(RoleSchema) });
export const RoleOperationsSchema = z.looseObject({
  role: RoleSchema,
  operations: listOrEmpty(OperationSchema),
});
export type RoleOperations = z.infer<typeof RoleOperationsSchema>;
export const RolePasswordSchema = z.looseObject({ password: z.string() });
/** GET …/schema: what pg_dump --schema-only prints (`sql` absent when the database has nothing to dump). */
export const BranchSchemaSchema = z.looseObject({ sql: z.optional(z.string()) });

export const ConnectionDetailsSchema = z.looseObject({
  connection_uri: z.string(),
  connection_parameters: opt(
    z.looseObject({
      database: z.string(),
      password: z.string(),
      role: z.string(),
      host: z.string(),
      pooler_host: opt(z.string()),
    }),
  ),
});
export type ConnectionDetails = z.infer<typeof ConnectionDetailsSchema>;
export const ConnectionUriSchema = z.looseObject({ uri: z.string() });
