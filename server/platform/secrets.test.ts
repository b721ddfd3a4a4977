import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { resolveSecrets, SECRET_NAMES } from "./secrets";

const key32 = Buffer.alloc(32, 7).toString("base64");
const fullServerEnv = {
  DATABASE_URL: "postgres://u@127.0.0.1/db",
  AUTH_SECRET: "x".repeat(40),
  BRIKK_API_KEY_PEPPER: key32,
  BRIKK_ENCRYPTION_KEY: key32,
};

function tempDir() {
  return mkdtempSync(path.join(tmpdir(), "brikk-secrets-"));
}

describe("resolveSecrets in embedded mode", () => {
  it("generates every secret once into secrets.json with mode 0600, and reuses it", () => {
    const dir = tempDir();
    const env = parseEnv({ BRIKK_DATA_DIR: dir });
    const first = resolveSecrets(env);
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const name of SECRET_NAMES) expect(first[name].length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(first.BRIKK_API_KEY_PEPPER, "base64")).toHaveLength(32);
    expect(first.demoPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(resolveSecrets(env)).toEqual(first);
  });

  it("prefers secrets given in the environment over the file", () => {
    const dir = tempDir();
    const secrets = resolveSecrets(parseEnv({ BRIKK_DATA_DIR: dir, BRIKK_ENCRYPTION_KEY: key32 }));
    expect(secrets.BRIKK_ENCRYPTION_KEY).toBe(key32);
  });

  it("refuses a corrupt secrets file instead of silently replacing it", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "secrets.json"), "{ nope");
    expect(() => resolveSecrets(parseEnv({ BRIKK_DATA_DIR: dir }))).toThrow();
    writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ AUTH_SECRET: 1 }));
    expect(() => resolveSecrets(parseEnv({ BRIKK_DATA_DIR: dir }))).toThrowError(/corrupt/);
  });
});

describe("resolveSecrets in server mode", () => {
  it.each(SECRET_NAMES)("stops with an error naming %s when it is missing", (name) => {
    const env = parseEnv({ ...fullServerEnv, [name]: undefined, BRIKK_DATA_DIR: tempDir() });
    expect(() => resolveSecrets(env)).toThrowError(
      new RegExp(`Missing required environment variable ${name}`),
    );
  });

  it("never writes a secrets file", () => {
    const dir = tempDir();
    const secrets = resolveSecrets(parseEnv({ ...fullServerEnv, BRIKK_DATA_DIR: dir }));
    expect(secrets.demoPassword).toBeNull();
    expect(() => readFileSync(path.join(dir, "secrets.json"))).toThrow();
  });

  it("rejects keys that are not 32 bytes of base64", () => {
    const env = parseEnv({ ...fullServerEnv, BRIKK_ENCRYPTION_KEY: "c2hvcnQ=" });
    expect(() => resolveSecrets(env)).toThrowError(/BRIKK_ENCRYPTION_KEY must be 32 random bytes/);
    const weak = parseEnv({ ...fullServerEnv, AUTH_SECRET: "short" });
    expect(() => resolveSecrets(weak)).toThrowError(/AUTH_SECRET must be at least 32 characters/);
  });
});
