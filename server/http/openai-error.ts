import { AppError, ERROR_MAP, type ErrorCode } from "../errors";
import { jsonResponse } from "../platform/response-body";

// Errors on the OpenAI-compatible routes (/chat/completions, /models) in OpenAI's shape, so the
// official SDKs raise their usual exceptions: { error: { message, type, code, param } }, with
// Brikk's code and request id inside. The caller's mistakes are 400 there (OpenAI never sends 422).

const TYPES: Partial<Record<ErrorCode, string>> = {
  unauthorized: "authentication_error",
  signature_invalid: "authentication_error",
  forbidden: "permission_error",
  reputation_too_low: "permission_error",
  not_found: "not_found_error",
  insufficient_credits: "insufficient_quota",
  budget_exceeded: "insufficient_quota",
  rate_limited: "rate_limit_error",
  provider_auth_error: "api_error",
  provider_unavailable: "api_error",
  service_unavailable: "api_error",
  internal: "api_error",
};

const CALLER_MISTAKES = new Set<ErrorCode>([
  "unprocessable",
  "invalid_json",
  "bad_request",
  "payload_too_large",
  "unsupported_media_type",
]);

/** The status a code is answered with here: 400 for the caller's mistakes (413 stays 413). */
export function openAiStatusOf(code: ErrorCode): number {
  const status = ERROR_MAP[code].http;
  return CALLER_MISTAKES.has(code) && status !== 413 ? 400 : status;
}

export function openAiErrorResponse(error: unknown, requestId: string, headers?: HeadersInit): Response {
  const appError =
    error instanceof AppError
      ? error
      : new AppError("internal", "Something went wrong on our side; quote the request id if you report it");
  const { retryAfter, headers: extraHeaders, errors, ...extensions } = appError.details;
  const status = openAiStatusOf(appError.code);
  const pointer = errors?.[0]?.pointer;
  const body = {
    error: {
      message: appError.message,
      type: TYPES[appError.code] ?? "invalid_request_error",
      code: appError.code,
      param: pointer ? pointer.replace(/^\//, "").replaceAll("/", ".") : null,
      request_id: requestId,
      ...(errors ? { errors } : {}),
      ...extensions,
    },
  };
  const out = new Headers(headers);
  out.set("content-type", "application/json");
  out.set("cache-control", "no-store");
  out.set("x-request-id", requestId);
  if (retryAfter !== undefined) out.set("retry-after", String(retryAfter));
  for (const [name, value] of Object.entries(extraHeaders ?? {})) out.set(name, value);
  return jsonResponse(JSON.stringify(body), { status, headers: out });
}
