import pino from "pino";
import { getEnv } from "./env";

// Paths pino censors wherever they appear in a log object. Secrets reach logs through headers,
// so every header that can carry one is listed; bodies are never logged.
export const REDACTED_PATHS = [
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  'headers["x-brikk-api-key"]',
  'headers["x-brikk-signature"]',
  "*.password",
  "*.apiKey",
  "*.secret",
  "*.signing_secret",
  "*.signingSecret",
  "*.token",
];

const LOGGER_KEY = Symbol.for("brikk.logger");
type LoggerHolder = { [LOGGER_KEY]?: pino.Logger };

export function createLogger(destination?: pino.DestinationStream, level = getEnv().logLevel): pino.Logger {
  return pino(
    {
      level,
      base: { service: "brikk" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export function getLogger(): pino.Logger {
  const holder = globalThis as LoggerHolder;
  holder[LOGGER_KEY] ??= createLogger();
  return holder[LOGGER_KEY];
}

export function setLoggerForTests(logger: pino.Logger | undefined): void {
  (globalThis as LoggerHolder)[LOGGER_KEY] = logger;
}
