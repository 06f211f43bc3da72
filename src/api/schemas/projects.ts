import * as z from 'zod/mini';
import { CursorPaginationSchema, listOrEmpty, OperationSchema, opt } from './common';
import { BranchSchema } from './branches';
import { ConnectionDetailsSchema, DatabaseSchema, EndpointSchema, RoleSchema } from './resources';

/** Fields the tree relies on; everything else passes through. Used for list items and full projects. */
export const ProjectSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  region_id: z.string(),
  platform_id: opt(z.string()),
  pg_version: opt(z.number()),
  org_id: opt(z.string()),
  owner_id: opt(z.string()),
  proxy_host: opt(z.string()),
  store_passwords: opt(z.boolean()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
  active_time: opt(z.number()),
  compute_time_seconds: opt(z.number()),
  active_time_seconds: opt(z.number()),
  written_data_bytes: opt(z.number()),
  data_transfer_bytes: opt(z.number()),
  synthetic_storage_size: opt(z.number()),
  consumption_period_start: opt(z.string()),
  consumption_period_end: opt(z.string()),
  history_retention_seconds: opt(z.number()),
});
export type Project = z.infer<typeof ProjectSchema>;
/** Items of `GET /projects` carry less than `GET /projects/{id}`; same schema. */
export type ProjectListItem = Project;

export const ProjectsResponseSchema = z.looseObject({
  projects: z.array(ProjectSchema),
  pagination: opt(CursorPaginationSchema),
  unavailable_project_ids: opt(z.array(z.string())),
});

export const ProjectResponseSchema = z.looseObject({ project: ProjectSchema });
export const ProjectOperationsSchema = z.looseObject({
  project: ProjectSchema,
  operations: listOrEmpty(OperationSchema),
});

export const CreatedProjectSchema = z.looseObject({
  project: ProjectSchema,
  connection_uris: listOrEmpty(ConnectionDetailsSchema),
  roles: listOrEmpty(RoleSchema),
  databases: listOrEmpty(DatabaseSchema),
  operations: listOrEmpty(OperationSchema),
  branch: BranchSchema,
  endpoints: listOrEmpty(EndpointSchema),
});
export type CreatedProject = z.infer<typeof CreatedProjectSchema>;

export const ProjectPermissionSchema = z.looseObject({
  id: z.string(),
  granted_to_email: z.string(),
  granted_at: opt(z.string()),
  revoked_at: opt(z.string()),
});
export type ProjectPermission = z.infer<typeof ProjectPermissionSchema>;
export const ProjectPermissionsResponseSchema = z.looseObject({ project_permissions: z.array(ProjectPermissionSchema) });
