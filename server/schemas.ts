import { z } from "zod";

// Field schemas every domain shares, defined once so a REST route, its tRPC procedure and the
// OpenAPI document say the same thing about the same field.

/** A Brikk resource id (`agt_…`, `key_…`, `pay_…`): what a path segment or `id` field carries. */
export const ResourceId = z.string().min(1, "id is required").max(64, "id is at most 64 characters");

/** An opaque page cursor, as a list's `next_cursor` handed it out. */
export const Cursor = z.string().max(64, "cursor must come from next_cursor");

/** `{ id }` of one resource. */
export const ResourceRef = z.strictObject({ id: ResourceId });

/** A window of whole days up to today, for the dashboard's charts. */
export const DaysWindow = z.strictObject({ days: z.number().int().min(1).max(90).default(14) });

/**
 * A list input as tRPC's infinite queries send it: they add `direction`, which the REST schema
 * (strict, shared with OpenAPI) does not accept. The procedure drops it before the service.
 */
export function infinitePage<Shape extends z.ZodRawShape>(input: z.ZodObject<Shape>) {
  return input.extend({ direction: z.enum(["forward", "backward"]).optional() });
}

// Response fields, as they travel in JSON.

/** A point in time: ISO 8601 in UTC (`2026-12-05T19:26:15.517Z`). */
export const Timestamp = z.iso.datetime().meta({ examples: ["2026-12-05T19:26:15.517Z"] });

/** An exact amount as a decimal string (credits and USD: six decimals; card money: two). */
export const Decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, "a decimal string")
  .meta({ examples: ["12.500000"] });

/** A list page: `data`, and the cursor of the next page (null on the last). */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}
