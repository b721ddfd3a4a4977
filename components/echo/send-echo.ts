export type EchoResult = {
  status: number;
  ok: boolean;
  latencyMs: number;
  requestId: string | null;
  rateLimit: { limit: string; remaining: string; reset: string } | null;
  body: unknown;
};

export type EchoRequest = {
  endpoint: "/api/v1/coordination/echo" | "/api/v1/echo";
  message: string;
  metadata: string;
  apiKey: string;
};

/** Parses the metadata box: empty means none; anything else must be a JSON object. */
export function parseMetadata(
  text: string,
): { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return { ok: false, error: "Metadata must be a JSON object" };
    return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, error: "Metadata is not valid JSON" };
  }
}

/**
 * Calls the public API from the browser exactly as a client would: with an agent's key when one
 * is given (sent as that agent), otherwise with the dashboard session (sent as yourself).
 */
export async function sendEcho(
  request: EchoRequest,
  metadata: Record<string, unknown> | undefined,
): Promise<EchoResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (request.apiKey.trim()) headers.authorization = `Bearer ${request.apiKey.trim()}`;
  const started = performance.now();
  const res = await fetch(request.endpoint, {
    method: "POST",
    headers,
    credentials: request.apiKey.trim() ? "omit" : "same-origin",
    body: JSON.stringify({ message: request.message, ...(metadata ? { metadata } : {}) }),
  });
  const body: unknown = await res.json().catch(() => null);
  const limit = res.headers.get("x-ratelimit-limit");
  return {
    status: res.status,
    ok: res.ok,
    latencyMs: Math.round(performance.now() - started),
    requestId: res.headers.get("x-request-id"),
    rateLimit: limit
      ? {
          limit,
          remaining: res.headers.get("x-ratelimit-remaining") ?? "",
          reset: res.headers.get("x-ratelimit-reset") ?? "",
        }
      : null,
    body,
  };
}
