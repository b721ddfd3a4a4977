import { HealthReport } from "@/server/health/schemas";
import { checkHealth } from "@/server/health/service";
import { endpoint, json } from "@/server/http/endpoint";

// GET /api/v1/coordination/health — dependencies; 503 when the API cannot serve (database down, or
// a fail-closed rate limiter unreachable), 200 "degraded" when it serves without a shared limit.
export const GET = endpoint(
  { route: "/api/v1/coordination/health", access: "public", database: false, response: HealthReport },
  async () => {
    const report = await checkHealth();
    return json(report, { status: report.status === "down" ? 503 : 200 });
  },
);
