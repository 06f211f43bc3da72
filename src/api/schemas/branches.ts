import * as z from 'zod/mini';
import { listOrEmpty, NextPaginationSchema, OperationSchema, opt } from './common';
import { ConnectionDetailsSchema, DatabaseSchema, EndpointSchema, RoleSchema } from './resources';

export const BranchSchema = z.looseObject({
  id: z.string(),
  project_id: z.string(),
  name: z.string(),
  parent_id: opt(z.string()),
  parent_lsn: opt(z.string()),
  parent_timestamp: opt(z.string()),
  current_state: opt(z.string()),
  pending_state: opt(z.string()),
  /** Current field; 2024 responses only had `primary`. */
  default: opt(z.boolean()),
  primary: opt(z.boolean()),
  protected: opt(z.boolean()),
  logical_size: opt(z.number()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
  expires_at: opt(z.string()),
  last_reset_at: opt(z.string()),
});
export type Branch = z.infer<typeof BranchSchema>;

export const BranchesResponseSchema = z.looseObject({
  branches: z.array(BranchSchema),
  annotations: opt(z.record(z.string(), z.unknown())),
  pagination: opt(NextPaginationSchema),
});

export const BranchResponseSchema = z.looseObject({ branch: BranchSchema });

export const BranchOperationsSchema = z.looseObject({
  branch: BranchSchema,
  operations: listOrEmpty(OperationSchema),
});
export type BranchOperations = z.infer<typeof BranchOperationsSchema>;

export const CreatedBranchSchema = z.looseObject({
  branch: BranchSchema,
  endpoints: listOrEmpty(EndpointSchema),
  operations: listOrEmpty(OperationSchema),
  roles: listOrEmpty(RoleSchema),
  databases: listOrEmpty(DatabaseSchema),
  connection_uris: opt(z.array(ConnectionDetailsSchema)),
});
export type CreatedBranch = z.infer<typeof CreatedBranchSchema>;
