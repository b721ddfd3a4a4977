import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleWhen,
  type IBreaker,
} from "cockatiel";
import { getEnv } from "../platform/env";
import { getMetrics } from "../platform/metrics";
import { processGlobal } from "../platform/process-global";
import { UpstreamError } from "./provider";

// One circuit breaker per provider+model (cockatiel). It opens after PROVIDER_BREAKER_FAILURES
// consecutive failures, or when over half of the last 20 calls failed (once 10 were seen), and
// half-opens after PROVIDER_BREAKER_COOLDOWN_SECONDS to let one probe through. Only the upstream's
// failures count: a 400 for the caller's input says nothing about the provider's health.

/** Opens when either rule says so. */
class EitherBreaker implements IBreaker {
  constructor(private readonly breakers: IBreaker[]) {}

  get state(): unknown {
    return this.breakers.map((b) => b.state);
  }

  set state(value: unknown) {
    (value as unknown[]).forEach((s, i) => {
      const breaker = this.breakers[i];
      if (breaker) breaker.state = s;
    });
  }

  success(state: CircuitState): void {
    for (const b of this.breakers) b.success(state);
  }

  failure(state: CircuitState): boolean {
    return this.breakers.map((b) => b.failure(state)).some(Boolean);
  }
}

const providerFailure = handleWhen(
  (error) => error instanceof UpstreamError && (error.retryable || error.authFailure),
);

export type BreakerInfo = {
  key: string;
  policy: CircuitBreakerPolicy;
  consecutiveFailures: number;
  failures: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  openedAt: number | null;
};

const registry = () => processGlobal("llm.breakers", () => new Map<string, BreakerInfo>());

export function breakerFor(key: string): BreakerInfo {
  const existing = registry().get(key);
  if (existing) return existing;
  const { breakerFailures, breakerCooldownMs } = getEnv().llm;
  const policy = circuitBreaker(providerFailure, {
    halfOpenAfter: breakerCooldownMs,
    breaker: new EitherBreaker([
      new ConsecutiveBreaker(breakerFailures),
      new CountBreaker({ threshold: 0.5, size: 20, minimumNumberOfCalls: 10 }),
    ]),
  });
  const info: BreakerInfo = {
    key,
    policy,
    consecutiveFailures: 0,
    failures: 0,
    lastSuccessAt: null,
    lastFailureAt: null,
    openedAt: null,
  };
  policy.onSuccess(() => {
    info.consecutiveFailures = 0;
    info.lastSuccessAt = Date.now();
  });
  policy.onFailure(({ handled }) => {
    if (!handled) return;
    info.consecutiveFailures++;
    info.failures++;
    info.lastFailureAt = Date.now();
  });
  const [provider = "", ...model] = key.split("/");
  const gauge = { provider, model: model.join("/") };
  getMetrics().breakerState.set(gauge, 0);
  policy.onStateChange((state) => {
    getMetrics().breakerState.set(
      gauge,
      state === CircuitState.Open ? 2 : state === CircuitState.HalfOpen ? 1 : 0,
    );
  });
  policy.onBreak(() => {
    info.openedAt = Date.now();
  });
  policy.onReset(() => {
    info.openedAt = null;
  });
  registry().set(key, info);
  return info;
}

export function allBreakers(): BreakerInfo[] {
  return [...registry().values()];
}

export function stateName(state: CircuitState): "closed" | "open" | "half_open" | "isolated" {
  if (state === CircuitState.Open) return "open";
  if (state === CircuitState.HalfOpen) return "half_open";
  if (state === CircuitState.Isolated) return "isolated";
  return "closed";
}

export function resetBreakersForTests(): void {
  registry().clear();
}

export type BreakerView = {
  provider: string;
  model: string;
  state: ReturnType<typeof stateName>;
  consecutive_failures: number;
  failures: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  /** When an open breaker lets its next probe through. */
  next_probe_at: string | null;
};

/** Every provider+model the gateway has called, for GET /api/v1/health/circuit-breakers. */
export function breakerViews(): BreakerView[] {
  const { breakerCooldownMs } = getEnv().llm;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return allBreakers()
    .map((info) => {
      const [provider = "", ...model] = info.key.split("/");
      const state = stateName(info.policy.state);
      return {
        provider,
        model: model.join("/"),
        state,
        consecutive_failures: info.consecutiveFailures,
        failures: info.failures,
        last_success_at: iso(info.lastSuccessAt),
        last_failure_at: iso(info.lastFailureAt),
        next_probe_at:
          state === "open" && info.openedAt !== null ? iso(info.openedAt + breakerCooldownMs) : null,
      };
    })
    .sort((a, b) => `${a.provider}/${a.model}`.localeCompare(`${b.provider}/${b.model}`));
}
