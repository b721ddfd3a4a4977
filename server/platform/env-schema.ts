import { z } from "zod";
import { TrustedProxies } from "./client-address";
import { parseCreditsToMicros, parseUsdToMicros } from "./money";

// Every environment variable Brikk reads, its type, default and bounds (env.ts shapes the result
// into the configuration the code uses). Kept apart so the list reads as the README's table does.

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

/** A real number in [min, max] (`exclusive` leaves the ends out). */
const fraction = (fallback: number, min: number, max: number, exclusive = false) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      const inside = exclusive ? n > min && n < max : n >= min && n <= max;
      if (!Number.isFinite(n) || !inside) {
        const range = exclusive ? `between ${min} and ${max} (exclusive)` : `from ${min} to ${max}`;
        ctx.addIssue({ code: "custom", message: `must be a number ${range}` });
        return z.NEVER;
      }
      return n;
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

export const rawEnvSchema = z.object({
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
  /** λ: the share of reputation evidence left after a day (0.95 is a half-life of ~13.5 days). */
  REPUTATION_DECAY_RATE: fraction(0.95, 0, 1, true),
  NIGHTLY_REPUTATION_UPDATE_ENABLED: bool(true),
  /** Below this much overall evidence (r + s) an agent's score is provisional. */
  REPUTATION_MIN_EVIDENCE: fraction(5, 0, 1_000_000),
  /** One rater org's largest share of an agent's external evidence, once enough orgs rated it. */
  REPUTATION_MAX_RATER_SHARE: fraction(0.1, 0, 1, true),
  REPUTATION_SHARE_CAP_MIN_RATERS: int(10, 2),
  /** More ratings than this per agent per hour from orgs younger than 7 days are a burst. */
  REPUTATION_BURST_PER_HOUR: int(10, 1),
  REPUTATION_RESPONSE_TIME_TARGET_MS: int(2000, 1),
  /** Weights of an external event: paid rater, unpaid rater, ×interaction, ×burst. */
  REPUTATION_WEIGHT_PAID: fraction(1, 0, 100),
  REPUTATION_WEIGHT_UNPAID: fraction(0.2, 0, 100),
  REPUTATION_WEIGHT_INTERACTION: fraction(2, 1, 100),
  REPUTATION_WEIGHT_BURST: fraction(0.1, 0, 1),
  BRIKK_RATE_LIMIT_REPUTATION_FEEDBACK: int(30, 1),
  BRIKK_RATE_LIMIT_REPUTATION_FEEDBACK_ORG: int(120, 1),
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
  /** Models (`provider/model`, comma-separated) only agents in good standing may call. */
  BRIKK_PREMIUM_MODELS: z.string().default(""),
  /** Overall stars a public, established agent needs for a premium model; unset: no gating. */
  BRIKK_PREMIUM_MIN_REPUTATION: optionalString.pipe(
    z
      .string()
      .regex(/^\d(\.\d+)?$/, "must be a number of stars from 1 to 5, like 3.5")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 5, "must be a number of stars from 1 to 5, like 3.5")
      .nullable(),
  ),
  /** How fast the built-in `local` provider streams (tokens per second; 0 = no pacing). */
  BRIKK_LOCAL_TOKENS_PER_SECOND: int(60, 0),
  /** The multilingual panel: the most a turn may answer, and when a silent run counts as dead. */
  PANEL_MAX_TOKENS_PER_TURN: int(400, 16),
  PANEL_STALE_AFTER_SECONDS: int(60, 10),
  METRICS_TOKEN: optionalString,
  CRON_SECRET: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type RawEnv = z.infer<typeof rawEnvSchema>;
