import { z } from "zod";

/** `limit` of a cursor-paged list: 1–100, from a query string or JSON, `fallback` when absent. */
export const pageLimit = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1, "limit must be at least 1")
    .max(100, "limit must be at most 100")
    .default(fallback);
