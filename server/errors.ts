import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

// One error type for every expected failure, and one table that maps its code to HTTP and tRPC.
// Anything that is not an AppError is a bug and leaves the server as a generic 500.

export const ERROR_MAP = {
  bad_request: { http: 400, trpc: "BAD_REQUEST", title: "Bad request" },
  invalid_json: { http: 400, trpc: "PARSE_ERROR", title: "Malformed JSON" },
  unauthorized: { http: 401, trpc: "UNAUTHORIZED", title: "Unauthorized" },
  signature_invalid: { http: 401, trpc: "UNAUTHORIZED", title: "Request signature rejected" },
  insufficient_credits: { http: 402, trpc: "PAYMENT_REQUIRED", title: "Insufficient credits" },
  budget_exceeded: { http: 402, trpc: "PAYMENT_REQUIRED", title: "Budget exceeded" },
  forbidden: { http: 403, trpc: "FORBIDDEN", title: "Forbidden" },
  csrf_failed: { http: 403, trpc: "FORBIDDEN", title: "Cross-site request refused" },
  reputation_too_low: { http: 403, trpc: "FORBIDDEN", title: "Reputation too low for this model" },
  not_found: { http: 404, trpc: "NOT_FOUND", title: "Not found" },
  conflict: { http: 409, trpc: "CONFLICT", title: "Conflict" },
  idempotency_in_progress: { http: 409, trpc: "CONFLICT", title: "Idempotent request in progress" },
  gone: { http: 410, trpc: "NOT_FOUND", title: "Gone" },
  payload_too_large: { http: 413, trpc: "PAYLOAD_TOO_LARGE", title: "Payload too large" },
  unsupported_media_type: {
    http: 415,
    trpc: "UNSUPPORTED_MEDIA_TYPE",
    title: "Unsupported media type",
  },
  unprocessable: { http: 422, trpc: "UNPROCESSABLE_CONTENT", title: "Validation failed" },
  idempotency_key_mismatch: {
    http: 422,
    trpc: "UNPROCESSABLE_CONTENT",
    title: "Idempotency key reused with a different request",
  },
  rate_limited: { http: 429, trpc: "TOO_MANY_REQUESTS", title: "Too many requests" },
  internal: { http: 500, trpc: "INTERNAL_SERVER_ERROR", title: "Internal server error" },
  provider_auth_error: { http: 502, trpc: "BAD_GATEWAY", title: "Provider rejected Brikk's credentials" },
  provider_unavailable: { http: 503, trpc: "SERVICE_UNAVAILABLE", title: "Provider unavailable" },
  service_unavailable: { http: 503, trpc: "SERVICE_UNAVAILABLE", title: "Service unavailable" },
} as const satisfies Record<string, { http: number; trpc: TRPC_ERROR_CODE_KEY; title: string }>;

export type ErrorCode = keyof typeof ERROR_MAP;

/** One field-level validation problem, located by a JSON pointer into the request. */
export type FieldError = { pointer: string; detail: string };

export type AppErrorDetails = {
  errors?: FieldError[];
  /** Seconds until a retry may succeed (429, 503). */
  retryAfter?: number;
  /** Response headers that belong with this error (e.g. X-RateLimit-* on a 429). */
  headers?: Record<string, string>;
  [extra: string]: unknown;
};

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details: AppErrorDetails;
  /**
   * Set on a 404 for an id that exists in another organization. Never sent to the caller; the
   * transport audits it after the failed transaction has rolled back (see audit/cross-org.ts).
   */
  crossOrgProbe?: { resource: string; id: string; ownerOrgId: string; callerOrgId: string };

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_MAP[this.code].http;
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
