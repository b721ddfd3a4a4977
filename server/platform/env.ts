import { TrustedProxies } from "./client-address";
import { type RawEnv, rawEnvSchema } from "./env-schema";

// The one place that reads process.env. Parsed once, validated with zod; optional integrations
// resolve to null when unset so callers test `if (env.github)` instead of poking at strings.

export type Mode = "embedded" | "server";

export type Env = ReturnType<typeof shapeEnv>;

function shapeEnv(raw: RawEnv, source: Record<string, string | undefined> = {}) {
  const mode: Mode = raw.DATABASE_URL ? "server" : "embedded";
  const corsOrigins = raw.CORS_ALLOWED_ORIGINS.split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    nodeEnv: raw.NODE_ENV,
    isProduction: raw.NODE_ENV === "production",
    mode,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.BRIKK_DATA_DIR,
    secrets: {
      AUTH_SECRET: raw.AUTH_SECRET,
      BRIKK_API_KEY_PEPPER: raw.BRIKK_API_KEY_PEPPER,
      BRIKK_ENCRYPTION_KEY: raw.BRIKK_ENCRYPTION_KEY,
    },
    authUrl: raw.AUTH_URL,
    authTrustHost: raw.AUTH_TRUST_HOST,
    github:
      raw.AUTH_GITHUB_ID && raw.AUTH_GITHUB_SECRET
        ? { clientId: raw.AUTH_GITHUB_ID, clientSecret: raw.AUTH_GITHUB_SECRET }
        : null,
    // Embedded mode is a single-user playground, so it gets a demo login; a server never does
    // unless an operator asks for one explicitly.
    seedDemo: raw.BRIKK_SEED_DEMO ? raw.BRIKK_SEED_DEMO === "true" : mode === "embedded",
    demoEmail: raw.BRIKK_DEMO_EMAIL.toLowerCase(),
    demoPassword: raw.BRIKK_DEMO_PASSWORD,
    port: raw.PORT,
    signInLimit: { limit: raw.BRIKK_SIGNIN_LIMIT, windowSeconds: raw.BRIKK_SIGNIN_WINDOW_SECONDS },
    /** Failed API-key authentications (bad key, bad signature, replay) per IP per minute. */
    authFailuresPerMin: raw.BRIKK_RATE_LIMIT_AUTH_FAILURES_PER_MIN,
    /** Socket peers whose X-Forwarded-For is believed (see platform/client-ip.ts). */
    trustedProxies: new TrustedProxies(raw.BRIKK_TRUSTED_PROXIES),
    bodyLimitBytes: raw.BRIKK_BODY_LIMIT_BYTES,
    inviteTtlDays: raw.BRIKK_INVITE_TTL_DAYS,
    jobsInProcess: raw.BRIKK_JOBS_IN_PROCESS ? raw.BRIKK_JOBS_IN_PROCESS === "true" : mode === "embedded",
    corsOrigins,
    rateLimitBackend: rateLimitBackendOf(raw),
    redisPrefix: raw.BRIKK_REDIS_PREFIX,
    rateLimitFailClosed: raw.BRIKK_RATE_LIMIT_FAIL_CLOSED,
    rateLimitTimeoutMs: raw.BRIKK_RATE_LIMIT_TIMEOUT_MS,
    apiKeyTtlDays: raw.BRIKK_API_KEY_TTL_DAYS,
    rateLimitEnabled: raw.BRIKK_RATE_LIMIT_ENABLED,
    idempotencyEnabled: raw.BRIKK_IDEM_ENABLED,
    /** How long a claim holds without renewal; a running request renews it every third of that. */
    idempotencyLockMs: raw.BRIKK_IDEMPOTENCY_LOCK_SECONDS * 1000,
    /** Requests per minute for each named API policy (seeds' defaults, each overridable). */
    apiRateLimits: {
      default: raw.BRIKK_RATE_LIMIT_PER_MIN,
      agentCreate: raw.BRIKK_RATE_LIMIT_AGENT_CREATE,
      agentList: raw.BRIKK_RATE_LIMIT_AGENT_LIST,
      echo: raw.BRIKK_RATE_LIMIT_ECHO,
      echoLogs: raw.BRIKK_RATE_LIMIT_ECHO_LOGS,
      coordination: raw.BRIKK_RATE_LIMIT_COORDINATION,
      reputationFeedback: raw.BRIKK_RATE_LIMIT_REPUTATION_FEEDBACK,
      /** Per organization (every key and member together), checked by the feedback service. */
      reputationFeedbackOrg: raw.BRIKK_RATE_LIMIT_REPUTATION_FEEDBACK_ORG,
      /** Coarse per-IP ceiling applied by proxy.ts to /api/v1 calls that carry no credentials. */
      anonymous: raw.BRIKK_RATE_LIMIT_ANONYMOUS_PER_MIN,
    },
    defaultCaps: {
      softUsdMicros: raw.BRIKK_DEFAULT_SOFT_CAP_USD,
      hardUsdMicros: raw.BRIKK_DEFAULT_HARD_CAP_USD,
    },
    hmac: { required: raw.BRIKK_HMAC_AUTH_ENABLED, maxSkewSeconds: raw.BRIKK_HMAC_MAX_SKEW_SECONDS },
    auditEnabled: raw.ENABLE_AUDIT_LOGGING,
    /** Serves /api/bench/echo, the bare baseline `npm run bench:echo` compares the pipeline with. */
    benchRoutes: raw.BRIKK_BENCH_ROUTES,
    /** How long message logs and idempotent responses may wait to be written in a batch; 0 = at once. */
    writeBehindMs: raw.BRIKK_WRITE_BEHIND_MS,
    /** PostgreSQL connections per process. */
    dbPoolMax: raw.BRIKK_DB_POOL_MAX,
    ledger: {
      revenueAccountId: raw.SYSTEM_REVENUE_ACCOUNT_ID,
      operationsAccountId: raw.SYSTEM_OPERATIONAL_ACCOUNT_ID,
      /** system_revenue is split into this many accounts so paid calls never queue on one row. */
      revenueShards: raw.BRIKK_REVENUE_SHARDS,
      revenueShardIds: Array.from(
        { length: raw.BRIKK_REVENUE_SHARDS },
        (_, i) => `${raw.SYSTEM_REVENUE_ACCOUNT_ID}#${String(i).padStart(2, "0")}`,
      ) as readonly string[],
      signupGrantMicros: raw.BRIKK_SIGNUP_CREDITS,
    },
    /** Prices in micro-credits. */
    prices: {
      apiCall: raw.CREDITS_PER_API_CALL,
      workflowExecution: raw.CREDITS_PER_WORKFLOW_EXECUTION,
      perMb: raw.CREDITS_PER_MB,
    },
    /** Stripe top-ups; null when the keys are not set (the dashboard then says so). */
    stripe:
      raw.STRIPE_SECRET_KEY && raw.STRIPE_PUBLISHABLE_KEY
        ? {
            secretKey: raw.STRIPE_SECRET_KEY,
            publishableKey: raw.STRIPE_PUBLISHABLE_KEY,
            webhookSecret: raw.STRIPE_WEBHOOK_SECRET,
            apiUrl: raw.STRIPE_API_URL,
            timeoutMs: raw.STRIPE_TIMEOUT_MS,
          }
        : null,
    topup: {
      priceCentsPerCredit: raw.CREDIT_PRICE_USD_CENTS,
      minCredits: raw.BRIKK_TOPUP_MIN_CREDITS,
      maxCredits: raw.BRIKK_TOPUP_MAX_CREDITS,
    },
    reservationTtlSeconds: raw.BRIKK_RESERVATION_TTL_SECONDS,
    anomaly: {
      usageMultiple: raw.BRIKK_ANOMALY_USAGE_MULTIPLE,
      failedPayments: raw.BRIKK_ANOMALY_FAILED_PAYMENTS,
    },
    /** Premium models and the reputation an agent key needs for them (null: nothing is gated). */
    premium: {
      models: new Set(
        raw.BRIKK_PREMIUM_MODELS.split(",")
          .map((m) => m.trim())
          .filter(Boolean),
      ),
      minStars: raw.BRIKK_PREMIUM_MIN_REPUTATION,
    },
    panel: {
      maxTokensPerTurn: raw.PANEL_MAX_TOKENS_PER_TURN,
      staleAfterSeconds: raw.PANEL_STALE_AFTER_SECONDS,
    },
    reputation: {
      decayRate: raw.REPUTATION_DECAY_RATE,
      nightlyEnabled: raw.NIGHTLY_REPUTATION_UPDATE_ENABLED,
      minEvidence: raw.REPUTATION_MIN_EVIDENCE,
      maxRaterShare: raw.REPUTATION_MAX_RATER_SHARE,
      shareCapMinRaters: raw.REPUTATION_SHARE_CAP_MIN_RATERS,
      burstPerHour: raw.REPUTATION_BURST_PER_HOUR,
      responseTimeTargetMs: raw.REPUTATION_RESPONSE_TIME_TARGET_MS,
      weights: {
        paid: raw.REPUTATION_WEIGHT_PAID,
        unpaid: raw.REPUTATION_WEIGHT_UNPAID,
        interaction: raw.REPUTATION_WEIGHT_INTERACTION,
        burst: raw.REPUTATION_WEIGHT_BURST,
      },
    },
    llm: {
      openai: raw.OPENAI_API_KEY ? { apiKey: raw.OPENAI_API_KEY, baseUrl: raw.OPENAI_BASE_URL } : null,
      mistral: raw.MISTRAL_API_KEY ? { apiKey: raw.MISTRAL_API_KEY, baseUrl: raw.MISTRAL_BASE_URL } : null,
      // A provider whose key variable is unset is left out, like openai/mistral without a key.
      extraProviders: raw.BRIKK_PROVIDERS.flatMap((p) => {
        const apiKey = source[p.apiKeyEnv]?.trim();
        return apiKey ? [{ name: p.name, baseUrl: p.baseUrl, apiKey, models: p.models }] : [];
      }),
      timeoutMs: raw.PROVIDER_TIMEOUT_SECONDS * 1000,
      streamIdleMs: raw.PROVIDER_STREAM_IDLE_SECONDS * 1000,
      maxRetries: raw.PROVIDER_MAX_RETRIES,
      retryBaseMs: raw.PROVIDER_RETRY_BASE_MS,
      breakerFailures: raw.PROVIDER_BREAKER_FAILURES,
      breakerCooldownMs: raw.PROVIDER_BREAKER_COOLDOWN_SECONDS * 1000,
      healthcheckIntervalMs: raw.PROVIDER_HEALTHCHECK_INTERVAL_SECONDS * 1000,
      creditsPerUsd: raw.CREDITS_PER_USD,
      alertWebhookUrl: raw.BRIKK_ALERT_WEBHOOK_URL,
      defaultMaxTokens: raw.BRIKK_LLM_DEFAULT_MAX_TOKENS,
      localTokensPerSecond: raw.BRIKK_LOCAL_TOKENS_PER_SECOND,
    },
    metricsToken: raw.METRICS_TOKEN,
    cronSecret: raw.CRON_SECRET,
    logLevel: raw.LOG_LEVEL,
  };
}

