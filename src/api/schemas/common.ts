import * as z from 'zod/mini';

/** Optional field that may also be null in real traffic. */
export const opt = <T extends z.ZodMiniType>(s: T) => z.nullish(s);

/** An array the API may leave out: an empty one then. */
export const listOrEmpty = <T extends z.ZodMiniType>(s: T) => z._default(z.optional(z.array(s)), []);

export const EmptySchema = z.looseObject({});

export const CursorPaginationSchema = z.looseObject({ cursor: z.optional(z.string()) });
export const NextPaginationSchema = z.looseObject({
  next: z.optional(z.string()),
  sort_by: z.optional(z.string()),
  sort_order: z.optional(z.string()),
});

/** Known values; the enum grows, so the schema accepts any string. */
export type OperationStatus = 'scheduling' | 'running' | 'finished' | 'failed' | 'error' | 'cancelling' | 'cancelled' | 'skipped' | (string & {});
export const OperationStatusSchema = z.string() as z.ZodMiniType<OperationStatus>;

export const OperationSchema = z.looseObject({
  id: z.string(),
  project_id: z.string(),
  branch_id: opt(z.string()),
  endpoint_id: opt(z.string()),
  action: z.string(),
  status: OperationStatusSchema,
  error: opt(z.string()),
  failures_count: opt(z.number()),
  retry_at: opt(z.string()),
  created_at: opt(z.string()),
  updated_at: opt(z.string()),
  total_duration_ms: opt(z.number()),
});
export type Operation = z.infer<typeof OperationSchema>;

export const OperationResponseSchema = z.looseObject({ operation: OperationSchema });
export const OperationsResponseSchema = z.looseObject({ operations: listOrEmpty(OperationSchema), pagination: opt(CursorPaginationSchema) });
