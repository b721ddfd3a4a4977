import { HealthReport } from "@/server/health/schemas";
import { checkHealth } from "@/server/health/service";
import { endpoint, json } from "@/server/http/endpoint";

// GET /api/v1/coordination/health — dependencies; 503 when the API cannot serve (database down, or
// a fail-closed rate limiter unreachable), 200 "degraded" when it serves without a shared limit.
export const GET = endpoint(
  {
    docs: {
      id: "getHealth",
      tag: "Health",
      summary: "Check the API's health",
      description:
        "The database and rate-limit backend, version and uptime. `degraded` when it serves without a shared rate limit.",
      otherResponses: {
        503: { description: "Down: the database is unreachable, or a fail-closed rate limiter is." },
      },
    },
    route: "/api/v1/coordination/health",
    access: "public",
    database: false,
    response: HealthReport,
  },
  async () => {
    const report = await checkHealth();
    return json(report, { status: report.status === "down" ? 503 : 200 });
  },
);
