import { checkHealth } from "@/server/health/service";
import { endpoint, json } from "@/server/http/endpoint";

// GET /api/v1/coordination/health — liveness and dependencies; 503 when the database is down.
export const GET = endpoint(
  { route: "/api/v1/coordination/health", auth: "none", database: false },
  async () => {
    const report = await checkHealth();
    return json(report, { status: report.status === "ok" ? 200 : 503 });
  },
);
