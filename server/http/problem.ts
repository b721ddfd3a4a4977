import { AppError, ERROR_MAP, type ErrorCode } from "../errors";
import { jsonResponse } from "../platform/response-body";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  request_id: string;
  [extension: string]: unknown;
};

export function problemFor(error: AppError, requestId: string): Problem {
  const { retryAfter, headers: _headers, ...extensions } = error.details;
  return {
    type: `/docs/errors#${error.code}`,
    title: ERROR_MAP[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    request_id: requestId,
    ...extensions,
    ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}),
  };
}

/** RFC 9457 response for an AppError; anything else becomes a 500 that reveals nothing. */
export function problemResponse(error: unknown, requestId: string, headers?: HeadersInit): Response {
  const appError =
    error instanceof AppError
      ? error
      : new AppError("internal", "Something went wrong on our side; quote the request id if you report it");
  const body = problemFor(appError, requestId);
  const out = new Headers(headers);
  out.set("content-type", PROBLEM_CONTENT_TYPE);
  out.set("cache-control", "no-store");
  out.set("x-request-id", requestId);
  if (appError.details.retryAfter !== undefined) out.set("retry-after", String(appError.details.retryAfter));
  for (const [name, value] of Object.entries(appError.details.headers ?? {})) out.set(name, value);
  if (appError.code === "unauthorized" && !out.has("www-authenticate")) {
    out.set("www-authenticate", 'Bearer realm="brikk"');
  }
  return jsonResponse(JSON.stringify(body), { status: body.status, headers: out });
}