export type RateLimitBackend =
  | { kind: "upstash"; url: string; token: string }
  | { kind: "redis"; url: string }
  | { kind: "memory" };

// Upstash REST wins when both are configured: it is what serverless deployments can reach.
function rateLimitBackendOf(raw: RawEnv): RateLimitBackend {
  if (raw.UPSTASH_REDIS_REST_URL && raw.UPSTASH_REDIS_REST_TOKEN) {
    return { kind: "upstash", url: raw.UPSTASH_REDIS_REST_URL, token: raw.UPSTASH_REDIS_REST_TOKEN };
  }
  if (raw.REDIS_URL) return { kind: "redis", url: raw.REDIS_URL };
  return { kind: "memory" };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = rawEnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = shapeEnv(result.data, source);
  if (env.isProduction && env.corsOrigins.includes("*")) {
    throw new ConfigError(
      "Invalid environment:\n  CORS_ALLOWED_ORIGINS: a wildcard is not allowed in production",
    );
  }
  return env;
}

const ENV_KEY = Symbol.for("brikk.env");
type EnvHolder = { [ENV_KEY]?: Env };

/** The validated environment, parsed on first use and shared by every bundle in the process. */
export function getEnv(): Env {
  const holder = globalThis as EnvHolder;
  holder[ENV_KEY] ??= parseEnv(process.env);
  return holder[ENV_KEY];
}

/** Tests change configuration through this instead of mutating process.env. */
export function setEnvForTests(overrides: Record<string, string | undefined>): Env {
  const env = parseEnv({ ...process.env, ...overrides });
  (globalThis as EnvHolder)[ENV_KEY] = env;
  return env;
}

export function resetEnvForTests(): void {
  delete (globalThis as EnvHolder)[ENV_KEY];
}
