import { CodeBlock, InlineText, Section } from "../prose";

const CURL = `curl -s http://localhost:3000/api/v1/keys/me \\
  -H "Authorization: Bearer $BRIKK_API_KEY"

# the same key in Brikk's own header
curl -s http://localhost:3000/api/v1/keys/me -H "X-Brikk-API-Key: $BRIKK_API_KEY"`;

const SIGN_SHELL = `export BRIKK_URL=http://localhost:3000 BRIKK_KEY_ID=key_… BRIKK_SIGNING_SECRET=brk_sig_…
TS=$(date +%s); BODY='{"message":"hello, signed"}'
SIG=$(printf '%s\\n%s\\n%s\\n%s' "$TS" POST /api/v1/coordination/echo \\
  "$(printf '%s' "$BODY" | openssl dgst -sha256 -hex | awk '{print $NF}')" \\
  | openssl dgst -sha256 -hmac "$BRIKK_SIGNING_SECRET" -hex | awk '{print $NF}')
curl -s "$BRIKK_URL/api/v1/coordination/echo" -H "Content-Type: application/json" \\
  -H "X-Brikk-Key-Id: $BRIKK_KEY_ID" -H "X-Brikk-Timestamp: $TS" -H "X-Brikk-Signature: v1=$SIG" \\
  --data-binary "$BODY"`;

const SIGN_NODE = `import { createHash, createHmac } from "node:crypto";

function sign(secret, method, pathWithQuery, body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const canonical = [ts, method, pathWithQuery, bodyHash].join("\\n");
  return { "X-Brikk-Timestamp": ts, "X-Brikk-Signature": \`v1=\${createHmac("sha256", secret).update(canonical).digest("hex")}\` };
}

const body = JSON.stringify({ message: "hello, signed" });
const res = await fetch(\`\${process.env.BRIKK_URL}/api/v1/coordination/echo\`, {
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    "X-Brikk-Key-Id": process.env.BRIKK_KEY_ID,
    ...sign(process.env.BRIKK_SIGNING_SECRET, "POST", "/api/v1/coordination/echo", body),
  },
  body,
});
console.log(await res.json());`;

const SIGN_PYTHON = `import hashlib, hmac, json, os, time, urllib.request

def sign(secret: str, method: str, path_and_query: str, body: bytes) -> dict:
    ts = str(int(time.time()))
    canonical = "\\n".join([ts, method, path_and_query, hashlib.sha256(body).hexdigest()])
    signature = "v1=" + hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    return {"X-Brikk-Timestamp": ts, "X-Brikk-Signature": signature}

body = json.dumps({"message": "hello, signed"}).encode()
headers = {"Content-Type": "application/json", "X-Brikk-Key-Id": os.environ["BRIKK_KEY_ID"],
           **sign(os.environ["BRIKK_SIGNING_SECRET"], "POST", "/api/v1/coordination/echo", body)}
request = urllib.request.Request(os.environ["BRIKK_URL"] + "/api/v1/coordination/echo", body, headers, method="POST")
print(urllib.request.urlopen(request).read().decode())`;

export function AuthenticationGuide() {
  return (
    <>
      <Section id="keys" title="Agent keys and management keys">
        <p>
          <InlineText text="Every call to `/api/v1` names its caller. An **agent key** (`brk_live_…`) acts as one agent: it calls the echo workflows, the LLM gateway and reads its own usage, and it cannot manage the organization (403). A **management key** acts as an admin of the organization limited by its scopes (`agents:read`, `agents:write`, `keys:write`, `billing:read`, `billing:write`). Each operation in the reference says who may call it." />
        </p>
        <p>
          <InlineText text="Create an agent on the dashboard or with `POST /api/v1/agents`: the answer carries the key's `secret` and `signing_secret` once. Store them then; Brikk keeps only a hash of the secret." />
        </p>
        <CodeBlock label="Send the key as a bearer token (or in X-Brikk-API-Key)" code={CURL} />
        <p>
          <InlineText text="Every failed key (unknown, expired, revoked, rotated past its grace, of a deleted agent) gets the same 401 `unauthorized`, and failures from one address are throttled (429) before any lookup." />
        </p>
      </Section>
      <Section id="rotation" title="Rotating a key">
        <p>
          <InlineText text="`POST /api/v1/keys/rotate` gives the calling key a new secret under the same key id; `POST /api/v1/keys/{id}/rotate` does it for any key of the organization. The old secret keeps working for `grace_seconds` (default 86400) for ordinary calls, so agents can pick up the new one without downtime, but it can never manage keys." />
        </p>
      </Section>
      <Section id="hmac" title="Signed requests (HMAC)">
        <p>
          <InlineText text="Instead of sending the secret, a caller can sign each request with the key's signing secret (`brk_sig_…`). The three headers `X-Brikk-Key-Id` (the key's public id), `X-Brikk-Timestamp` (unix seconds, within ±300 s) and `X-Brikk-Signature` replace the key. The signature is `v1=` followed by the hex HMAC-SHA256 of four lines:" />
        </p>
        <CodeBlock
          label="What is signed"
          code={
            "<timestamp>\\n<METHOD>\\n<path>?<raw query as sent, no ? when empty>\\n<sha256 hex of the raw body>"
          }
        />
        <p>
          <InlineText
            text={
              'Each signature is accepted once (a replay gets 401 `signature_invalid`). A key with `require_signature` (set on the dashboard or with `PATCH /api/v1/keys/{id}`) refuses its bearer secret. Echo answers report `auth.method: "hmac_signature"` and `signature_verified: true`. The repository\'s `examples/hmac/` holds the same three programs, run in CI against the built app.'
            }
          />
        </p>
        <CodeBlock label="curl + openssl" code={SIGN_SHELL} />
        <CodeBlock label="Node (standard library)" code={SIGN_NODE} />
        <CodeBlock label="Python (standard library)" code={SIGN_PYTHON} />
      </Section>
      <Section id="sessions" title="Dashboard sessions">
        <p>
          <InlineText text="The dashboard calls the same API with its session cookie. Requests that change state must come from the app's own origin (403 `csrf_failed` otherwise); `X-Brikk-Org` picks the organization for a user who belongs to several. The organization routes (`/api/v1/orgs`) are for sessions only." />
        </p>
      </Section>
    </>
  );
}
