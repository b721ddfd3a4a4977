import { AppError, type ErrorCode } from "../errors";

// The closed set of error categories the metrics use: whose fault, and which policy.

export type ErrorCategory =
  | "caller_invalid"
  | "caller_auth"
  | "caller_forbidden"
  | "caller_not_found"
  | "caller_conflict"
  | "policy_rate_limit"
  | "policy_budget"
  | "policy_credits"
  | "provider_auth"
  | "provider_unavailable"
  | "provider_stream_cut"
  | "internal";

const CATEGORIES: Partial<Record<ErrorCode, ErrorCategory>> = {
  unauthorized: "caller_auth",
  signature_invalid: "caller_auth",
  forbidden: "caller_forbidden",
  csrf_failed: "caller_forbidden",
  not_found: "caller_not_found",
  gone: "caller_not_found",
  conflict: "caller_conflict",
  idempotency_in_progress: "caller_conflict",
  rate_limited: "policy_rate_limit",
  budget_exceeded: "policy_budget",
  insufficient_credits: "policy_credits",
  provider_auth_error: "provider_auth",
  provider_unavailable: "provider_unavailable",
  service_unavailable: "internal",
  internal: "internal",
};

export function errorCategory(error: unknown): ErrorCategory {
  if (!(error instanceof AppError)) return "internal";
  return CATEGORIES[error.code] ?? "caller_invalid";
}

/** The policy a refusal came from, if it came from one. */
export function policyOf(category: ErrorCategory): "rate_limit" | "budget" | "credits" | null {
  if (category === "policy_rate_limit") return "rate_limit";
  if (category === "policy_budget") return "budget";
  if (category === "policy_credits") return "credits";
  return null;
}
