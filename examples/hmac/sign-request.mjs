#!/usr/bin/env node
// Sends one HMAC-signed request to Brikk with nothing but Node's standard library.
//
//   BRIKK_URL=http://localhost:3000 BRIKK_KEY_ID=key_... BRIKK_SIGNING_SECRET=brk_sig_... \
//     node examples/hmac/sign-request.mjs [METHOD] [PATH?QUERY] [BODY]
//
// Defaults: POST /api/v1/coordination/echo with {"message":"hello, signed"}.
import { createHash, createHmac } from "node:crypto";

const baseUrl = process.env.BRIKK_URL ?? "http://localhost:3000";
const keyId = process.env.BRIKK_KEY_ID;
const signingSecret = process.env.BRIKK_SIGNING_SECRET;
if (!keyId || !signingSecret) {
  console.error("Set BRIKK_KEY_ID and BRIKK_SIGNING_SECRET (shown once when the key was created).");
  process.exit(2);
}
const [
  method = "POST",
  pathWithQuery = "/api/v1/coordination/echo",
  body = method === "GET" ? "" : '{"message":"hello, signed"}',
] = process.argv.slice(2);

// 1. Unix seconds; the server accepts ±300 s, so the clock must be roughly right.
const timestamp = String(Math.floor(Date.now() / 1000));
// 2. The string to sign: four lines, no trailing newline. The path and query exactly as sent.
const bodySha256 = createHash("sha256").update(body, "utf8").digest("hex");
const canonical = [timestamp, method.toUpperCase(), pathWithQuery, bodySha256].join("\n");
// 3. HMAC-SHA256 with the signing secret (not the API key), hex, prefixed with the version.
const signature = `v1=${createHmac("sha256", signingSecret).update(canonical).digest("hex")}`;

const response = await fetch(new URL(pathWithQuery, baseUrl), {
  method,
  headers: {
    "x-brikk-key-id": keyId,
    "x-brikk-timestamp": timestamp,
    "x-brikk-signature": signature,
    ...(body ? { "content-type": "application/json" } : {}),
  },
  body: body || undefined,
});
console.info(`HTTP ${response.status}`);
console.info(await response.text());
process.exit(response.ok ? 0 : 1);
