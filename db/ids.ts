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
  payment: "pay",
  reservation: "rsv",
  llmCall: "llm",
  reputationEvent: "rep",
  interaction: "ixn",
  panelRun: "run",
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

// Random bytes are drawn from the CSPRNG in blocks rather than one system call per id (ids are
// minted on every request: request ids, log rows).
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

function encodeRandom(length: number): string {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[(pool[offset + i] ?? 0) % 32];
  offset += length;
  return out;
}

export function newId(kind: IdKind, at: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(at)}${encodeRandom(16)}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-hjkmnp-tv-z]{26}$`).test(value);
}
