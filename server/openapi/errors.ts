import { z } from "zod";
import { ERROR_MAP, type ErrorCode } from "../errors";
import type { EndpointContract } from "../http/endpoint";
import { errorEntry } from "../http/error-catalogue";
import { openAiStatusOf } from "../http/openai-error";

// Which errors an operation can answer. The pipeline's own refusals follow from the contract
// (who may call, what it validates, whether it writes); the service's come from its docs.

const FieldError = z.object({
  pointer: z
    .string()
    .meta({ description: "JSON pointer into the body (or the query/path parameter's name)." }),
  detail: z.string(),
  in: z.enum(["query", "path"]).optional(),
});

const ERROR_CODES = Object.keys(ERROR_MAP) as [ErrorCode, ...ErrorCode[]];

/** RFC 9457 problem details, as every /api/v1 route but the OpenAI-compatible ones answers errors. */
export const Problem = z
  .looseObject({
    type: z
      .string()
      .meta({ description: "Link to the code's entry in the error catalogue: `/docs/errors#<code>`." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: "What went wrong with this request, in words." }),
    code: z.enum(ERROR_CODES),
    request_id: z.string(),
    errors: z.array(FieldError).optional().meta({ description: "One entry per bad field (422)." }),
    retry_after: z.number().int().optional(),
  })
  .meta({ description: "An RFC 9457 problem: `application/problem+json`." });

/** OpenAI's error shape, so the official SDKs raise their usual exceptions. */
export const OpenAiError = z
  .object({
    error: z.looseObject({
      message: z.string(),
      type: z
        .string()
        .meta({ description: "OpenAI's error type: `invalid_request_error`, `authentication_error`, …" }),
      code: z.enum(ERROR_CODES),
      param: z.string().nullable(),
      request_id: z.string(),
      errors: z.array(FieldError).optional(),
      reputation: z.object({ stars: z.number(), threshold: z.number() }).optional().meta({
        description: "With `reputation_too_low`: the agent's overall stars and the premium threshold.",
      }),
    }),
  })
  .meta({ description: "An error in OpenAI's shape (the OpenAI-compatible routes)." });

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isIdempotent(method: string, contract: EndpointContract): boolean {
  return WRITE_METHODS.has(method) && contract.access !== "public";
}

/** Every error code the operation can answer. */
export function errorCodesOf(method: string, contract: EndpointContract): ErrorCode[] {
  const { access } = contract;
  const codes = new Set<ErrorCode>(["internal", "rate_limited", "service_unavailable"]);
  const keys = typeof access === "object" && Boolean(access.agentKeys || access.managementKeys);
  const sessions = access === "signed-in" || (typeof access === "object" && access.session);
  if (access !== "public") codes.add("unauthorized");
  if (keys) {
    // A signed request's body is read (size-limited) before the key is known.
    for (const code of ["signature_invalid", "payload_too_large"] as const) codes.add(code);
  }
  if (
    typeof access === "object" &&
    (!access.agentKeys || (access.managementKeys && access.managementKeys !== "any"))
  ) {
    codes.add("forbidden");
  }
  if (sessions && WRITE_METHODS.has(method)) codes.add("csrf_failed");
  if (isIdempotent(method, contract)) {
    for (const code of ["bad_request", "idempotency_in_progress", "idempotency_key_mismatch"] as const) {
      codes.add(code);
    }
  }
  if (contract.body) {
    for (const code of [
      "bad_request",
      "invalid_json",
      "unsupported_media_type",
      "unprocessable",
      "payload_too_large",
    ] as const) {
      codes.add(code);
    }
  }
  if (contract.query || contract.params) codes.add("unprocessable");
  if (contract.params) codes.add("not_found");
  for (const code of contract.docs?.errors ?? []) codes.add(code);
  return [...codes];
}

/** The HTTP status a code is answered with on this operation (OpenAI's routes say 400 for 422). */
export function statusOf(code: ErrorCode, contract: EndpointContract): number {
  return contract.errorFormat === "openai" ? openAiStatusOf(code) : ERROR_MAP[code].http;
}

/** Error codes grouped by the status they are answered with. */
export function errorsByStatus(method: string, contract: EndpointContract): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorCodesOf(method, contract).sort()) {
    const status = statusOf(code, contract);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

export function describeCodes(codes: ErrorCode[]): string {
  return codes.map((code) => `[\`${code}\`](/docs/errors#${code}): ${errorEntry(code).title}`).join(" · ");
}
