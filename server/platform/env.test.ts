import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("is embedded with documented defaults when nothing is configured", () => {
    const env = parseEnv({});
    expect(env.mode).toBe("embedded");
    expect(env.dataDir).toBe(".data");
    expect(env.seedDemo).toBe(true);
    expect(env.jobsInProcess).toBe(true);
    expect(env.signInLimit).toEqual({ limit: 10, windowSeconds: 900 });
    expect(env.bodyLimitBytes).toBe(1_048_576);
    expect(env.github).toBeNull();
    expect(env.metricsToken).toBeNull();
    expect(env.cronSecret).toBeNull();
    expect(env.corsOrigins).toEqual([]);
  });

  it("is server mode exactly when DATABASE_URL is set, with no demo and no in-process jobs", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1:5432/db" });
    expect(env.mode).toBe("server");
    expect(env.seedDemo).toBe(false);
    expect(env.jobsInProcess).toBe(false);
    expect(parseEnv({ DATABASE_URL: "postgres://x/db", BRIKK_SEED_DEMO: "true" }).seedDemo).toBe(true);
  });

  it("does not change mode or defaults because of NODE_ENV=production", () => {
    const env = parseEnv({ NODE_ENV: "production" });
    expect(env.mode).toBe("embedded");
    expect(env.seedDemo).toBe(true);
    expect(env.isProduction).toBe(true);
  });

  it("treats empty strings as unset for optional integrations", () => {
    const env = parseEnv({
      DATABASE_URL: "",
      METRICS_TOKEN: " ",
      AUTH_GITHUB_ID: "id",
      AUTH_GITHUB_SECRET: "",
    });
    expect(env.mode).toBe("embedded");
    expect(env.metricsToken).toBeNull();
    expect(env.github).toBeNull();
  });

  it("turns GitHub on only when both id and secret are set", () => {
    expect(parseEnv({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "s" }).github).toEqual({
      clientId: "id",
      clientSecret: "s",
    });
  });

  it("names the variable that is invalid", () => {
    expect(() => parseEnv({ BRIKK_SIGNIN_LIMIT: "ten" })).toThrowError(
      /BRIKK_SIGNIN_LIMIT: must be an integer/,
    );
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrowError(/DATABASE_URL/);
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrowError(ConfigError);
  });

  it("parses the CORS allowlist and refuses a wildcard in production", () => {
    expect(parseEnv({ CORS_ALLOWED_ORIGINS: "https://a.example, https://b.example" }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
    expect(() => parseEnv({ NODE_ENV: "production", CORS_ALLOWED_ORIGINS: "*" })).toThrowError(/wildcard/);
    expect(parseEnv({ CORS_ALLOWED_ORIGINS: "*" }).corsOrigins).toEqual(["*"]);
  });
});
