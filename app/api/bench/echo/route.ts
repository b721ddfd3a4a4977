import { randomUUID } from "node:crypto";
import { getEnv } from "@/server/platform/env";

// The baseline for `npm run bench:echo`: a bare Next route answering what POST /api/v1/echo
// answers, with none of the pipeline (no auth, limits, idempotency, validation, log row).
// Off unless BRIKK_BENCH_ROUTES=true, so production never serves an unauthenticated echo.
export async function POST(req: Request): Promise<Response> {
  if (!getEnv().benchRoutes) return new Response(null, { status: 404 });
  const body = (await req.json()) as { message?: unknown };
  return Response.json(
    { echo: body.message, request_id: `req_${randomUUID()}`, timestamp: new Date().toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
}
