import * as z from 'zod/mini';

/** An item of `GET /regions` (RegionResponse). */
export const RegionSchema = z.looseObject({
  region_id: z.string(),
  name: z.string(),
  default: z.boolean(),
  geo_lat: z.optional(z.string()),
  geo_long: z.optional(z.string()),
});
export type Region = z.infer<typeof RegionSchema>;

export const RegionsResponseSchema = z.looseObject({ regions: z.array(RegionSchema) });
