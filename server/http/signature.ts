import type { Db } from "@/db/client";
import { recordAuditQuietly } from "../audit/service";
import { AppError } from "../errors";
import { revealSigningSecret, type SignatureHeaders, signRequest } from "../keys/signing";
import { findUsableKeyById, keyActorOf, type VerifiedKey } from "../keys/verify";
import { nowMs } from "../platform/clock";
import { constantTimeEqual } from "../platform/crypto";
import { getEnv } from "../platform/env";
import { getReplayCache } from "../platform/replay-cache";

// Verifies an HMAC-signed request (see keys/signing.ts for the format). An unknown key id and a
// wrong MAC get the same answer, so the endpoint is no oracle for which key ids exist; a stale
// timestamp or a replay get their own message because the caller can only fix what it is told.

type Rejection = "malformed" | "skew" | "bad_signature" | "replay" | "unsigned_bearer";

const MESSAGES: Record<Rejection, string> = {
  malformed:
    "Signed requests need X-Brikk-Key-Id, X-Brikk-Timestamp (unix seconds) and X-Brikk-Signature: v1=<64 hex>",
  skew: "X-Brikk-Timestamp is outside the allowed window; check the client's clock",
  bad_signature: "The request signature does not match",
  replay: "This signature was already used; sign each request with a fresh timestamp",
  unsigned_bearer:
    "This key must sign its requests: send X-Brikk-Key-Id, X-Brikk-Timestamp and X-Brikk-Signature instead of the key",
};

async function reject(
  db: Db,
  reason: Rejection,
  key: VerifiedKey | null,
  claimedKeyId: string | null,
): Promise<never> {
  await recordAuditQuietly(db, {
    orgId: key?.key.orgId ?? null,
    actor: key ? keyActorOf(key) : { type: "system" },
    action: "auth.signature_rejected",
    target: claimedKeyId ? { type: "api_key", id: claimedKeyId.slice(0, 64) } : undefined,
    outcome: "failure",
    metadata: { reason },
  });
  throw new AppError("signature_invalid", MESSAGES[reason]);
}

export type SignedRequest = { headers: SignatureHeaders; body: Uint8Array };

export async function verifySignedRequest(req: Request, db: Db, signed: SignedRequest): Promise<VerifiedKey> {
  const { keyId, timestamp, signature } = signed.headers;
  if (!/^\d{1,12}$/.test(timestamp) || !/^v1=[0-9a-f]{64}$/.test(signature)) {
    return reject(db, "malformed", null, keyId);
  }
  const maxSkew = getEnv().hmac.maxSkewSeconds;
  if (Math.abs(nowMs() / 1000 - Number(timestamp)) > maxSkew) return reject(db, "skew", null, keyId);

  const key = await findUsableKeyById(db, keyId);
  if (!key?.key.signingSecretEncrypted) return reject(db, "bad_signature", null, keyId);
  const url = new URL(req.url);
  const expected = signRequest(revealSigningSecret(key.key.signingSecretEncrypted), {
    timestamp,
    method: req.method,
    pathWithQuery: url.pathname + url.search,
    body: signed.body,
  });
  if (!constantTimeEqual(expected, signature)) return reject(db, "bad_signature", key, keyId);
  // Remembered for the whole window a timestamp is accepted in, both directions.
  const fresh = await getReplayCache().firstSighting(`${key.key.id}:${signature}`, 2 * maxSkew);
  if (!fresh) return reject(db, "replay", key, keyId);
  return key;
}

/** A bearer key that must sign (per key, or globally) is refused even though it is valid. */
export async function assertBearerAllowed(db: Db, key: VerifiedKey): Promise<void> {
  if (key.key.requireSignature || getEnv().hmac.required) {
    await reject(db, "unsigned_bearer", key, key.key.id);
  }
}
