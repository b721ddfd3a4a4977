import { z } from "zod";

// Responses of the health routes, as they travel in JSON.

const Check = z.object({
  status: z.enum(["ok", "down"]),
  latency_ms: z.number().optional(),
  error: z.string().optional(),
});

/** `down`: the API cannot serve. `degraded`: it serves, without a shared rate limit (fail-open). */
export const HealthReport = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  version: z.string(),
  uptime_seconds: z.number(),
  checks: z.object({
    database: Check.extend({ driver: z.string().optional() }),
    ratelimit: Check.extend({ backend: z.string(), fail_closed: z.boolean() }),
  }),
});
