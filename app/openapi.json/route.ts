import { createHash } from "node:crypto";
import { openApiJson } from "@/server/openapi/serve";
import { getEnv } from "@/server/platform/env";

// GET /openapi.json — the API's OpenAPI 3.1 document, priced with this server's live prices.
// Built once per process (the routes and prices do not change while it runs).

let cached: { text: string; etag: string } | null = null;

export function GET(req: Request): Response {
  if (!cached) {
    const text = openApiJson(getEnv());
    cached = { text, etag: `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"` };
  }
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "public, max-age=300",
    etag: cached.etag,
    "access-control-allow-origin": "*",
  };
  if (req.headers.get("if-none-match") === cached.etag) return new Response(null, { status: 304, headers });
  return new Response(cached.text, { headers });
}
