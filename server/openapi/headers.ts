import { z } from "zod";
import type { OperationHeader } from "../http/operation-docs";

// The response headers the API documents, as zod schemas of their wire text (headers are strings,
// so numbers are digit patterns). The contract test checks every documented header it meets
// against these, and fails on an `x-brikk-*` or `x-ratelimit-*` header the document does not name.

const digits = z.string().regex(/^\d+$/);
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/);
const flag = z.enum(["true", "false"]);

export type HeaderDoc = { schema: z.ZodType; description: string; required?: boolean };

/** Every documented header, by name: the document's `components.headers`. */
export function headerComponents(): Record<string, z.ZodType> {
  const all: Record<string, HeaderDoc> = {
    "X-Request-Id": REQUEST_ID,
    "Server-Timing": SERVER_TIMING,
    ...RATE_LIMIT,
    "Retry-After": RETRY_AFTER,
    "Idempotent-Replayed": IDEMPOTENT_REPLAYED,
    "WWW-Authenticate": WWW_AUTHENTICATE,
    ...OPERATION_HEADERS.provider,
    ...OPERATION_HEADERS.budget,
  };
  return Object.fromEntries(
    Object.entries(all).map(([name, doc]) => {
      const schema = doc.schema.meta({ description: doc.description });
      return [name, doc.required ? schema : schema.optional()];
    }),
  );
}

export const REQUEST_ID: HeaderDoc = {
  schema: z.string().min(1).max(128),
  description:
    "The request's id (a sane incoming `X-Request-Id` is kept). Quote it when reporting a problem.",
  required: true,
};

export const SERVER_TIMING: HeaderDoc = {
  schema: z.string(),
  description:
    "Time each pipeline stage took: `auth`, `ratelimit`, `idempotency`, `validate`, `handler`, `settle`.",
};

export const RATE_LIMIT: Record<string, HeaderDoc> = {
  "X-RateLimit-Limit": {
    schema: digits,
    description: "Requests allowed per window by the policy that applies.",
  },
  "X-RateLimit-Remaining": { schema: digits, description: "Requests left in the current window." },
  "X-RateLimit-Reset": { schema: digits, description: "Seconds until the window resets." },
};

export const RETRY_AFTER: HeaderDoc = {
  schema: digits,
  description: "Seconds to wait before retrying.",
};

export const IDEMPOTENT_REPLAYED: HeaderDoc = {
  schema: z.literal("true"),
  description:
    "Present when this is the stored answer to an earlier request with the same `Idempotency-Key`.",
};

export const WWW_AUTHENTICATE: HeaderDoc = {
  schema: z.string(),
  description: 'The scheme to authenticate with: `Bearer realm="brikk"`.',
};

/** Headers a route adds (declared in its docs). */
export const OPERATION_HEADERS: Record<OperationHeader, Record<string, HeaderDoc>> = {
  provider: {
    "X-Brikk-Provider": {
      schema: z.string(),
      description: "The provider that served the answer.",
      required: true,
    },
    "X-Brikk-Model": {
      schema: z.string(),
      description: "The model that served it (after any fallback).",
      required: true,
    },
    "X-Brikk-Fallback": {
      schema: flag,
      description: "`true` when a model after the first in the chain answered.",
      required: true,
    },
    "X-Brikk-Attempts": {
      schema: digits,
      description: "Upstream attempts made, retries and fallbacks included.",
      required: true,
    },
    "X-Brikk-Cost-USD": {
      schema: decimal,
      description:
        "The call's cost in USD, priced on the server (not on streamed answers: they are settled when they end).",
    },
    "X-Brikk-Credits": {
      schema: decimal,
      description: "Credits debited for the call (not on streamed answers).",
    },
  },
  budget: {
    "X-Brikk-Usage-Today": { schema: decimal, description: "The key's LLM spend today (UTC), in USD." },
    "X-Brikk-Budget-Remaining": {
      schema: decimal,
      description: "What the key may still spend today under its `hard_cap_usd`.",
    },
    "X-Brikk-Soft-Cap-Exceeded": {
      schema: flag,
      description: "`true` once today's spend passed the key's `soft_cap_usd`.",
    },
  },
};
