import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError, type Env, getEnv } from "./env";

export const SECRET_NAMES = ["AUTH_SECRET", "BRIKK_API_KEY_PEPPER", "BRIKK_ENCRYPTION_KEY"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export type Secrets = Record<SecretName, string> & {
  /** Only in embedded mode: the generated password of the demo login. */
  demoPassword: string | null;
};

const base64Of32Bytes = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes, base64-encoded");

const secretRules: Record<SecretName, z.ZodType<string>> = {
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  BRIKK_API_KEY_PEPPER: base64Of32Bytes,
  BRIKK_ENCRYPTION_KEY: base64Of32Bytes,
};

const secretsFileSchema = z.object({
  AUTH_SECRET: z.string(),
  BRIKK_API_KEY_PEPPER: z.string(),
  BRIKK_ENCRYPTION_KEY: z.string(),
  demoPassword: z.string(),
});

const generate = () => randomBytes(32).toString("base64");

/** A readable password: 4 groups of 5 base32 characters, ~100 bits. */
function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
  return chars.match(/.{5}/g)?.join("-") ?? chars;
}

export function secretsFilePath(env: Env): string {
  return path.resolve(env.dataDir, "secrets.json");
}

/**
 * Embedded mode: every secret not given by the environment is generated once into
 * `.data/secrets.json` (0600). Server mode: every secret must come from the environment, since a
 * secret generated on one instance would differ on the next.
 */
export function resolveSecrets(env: Env): Secrets {
  const fromEnv = env.secrets;
  if (env.mode === "server") {
    const resolved = {} as Record<SecretName, string>;
    for (const name of SECRET_NAMES) {
      const value = fromEnv[name];
      if (!value) {
        throw new ConfigError(
          `Missing required environment variable ${name} (server mode, because DATABASE_URL is set). ` +
            `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
        );
      }
      resolved[name] = checkSecret(name, value);
    }
    return { ...resolved, demoPassword: null };
  }

  const file = secretsFilePath(env);
  const stored = readSecretsFile(file);
  const resolved = {} as Record<SecretName, string>;
  for (const name of SECRET_NAMES) {
    resolved[name] = checkSecret(name, fromEnv[name] ?? stored[name]);
  }
  return { ...resolved, demoPassword: stored.demoPassword };
}

function checkSecret(name: SecretName, value: string): string {
  const result = secretRules[name].safeParse(value);
  if (!result.success) throw new ConfigError(`${name} ${result.error.issues[0]?.message ?? "is invalid"}`);
  return value;
}

function readSecretsFile(file: string): z.infer<typeof secretsFileSchema> {
  if (existsSync(file)) {
    const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new ConfigError(`${file} is corrupt; delete it to generate new secrets`);
    return parsed.data;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const fresh = {
    AUTH_SECRET: generate(),
    BRIKK_API_KEY_PEPPER: generate(),
    BRIKK_ENCRYPTION_KEY: generate(),
    demoPassword: generatePassword(),
  };
  // `wx` fails if another process won the race; then its file is the one to use.
  try {
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readSecretsFile(file);
    throw error;
  }
  chmodSync(file, 0o600);
  return fresh;
}

const SECRETS_KEY = Symbol.for("brikk.secrets");
type SecretsHolder = { [SECRETS_KEY]?: Secrets };

export function getSecrets(): Secrets {
  const holder = globalThis as SecretsHolder;
  holder[SECRETS_KEY] ??= resolveSecrets(getEnv());
  return holder[SECRETS_KEY];
}

export function resetSecretsForTests(): void {
  delete (globalThis as SecretsHolder)[SECRETS_KEY];
}
