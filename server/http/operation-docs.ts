import type { z } from "zod";
import type { ErrorCode } from "../errors";

// What an operation's entry in the API reference says beyond its schemas: its name, prose, the
// errors only its service can raise, what it costs and what it answers besides the body. The
// errors the pipeline itself can raise (auth, validation, limits, idempotency) are derived from
// the rest of the contract by server/openapi, so they cannot drift from the route.

export const API_TAGS = [
  "Coordination",
  "LLM gateway",
  "Agents",
  "Keys",
  "Billing",
  "Reputation",
  "Panel",
  "Organizations",
  "Health",
] as const;
export type ApiTag = (typeof API_TAGS)[number];

/** A paid operation: `api_call` and `workflow` are flat prices plus data; `llm` adds token cost. */
export type CreditsKind = "api_call" | "workflow" | "llm";

/** Response headers a route adds besides the pipeline's (see server/openapi/headers.ts). */
export type OperationHeader = "provider" | "budget";

export type OperationDocs = {
  /** Unique, camelCase: the typed client's and the snippets' name for it. */
  id: string;
  summary: string;
  /** Markdown. */
  description?: string;
  tag: ApiTag;
  /** The success status; 200 unless given (204 for an operation without a response body). */
  status?: 200 | 201;
  /** Errors the service can answer that the contract does not already imply. */
  errors?: ErrorCode[];
  credits?: CreditsKind;
  headers?: OperationHeader[];
  /** `text/event-stream` alternative of the success response: the schema of each event's `data:`. */
  stream?: { event: z.ZodType; description: string };
  /** Other non-error answers, with the success body's schema (a health check's 503). */
  otherResponses?: Partial<Record<503, { description: string }>>;
  /** A body the route reads itself instead of declaring `body` (the Stripe webhook's raw event). */
  rawBody?: { schema: z.ZodType; description: string };
  /** Request headers the route reads itself (OpenAPI parameter objects). */
  requestHeaders?: Array<{
    name: string;
    in: "header";
    required: boolean;
    description: string;
    schema: { type: "string" };
  }>;
  /** Request body and success body examples, checked against their schemas by the tests. */
  examples?: { request?: Record<string, unknown>; response?: unknown };
};
