import { ERROR_MAP, type ErrorCode } from "../errors";

// What each error code means and what the caller should do about it: the API reference's error
// catalogue (/docs/errors) and the descriptions of every documented error response. Typed over
// ErrorCode, so a new code cannot ship without its entry.

export type ErrorEntry = { meaning: string; action: string; retry: "yes" | "no" | "after-fix" };

const ENTRIES: Record<ErrorCode, ErrorEntry> = {
  bad_request: {
    meaning:
      "The request is malformed in a way no field names: an empty or over-long Idempotency-Key, a body that is not UTF-8, a Stripe delivery without a valid Stripe-Signature.",
    action: "Read `detail`, fix the request and send it again.",
    retry: "after-fix",
  },
  invalid_json: {
    meaning: "The body is not valid JSON.",
    action: "Send a JSON document with `Content-Type: application/json`.",
    retry: "after-fix",
  },
  unauthorized: {
    meaning:
      "No credentials, or credentials that do not work: an unknown, expired, revoked or rotated-out key, a key of a deleted or inactive agent, a signed-out session. Every failed key gets the same answer.",
    action:
      "Send a live key as `Authorization: Bearer brk_live_…` (or `X-Brikk-API-Key`), or sign in. Repeated failures from one address are throttled (429).",
    retry: "after-fix",
  },
  signature_invalid: {
    meaning:
      "A signed request was refused: a missing header, a timestamp outside the allowed window, a signature that does not match, a replayed signature, or a bearer secret sent for a key that must sign.",
    action:
      "Sign each request afresh: `v1=` + HMAC-SHA256 of timestamp, method, path with query and the body's SHA-256 (see the authentication guide). Check the client's clock.",
    retry: "after-fix",
  },
  insufficient_credits: {
    meaning: "The organization's available credits do not cover the call. Nothing was charged.",
    action: "Top up (`POST /api/v1/billing/topup`) or ask an owner to; then retry.",
    retry: "after-fix",
  },
  budget_exceeded: {
    meaning:
      "The key's daily LLM spend cap (`hard_cap_usd`) would be passed by this call. Nothing was charged.",
    action: "Wait for the next UTC day, or raise the key's `hard_cap_usd` with `PATCH /api/v1/keys/{id}`.",
    retry: "after-fix",
  },
  forbidden: {
    meaning:
      "The caller is known but may not do this: an agent key managing the organization, a management key without the scope, a role too low, or a secret being retired by a rotation managing keys.",
    action: "Use a caller with the right role or scope (see the route's description).",
    retry: "no",
  },
  csrf_failed: {
    meaning: "A session request that changes state came from another site (its `Origin` is not this app's).",
    action: "Call from the dashboard's origin, or use an API key (keys are not subject to CSRF).",
    retry: "no",
  },
  reputation_too_low: {
    meaning:
      "The model is a premium model (`BRIKK_PREMIUM_MODELS`) and the calling agent is public, no longer provisional, and rated below `BRIKK_PREMIUM_MIN_REPUTATION` stars. The error carries `reputation.stars` and `reputation.threshold`.",
    action:
      "Call a model that is not premium, or earn better feedback: the score is read at most a minute late once it moves.",
    retry: "after-fix",
  },
  not_found: {
    meaning:
      "No such resource in the caller's organization. Another organization's resource answers the same (and the probe is audited).",
    action: "Check the id and the organization the credentials act for.",
    retry: "no",
  },
  conflict: {
    meaning:
      "The resource's state forbids the change: a revoked key cannot be rotated, an email already has an account, an organization must keep an owner, a Stripe event that did not fail cannot be retried.",
    action: "Read `detail`; fetch the resource to see its current state.",
    retry: "no",
  },
  idempotency_in_progress: {
    meaning: "A request with the same `Idempotency-Key` is still running.",
    action: "Retry after `Retry-After` seconds; you will get the first request's stored answer.",
    retry: "yes",
  },
  gone: {
    meaning: "The invitation was already used or has expired.",
    action: "Ask an admin of the organization for a new invitation.",
    retry: "no",
  },
  payload_too_large: {
    meaning: "The body is over the route's size limit (1 MiB by default, 4 MiB for chat completions).",
    action: "Send less; the connection is closed after this answer.",
    retry: "after-fix",
  },
  unsupported_media_type: {
    meaning: "The body is not sent as JSON.",
    action: "Set `Content-Type: application/json`.",
    retry: "after-fix",
  },
  unprocessable: {
    meaning:
      "The request is well-formed JSON but a field is wrong: missing, of the wrong type, out of range, unknown, or text PostgreSQL cannot store. `errors` lists every bad field as a JSON pointer with a message.",
    action: "Fix the fields `errors` names and send again.",
    retry: "after-fix",
  },
  idempotency_key_mismatch: {
    meaning: "This `Idempotency-Key` was already used for a different request (method, path, query or body).",
    action: "Use a new key for a new request; reuse a key only to retry the very same request.",
    retry: "after-fix",
  },
  rate_limited: {
    meaning:
      "Over a rate limit: the key's own, the route's policy, the organization's default, the anonymous per-address ceiling, or the failed-authentication limit. `X-RateLimit-*` name the policy's numbers.",
    action: "Wait `Retry-After` seconds, then retry; spread calls out or ask for a higher limit.",
    retry: "yes",
  },
  internal: {
    meaning: "A bug on Brikk's side. Nothing about it is revealed; the request id finds it in the logs.",
    action: "Retry once; if it persists, report the `request_id`.",
    retry: "yes",
  },
  provider_auth_error: {
    meaning: "An upstream provider (an LLM provider or Stripe) rejected this server's credentials.",
    action: "Tell the operator; retrying will not help until the server's provider key is fixed.",
    retry: "no",
  },
  provider_unavailable: {
    meaning:
      "No provider in the model's fallback chain could answer: timeouts, 5xx, open circuit breakers. Nothing was charged.",
    action: "Retry after `Retry-After` seconds, or name fallback `models`.",
    retry: "yes",
  },
  service_unavailable: {
    meaning:
      "A dependency Brikk needs is down: the database, a fail-closed rate limiter, or an unconfigured integration (Stripe).",
    action: "Retry after `Retry-After` seconds.",
    retry: "yes",
  },
};

/** `status: "stream"`: sent inside an event stream that had already answered 200. */
export type CatalogueEntry = ErrorEntry & { code: string; status: number | "stream"; title: string };

/** Codes that arrive as an error event inside a stream, not as a response of their own. */
const STREAM_ENTRIES: CatalogueEntry[] = [
  {
    code: "provider_stream_cut",
    status: "stream",
    title: "Provider stream interrupted",
    meaning:
      "The provider's stream broke off after it had started: the last event is this error in OpenAI's shape, never a clean `[DONE]`. The tokens delivered were charged, nothing more.",
    action: "Keep what arrived or ask again; retrying the same request asks the provider anew.",
    retry: "yes",
  },
];

/** Every error code: by status, then code; the in-stream codes last. */
export function errorCatalogue(): CatalogueEntry[] {
  const responses = (Object.keys(ENTRIES) as ErrorCode[])
    .map((code) => errorEntry(code))
    .sort((a, b) => (a.status as number) - (b.status as number) || a.code.localeCompare(b.code));
  return [...responses, ...STREAM_ENTRIES];
}

export function errorEntry(code: ErrorCode): CatalogueEntry & { status: number } {
  return { code, status: ERROR_MAP[code].http, title: ERROR_MAP[code].title, ...ENTRIES[code] };
}
