import { endpoint } from "@/server/http/endpoint";
import { breakerViews } from "@/server/llm/breakers";

// GET /api/v1/health/circuit-breakers — each provider+model's breaker in this process: state,
// failure counts, last success and when an open breaker probes next.
export const GET = endpoint(
  { route: "/api/v1/health/circuit-breakers", auth: "none", database: false },
  async () => ({ breakers: breakerViews() }),
);
