import { CircuitState } from "cockatiel";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { getMetrics } from "../platform/metrics";
import { processGlobal } from "../platform/process-global";
import { type BreakerInfo, breakerFor } from "./breakers";
import { configuredProviders, type ProviderConfig } from "./catalog";
import { UpstreamError } from "./provider";
import { remoteProviderFor } from "./provider-registry";

// Active health probes (PROVIDER_HEALTHCHECK_INTERVAL_SECONDS, off by default): every interval,
// each remote provider is asked for its model list, and the answer is fed to the breakers of all
// that provider's models, the same breakers live calls use:
// - a failing probe counts as a failure (only the kinds a live call would count: 429, 5xx,
//   timeouts, network, Brikk's key refused), so a dead provider opens its breakers before a
//   caller pays the timeouts;
// - a passing probe only matters to a breaker that is not closed: it is the half-open trial that
//   closes it after the cooldown, so recovery does not wait for a caller to be the guinea pig.
//   On a closed breaker it is ignored: a model list that loads says nothing about chat calls
//   failing for one model, and must not wipe their count.

export type ProbeResult = {
  provider: string;
  ok: boolean;
  checked_at: string;
  latency_ms: number;
  error: string | null;
};

const results = () => processGlobal("llm.probes", () => new Map<string, ProbeResult>());

export function resetProbesForTests(): void {
  results().clear();
}

/** The last probe of each provider, for GET /api/v1/health/circuit-breakers. */
export function lastProbes(): ProbeResult[] {
  return [...results().values()].sort((a, b) => a.provider.localeCompare(b.provider));
}

async function feed(breaker: BreakerInfo, failure: UpstreamError | null): Promise<void> {
  if (!failure && breaker.policy.state === CircuitState.Closed) return;
  try {
    await breaker.policy.execute(async () => {
      if (failure) throw failure;
    });
  } catch {
    // The probe's own failure (already counted), or the breaker is still cooling down.
  }
}

type RemoteProvider = Extract<ProviderConfig, { kind: "openai-compatible" }>;

export async function probeProvider(config: RemoteProvider, signal: AbortSignal): Promise<ProbeResult> {
  const startedAt = performance.now();
  let failure: UpstreamError | null = null;
  try {
    await remoteProviderFor(config).ping(signal);
  } catch (error) {
    failure = error instanceof UpstreamError ? error : new UpstreamError("network", String(error));
  }
  await Promise.all(config.models.map((model) => feed(breakerFor(`${config.name}/${model}`), failure)));
  const result: ProbeResult = {
    provider: config.name,
    ok: failure === null,
    checked_at: new Date().toISOString(),
    latency_ms: Math.round(performance.now() - startedAt),
    error: failure?.message ?? null,
  };
  results().set(config.name, result);
  getMetrics().healthProbes.inc({ provider: config.name, outcome: failure?.outcome ?? "success" });
  return result;
}

/** One round: every configured remote provider, in parallel. */
export async function runHealthProbes(signal: AbortSignal = new AbortController().signal) {
  const remote = configuredProviders().filter((p): p is RemoteProvider => p.kind === "openai-compatible");
  return Promise.all(remote.map((provider) => probeProvider(provider, signal)));
}

/**
 * Probes every `intervalMs` until the returned stop function is called. A round never overlaps
 * the previous one, and the timer does not keep the process alive.
 */
export function startHealthProbes(intervalMs = getEnv().llm.healthcheckIntervalMs): () => void {
  if (intervalMs <= 0) return () => {};
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    try {
      const before = new Map(lastProbes().map((p) => [p.provider, p.ok]));
      // Logged when a provider's health changes, not on every round while it stays down.
      for (const probe of await runHealthProbes(controller.signal)) {
        if (before.get(probe.provider) === probe.ok) continue;
        if (probe.ok) getLogger().info({ provider: probe.provider }, "provider health probe passes");
        else
          getLogger().warn({ provider: probe.provider, error: probe.error }, "provider health probe failed");
      }
    } catch (error) {
      getLogger().error({ err: error }, "provider health probes failed to run");
    }
    if (!controller.signal.aborted) timer = setTimeout(round, intervalMs).unref();
  };
  timer = setTimeout(round, 0).unref();
  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
