import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// argon2id with OWASP's recommended minimums (m=19 MiB, t=2, p=1): passwords are low-entropy,
// so a slow, memory-hard KDF is the point.
const ARGON2_OPTIONS = {
  algorithm: 2 /* Argon2id */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 10;

export const password = z
  .string({ error: "password is required" })
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, "password must be at most 256 characters");

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the email is unknown keeps response time the same, so
// timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(plain: string): Promise<boolean> {
  dummyHash ??= hashPassword("brikk-timing-equaliser");
  return dummyHash.then((h) => verifyPassword(h, plain));
}
