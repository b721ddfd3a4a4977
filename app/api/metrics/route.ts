import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/server/platform/env";
import { getMetrics } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

function bearerMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// GET /api/metrics — Prometheus text format; bearer METRICS_TOKEN when it is set.
export async function GET(req: Request) {
  const token = getEnv().metricsToken;
  if (token && !bearerMatches(req.headers.get("authorization"), token)) {
    return new Response("unauthorized\n", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
