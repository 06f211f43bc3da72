import * as z from 'zod/mini';
import { CursorPaginationSchema, listOrEmpty, opt } from './common';
import { type Check, list, loose, nullish, num, optional, str } from './shapeCheck';

export type ConsumptionGranularity = 'hourly' | 'daily' | 'monthly';

/** v2 metric names (usage-based plans). */
export type ConsumptionMetricV2 =
  | 'compute_unit_seconds'
  | 'root_branch_bytes_month'
  | 'child_branch_bytes_month'
  | 'instant_restore_bytes_month'
  | 'public_network_transfer_bytes'
  | 'private_network_transfer_bytes'
  | 'extra_branches_month'
  | 'snapshot_storage_bytes_month'
  | (string & {});

export const ConsumptionMetricValueSchema = z.looseObject({ metric_name: z.string(), value: z.number() });
export type ConsumptionMetricValue = z.infer<typeof ConsumptionMetricValueSchema>;

export const ConsumptionTimeframeV2Schema = z.looseObject({
  timeframe_start: opt(z.string()),
  timeframe_end: opt(z.string()),
  metrics: listOrEmpty(ConsumptionMetricValueSchema),
});
export type ConsumptionTimeframeV2 = z.infer<typeof ConsumptionTimeframeV2Schema>;

export const ConsumptionPeriodV2Schema = z.looseObject({
  period_id: opt(z.string()),
  period_plan: opt(z.string()),
  period_start: opt(z.string()),
  period_end: opt(z.string()),
  consumption: z.array(ConsumptionTimeframeV2Schema),
});
export type ConsumptionPeriodV2 = z.infer<typeof ConsumptionPeriodV2Schema>;

export const ConsumptionProjectSchema = z.looseObject({
  project_id: z.string(),
  periods: z.array(ConsumptionPeriodV2Schema),
});
export type ConsumptionProject = z.infer<typeof ConsumptionProjectSchema>;

export const ConsumptionProjectsResponseSchema = z.looseObject({
  projects: z.array(ConsumptionProjectSchema),
  pagination: opt(CursorPaginationSchema),
});

export const ConsumptionBranchSchema = z.looseObject({
  project_id: z.string(),
  branch_id: z.string(),
  periods: z.array(ConsumptionPeriodV2Schema),
});
export type ConsumptionBranch = z.infer<typeof ConsumptionBranchSchema>;

export const ConsumptionBranchesResponseSchema = z.looseObject({
  branches: z.array(ConsumptionBranchSchema),
  pagination: opt(CursorPaginationSchema),
});

/** Legacy plans: fixed metrics per timeframe. */
export const LegacyConsumptionTimeframeSchema = z.looseObject({
  timeframe_start: z.string(),
  timeframe_end: opt(z.string()),
  active_time_seconds: opt(z.number()),
  compute_time_seconds: opt(z.number()),
  written_data_bytes: opt(z.number()),
  synthetic_storage_size_bytes: opt(z.number()),
  data_storage_bytes_hour: opt(z.number()),
  logical_size_bytes: opt(z.number()),
  logical_size_bytes_hour: opt(z.number()),
});
export type LegacyConsumptionTimeframe = z.infer<typeof LegacyConsumptionTimeframeSchema>;

export const LegacyConsumptionPeriodSchema = z.looseObject({
  period_id: opt(z.string()),
  period_plan: opt(z.string()),
  period_start: opt(z.string()),
  period_end: opt(z.string()),
  consumption: z.array(LegacyConsumptionTimeframeSchema),
});
export type LegacyConsumptionPeriod = z.infer<typeof LegacyConsumptionPeriodSchema>;

export const LegacyConsumptionProjectSchema = z.looseObject({
  project_id: z.string(),
  periods: z.array(LegacyConsumptionPeriodSchema),
});
export type LegacyConsumptionProject = z.infer<typeof LegacyConsumptionProjectSchema>;

export const LegacyConsumptionProjectsResponseSchema = z.looseObject({
  projects: z.array(LegacyConsumptionProjectSchema),
  pagination: opt(CursorPaginationSchema),
});

export const LegacyAccountConsumptionSchema = z.looseObject({ periods: z.array(LegacyConsumptionPeriodSchema) });
export type LegacyAccountConsumption = z.infer<typeof LegacyAccountConsumptionSchema>;

// The same shapes as one-pass checks (./shapeCheck): a consumption answer is the largest the
// client reads. `metrics` must be present here; an answer without it goes through zod, whose
// default fills it in.
const pagination = nullish(loose({ cursor: optional(str) }));
const period = (timeframe: Check) =>
  loose({ period_id: nullish(str), period_plan: nullish(str), period_start: nullish(str), period_end: nullish(str), consumption: list(timeframe) });
const periodV2 = period(loose({ timeframe_start: nullish(str), timeframe_end: nullish(str), metrics: list(loose({ metric_name: str, value: num })) }));
const on = nullish(num);
const periodLegacy = period(
  loose({ timeframe_start: str, timeframe_end: nullish(str), active_time_seconds: on, compute_time_seconds: on, written_data_bytes: on, synthetic_storage_size_bytes: on, data_storage_bytes_hour: on, logical_size_bytes: on, logical_size_bytes_hour: on }),
);
export const isConsumptionProjectsResponse = loose({ projects: list(loose({ project_id: str, periods: list(periodV2) })), pagination });
export const isConsumptionBranchesResponse = loose({ branches: list(loose({ project_id: str, branch_id: str, periods: list(periodV2) })), pagination });
export const isLegacyConsumptionProjectsResponse = loose({ projects: list(loose({ project_id: str, periods: list(periodLegacy) })), pagination });
