import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

// One registry per process, kept on globalThis: Next.js loads route handlers, the proxy and
// instrumentation as separate bundles, and each would otherwise count into its own copy.

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "brikk_" });
  const httpRequests = new Counter({
    name: "brikk_http_requests_total",
    help: "HTTP requests handled, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "brikk_http_request_duration_seconds",
    help: "HTTP request duration in seconds, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: "brikk_job_runs_total",
    help: "Scheduled job runs, by job and outcome (ok, skipped, failed)",
    labelNames: ["job", "outcome"] as const,
    registers: [registry],
  });
  const rateLimitBackendErrors = new Counter({
    name: "brikk_ratelimit_backend_errors_total",
    help: "Rate-limit checks that failed or timed out at the backend, by backend and policy",
    labelNames: ["backend", "policy"] as const,
    registers: [registry],
  });
  const apiKeyLookups = new Counter({
    name: "brikk_api_key_lookups_total",
    help: "API key verifications that reached the database (cache misses), by outcome (found, unknown)",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const authFailures = new Counter({
    name: "brikk_auth_failures_total",
    help: "Failed API-key authentications (bad key, bad signature, replay) and the 429s of their per-IP limit",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const writeBehindFailures = new Counter({
    name: "brikk_write_behind_failures_total",
    help: "Rows a write-behind queue could not write, by queue",
    labelNames: ["queue"] as const,
    registers: [registry],
  });
  const writeBehindBatch = new Histogram({
    name: "brikk_write_behind_batch_size",
    help: "Rows per write-behind flush, by queue",
    labelNames: ["queue"] as const,
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
    registers: [registry],
  });
  const ledgerDrift = new Gauge({
    name: "brikk_ledger_drift",
    help: "Ledger invariants broken at the last reconciliation (0 = balanced)",
    registers: [registry],
  });
  // LLM gateway.
  const providerRequests = new Counter({
    name: "brikk_llm_provider_requests_total",
    help: "Upstream provider calls by outcome (success, timeout, network, status_429, status_5xx, ...)",
    labelNames: ["provider", "model", "outcome"] as const,
    registers: [registry],
  });
  const providerLatency = new Histogram({
    name: "brikk_llm_provider_latency_seconds",
    help: "Upstream time per call: the whole answer, or until a stream started",
    labelNames: ["provider", "model"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const timeToFirstToken = new Histogram({
    name: "brikk_llm_time_to_first_token_seconds",
    help: "From the request's arrival to the first streamed token",
    labelNames: ["provider", "model"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const gatewayOverhead = new Histogram({
    name: "brikk_gateway_overhead_seconds",
    help: "Time a chat completion spent in Brikk rather than waiting on the upstream",
    labelNames: ["stream"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: "brikk_llm_tokens_total",
    help: "Tokens billed, by direction",
    labelNames: ["provider", "model", "direction"] as const,
    registers: [registry],
  });
  const llmCostUsd = new Counter({
    name: "brikk_llm_cost_usd_total",
    help: "Provider cost billed, in US dollars",
    labelNames: ["provider", "model"] as const,
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: "brikk_llm_breaker_state",
    help: "Circuit breaker per provider+model: 0 closed, 1 half-open, 2 open",
    labelNames: ["provider", "model"] as const,
    registers: [registry],
  });
  const healthProbes = new Counter({
    name: "brikk_llm_health_probes_total",
    help: "Active health probes per provider (PROVIDER_HEALTHCHECK_INTERVAL_SECONDS), by outcome",
    labelNames: ["provider", "outcome"] as const,
    registers: [registry],
  });
  const policyRejections = new Counter({
    name: "brikk_policy_rejections_total",
    help: "Requests refused by a policy: rate_limit, budget, credits",
    labelNames: ["policy"] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: "brikk_errors_total",
    help: "Errors answered, by a closed taxonomy (caller_*, policy_*, provider_*, internal)",
    labelNames: ["category"] as const,
    registers: [registry],
  });
  return {
    registry,
    providerRequests,
    providerLatency,
    timeToFirstToken,
    gatewayOverhead,
    llmTokens,
    llmCostUsd,
    breakerState,
    healthProbes,
    policyRejections,
    errors,
    ledgerDrift,
    httpRequests,
    httpDuration,
    jobRuns,
    rateLimitBackendErrors,
    apiKeyLookups,
    authFailures,
    writeBehindFailures,
    writeBehindBatch,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const METRICS_KEY = Symbol.for("brikk.metrics");
type MetricsHolder = { [METRICS_KEY]?: Metrics };

export function getMetrics(): Metrics {
  const holder = globalThis as MetricsHolder;
  holder[METRICS_KEY] ??= createMetrics();
  return holder[METRICS_KEY];
}
