import { z } from "zod";
import { TrustedProxies } from "./client-address";
import { parseCreditsToMicros, parseUsdToMicros } from "./money";

// The one place that reads process.env. Parsed once, validated with zod; optional integrations
// resolve to null when unset so callers test `if (env.github)` instead of poking at strings.

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1"));

const int = (fallback: number, min = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        ctx.addIssue({ code: "custom", message: `must be an integer >= ${min}` });
        return z.NEVER;
      }
      return n;
    });

const credits = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseCreditsToMicros(v?.trim() ? v : fallback);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a credit amount like 0.1 (at most 6 decimals)" });
        return z.NEVER;
      }
    });

const usd = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseUsdToMicros(v?.trim() ? v : fallback);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a USD amount like 5.00" });
        return z.NEVER;
      }
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? null : v.trim()));

/** One OpenAI-compatible provider from BRIKK_PROVIDERS. */
const extraProviderList = z
  .array(
    z.strictObject({
      name: z
        .string()
        .regex(/^[a-z][a-z0-9-]{1,30}$/, "name must be lowercase letters, digits and dashes")
        .refine((n) => !["openai", "mistral", "local"].includes(n), "name is taken by a built-in provider"),
      baseUrl: z.url({ error: "baseUrl must be a URL" }),
      apiKeyEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "apiKeyEnv must name an environment variable"),
      models: z.array(z.string().min(1).max(100)).min(1, "models must list at least one model"),
    }),
  )
  .refine((list) => new Set(list.map((p) => p.name)).size === list.length, "provider names must be unique");

const rawEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
      .nullable(),
  ),
  BRIKK_DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: optionalString,
  BRIKK_API_KEY_PEPPER: optionalString,
  BRIKK_ENCRYPTION_KEY: optionalString,
  AUTH_URL: optionalString,
  AUTH_TRUST_HOST: bool(true),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  BRIKK_SEED_DEMO: z.enum(["true", "false", ""]).optional(),
  BRIKK_DEMO_EMAIL: z.email().default("demo@brikk.local"),
  BRIKK_DEMO_PASSWORD: optionalString,
  PORT: int(3000, 1),
  BRIKK_SIGNIN_LIMIT: int(10, 1),
  BRIKK_SIGNIN_WINDOW_SECONDS: int(900, 1),
  BRIKK_BODY_LIMIT_BYTES: int(1_048_576, 1),
  BRIKK_INVITE_TTL_DAYS: int(7, 1),
  BRIKK_JOBS_IN_PROCESS: z.enum(["true", "false", ""]).optional(),
  CORS_ALLOWED_ORIGINS: z.string().default(""),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .nullable(),
  ),
  UPSTASH_REDIS_REST_URL: optionalString.pipe(z.url("must be a URL").nullable()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  BRIKK_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:-]+$/, "letters, digits, _ : - only")
    .default("brikk"),
  BRIKK_RATE_LIMIT_FAIL_CLOSED: bool(false),
  BRIKK_RATE_LIMIT_TIMEOUT_MS: int(250, 1),
  BRIKK_IDEM_ENABLED: bool(true),
  BRIKK_IDEMPOTENCY_LOCK_SECONDS: int(60, 1),
  BRIKK_RATE_LIMIT_ENABLED: bool(true),
  BRIKK_RATE_LIMIT_PER_MIN: int(60, 1),
  BRIKK_RATE_LIMIT_ANONYMOUS_PER_MIN: int(300, 1),
  BRIKK_RATE_LIMIT_AUTH_FAILURES_PER_MIN: int(60, 1),
  BRIKK_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const cidrs = value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean);
      try {
        new TrustedProxies(cidrs);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
      return cidrs;
    }),
  BRIKK_RATE_LIMIT_AGENT_CREATE: int(10, 1),
  BRIKK_RATE_LIMIT_AGENT_LIST: int(300, 1),
  BRIKK_RATE_LIMIT_ECHO: int(50, 1),
  BRIKK_RATE_LIMIT_ECHO_LOGS: int(100, 1),
  BRIKK_RATE_LIMIT_COORDINATION: int(100, 1),
  BRIKK_API_KEY_TTL_DAYS: int(365, 0),
  BRIKK_DEFAULT_SOFT_CAP_USD: usd("5.00"),
  BRIKK_DEFAULT_HARD_CAP_USD: usd("10.00"),
  BRIKK_HMAC_AUTH_ENABLED: bool(false),
  BRIKK_HMAC_MAX_SKEW_SECONDS: int(300, 1),
  ENABLE_AUDIT_LOGGING: bool(true),
  BRIKK_BENCH_ROUTES: bool(false),
  BRIKK_WRITE_BEHIND_MS: int(10, 0),
  BRIKK_DB_POOL_MAX: int(10, 1),
  SYSTEM_REVENUE_ACCOUNT_ID: z.string().trim().min(1).default("system_revenue"),
  SYSTEM_OPERATIONAL_ACCOUNT_ID: z.string().trim().min(1).default("system_ops"),
  BRIKK_REVENUE_SHARDS: int(16, 1),
  BRIKK_SIGNUP_CREDITS: credits("100"),
  CREDITS_PER_API_CALL: credits("1"),
  CREDITS_PER_WORKFLOW_EXECUTION: credits("10"),
  CREDITS_PER_MB: credits("0.1"),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_PUBLISHABLE_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  /** Where the Stripe SDK sends API calls; only set to point it at a fake Stripe in tests. */
  STRIPE_API_URL: optionalString.pipe(
    z.url({ error: "must be a URL like http://127.0.0.1:12111" }).nullable(),
  ),
  /** How long one call to Stripe's API may take before it is retried (twice) and then given up. */
  STRIPE_TIMEOUT_MS: int(15_000, 100),
  CREDIT_PRICE_USD_CENTS: int(1, 1),
  BRIKK_TOPUP_MIN_CREDITS: int(50, 1),
  BRIKK_TOPUP_MAX_CREDITS: int(100_000, 1),
  BRIKK_RESERVATION_TTL_SECONDS: int(300, 1),
  /** Hourly usage above this multiple of the 7-day hourly average raises an anomaly flag. */
  BRIKK_ANOMALY_USAGE_MULTIPLE: int(5, 2),
  /** This many failed payments in an org within an hour raise an anomaly flag. */
  BRIKK_ANOMALY_FAILED_PAYMENTS: int(3, 1),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url({ error: "must be a URL" }).default("https://api.openai.com/v1"),
  MISTRAL_API_KEY: optionalString,
  MISTRAL_BASE_URL: z.url({ error: "must be a URL" }).default("https://api.mistral.ai/v1"),
  /** More OpenAI-compatible providers: a JSON list of { name, baseUrl, apiKeyEnv, models }. */
  BRIKK_PROVIDERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON list" });
        return z.NEVER;
      }
      const result = extraProviderList.safeParse(parsed);
      if (!result.success) {
        const issue = result.error.issues[0];
        ctx.addIssue({ code: "custom", message: `${issue?.path.join(".") || "list"}: ${issue?.message}` });
        return z.NEVER;
      }
      return result.data;
    }),
  PROVIDER_TIMEOUT_SECONDS: int(30, 1),
  PROVIDER_STREAM_IDLE_SECONDS: int(30, 1),
  PROVIDER_MAX_RETRIES: int(3, 0),
  PROVIDER_BREAKER_FAILURES: int(5, 1),
  /** First retry waits up to this long (full jitter, doubling per attempt, at most 8 s). */
  PROVIDER_RETRY_BASE_MS: int(250, 0),
  PROVIDER_BREAKER_COOLDOWN_SECONDS: int(30, 1),
  /** Probe each remote provider (GET /models) this often and feed the breakers; 0 = off. */
  PROVIDER_HEALTHCHECK_INTERVAL_SECONDS: int(0, 0),
  /** Receives a JSON POST when a key crosses 50 / 80 / 100 % of its daily soft cap. */
  BRIKK_ALERT_WEBHOOK_URL: optionalString.pipe(z.url({ error: "must be a URL" }).nullable()),
  /** Credits per US dollar of provider cost (100 = one credit per cent, the top-up price). */
  CREDITS_PER_USD: int(100, 0),
  /** Output tokens assumed when a request sets no max_tokens (bounds the reservation). */
  BRIKK_LLM_DEFAULT_MAX_TOKENS: int(4096, 1),
  /** How fast the built-in `local` provider streams (tokens per second; 0 = no pacing). */
  BRIKK_LOCAL_TOKENS_PER_SECOND: int(60, 0),
  METRICS_TOKEN: optionalString,
  CRON_SECRET: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Mode = "embedded" | "server";

export type Env = ReturnType<typeof shapeEnv>;

function shapeEnv(raw: z.infer<typeof rawEnvSchema>, source: Record<string, string | undefined> = {}) {
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
function rateLimitBackendOf(raw: z.infer<typeof rawEnvSchema>): RateLimitBackend {
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
