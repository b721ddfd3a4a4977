import { endpoint } from "@/server/http/endpoint";
import { breakerViews } from "@/server/llm/breakers";
import { lastProbes } from "@/server/llm/health-probes";
import { BreakerReport } from "@/server/llm/schemas";
import { getEnv } from "@/server/platform/env";

// GET /api/v1/health/circuit-breakers — each provider+model's breaker in this process: state,
// failure counts, last success and when an open breaker probes next; and, when active health
// probes are on, each provider's last probe.
export const GET = endpoint(
  {
    docs: {
      id: "getCircuitBreakers",
      tag: "Health",
      summary: "List the gateway's circuit breakers",
      description:
        "Each provider and model's breaker in this process (state, failures, last success, next probe) and, with active health probes on, each provider's last probe.",
    },
    route: "/api/v1/health/circuit-breakers",
    access: "public",
    database: false,
    response: BreakerReport,
  },
  async () => ({
    breakers: breakerViews(),
    probes: { interval_seconds: getEnv().llm.healthcheckIntervalMs / 1000, last: lastProbes() },
  }),
);
