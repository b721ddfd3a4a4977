import { createHash, createHmac } from "node:crypto";
import { decryptSecret, encryptSecret, randomBase62 } from "../platform/crypto";
import { getSecrets } from "../platform/secrets";

// HMAC request signing. A signed request proves possession of the key's signing secret without
// sending it, and binds the timestamp, method, path, query and body, so a captured request cannot
// be altered or (with the replay cache) sent again.

export const SIGNING_SECRET_PREFIX = "brk_sig_";
export const SIGNATURE_VERSION = "v1";

export type SignedRequestParts = {
  /** Unix seconds, as sent in X-Brikk-Timestamp. */
  timestamp: string;
  method: string;
  /** Path plus `?` and the raw query exactly as sent; no `?` when there is no query. */
  pathWithQuery: string;
  body: Uint8Array | string;
};

export function sha256Hex(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("hex");
}

/** The exact bytes the MAC covers: `ts \n METHOD \n path?query \n sha256hex(body)`. */
export function canonicalRequest(parts: SignedRequestParts): string {
  return [parts.timestamp, parts.method.toUpperCase(), parts.pathWithQuery, sha256Hex(parts.body)].join("\n");
}

/** `v1=<hex>`: the value a client puts in X-Brikk-Signature. */
export function signRequest(signingSecret: string, parts: SignedRequestParts): string {
  const mac = createHmac("sha256", signingSecret).update(canonicalRequest(parts)).digest("hex");
  return `${SIGNATURE_VERSION}=${mac}`;
}

export type GeneratedSigningSecret = { secret: string; encrypted: string };

export function generateSigningSecret(): GeneratedSigningSecret {
  const secret = `${SIGNING_SECRET_PREFIX}${randomBase62(32)}`;
  return { secret, encrypted: encryptSecret(secret, getSecrets().BRIKK_ENCRYPTION_KEY) };
}

export function revealSigningSecret(encrypted: string): string {
  return decryptSecret(encrypted, getSecrets().BRIKK_ENCRYPTION_KEY);
}

export type SignatureHeaders = { keyId: string; timestamp: string; signature: string };

/**
 * The three signing headers, or null when the request is not signed. A request that sends only
 * some of them is malformed rather than unsigned, so it is reported, not silently treated as a
 * bearer request.
 */
export function signatureHeadersOf(headers: Headers): SignatureHeaders | "incomplete" | null {
  const keyId = headers.get("x-brikk-key-id")?.trim();
  const timestamp = headers.get("x-brikk-timestamp")?.trim();
  const signature = headers.get("x-brikk-signature")?.trim();
  if (!keyId && !timestamp && !signature) return null;
  if (!keyId || !timestamp || !signature) return "incomplete";
  return { keyId, timestamp, signature };
}
