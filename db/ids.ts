import { randomBytes } from "node:crypto";

// Public ids: `<prefix>_` + 10 chars of time (ms, base32 Crockford) + 16 random chars. They sort
// by creation time, reveal nothing else, and are unambiguous when read aloud.

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export const ID_PREFIXES = {
  user: "usr",
  org: "org",
  invitation: "inv",
  audit: "aud",
  jobRun: "job",
  request: "req",
  agent: "agt",
  apiKey: "key",
  message: "msg",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

function encodeTime(ms: number): string {
  let out = "";
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = (ALPHABET[rest % 32] ?? "0") + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHABET[b % 32]).join("");
}

export function newId(kind: IdKind, at: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(at)}${encodeRandom(16)}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-hjkmnp-tv-z]{26}$`).test(value);
}
