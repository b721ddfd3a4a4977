import type { Access } from "../http/access";

// How callers authenticate, as OpenAPI security schemes, and which schemes an operation accepts
// (derived from its `access`, so the document cannot promise what the route refuses).

export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "brk_live_…",
    description:
      "An agent key or a management key: `Authorization: Bearer brk_live_…`. Keys are created on the dashboard or with `POST /api/v1/agents` and shown once.",
  },
  apiKeyHeader: {
    type: "apiKey",
    in: "header",
    name: "X-Brikk-API-Key",
    description: "The same key in Brikk's own header, for clients that reserve `Authorization`.",
  },
  hmacKeyId: {
    type: "apiKey",
    in: "header",
    name: "X-Brikk-Key-Id",
    description:
      "HMAC-signed request, part 1 of 3: the key's public id (`key_…`). Sent with `X-Brikk-Timestamp` and `X-Brikk-Signature` instead of the secret; see the authentication guide.",
  },
  hmacTimestamp: {
    type: "apiKey",
    in: "header",
    name: "X-Brikk-Timestamp",
    description:
      "HMAC-signed request, part 2 of 3: unix seconds, accepted within ±`BRIKK_HMAC_MAX_SKEW_SECONDS` (300).",
  },
  hmacSignature: {
    type: "apiKey",
    in: "header",
    name: "X-Brikk-Signature",
    description:
      "HMAC-signed request, part 3 of 3: `v1=` + hex HMAC-SHA256, keyed with the signing secret, of `timestamp \\n METHOD \\n path?query \\n sha256(body)`. Each signature is accepted once.",
  },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description:
      "The dashboard's session (sign in at `/signin`). State-changing requests must come from this origin. `X-Brikk-Org` (or the `brikk_org` cookie) picks the organization.",
  },
} as const;

type Requirement = Record<string, string[]>;

const KEY_REQUIREMENTS: Requirement[] = [
  { bearerAuth: [] },
  { apiKeyHeader: [] },
  { hmacKeyId: [], hmacTimestamp: [], hmacSignature: [] },
];

export function securityOf(access: Access): Requirement[] {
  if (access === "public") return [];
  if (access === "signed-in") return [{ sessionCookie: [] }];
  const keys = access.agentKeys || access.managementKeys ? KEY_REQUIREMENTS : [];
  return [...keys, ...(access.session ? [{ sessionCookie: [] }] : [])];
}

/** Who may call, in words, for the operation's description. */
export function callersOf(access: Access): string {
  if (access === "public") return "anyone (no credentials)";
  if (access === "signed-in") return "a signed-in dashboard session";
  const who: string[] = [];
  if (access.agentKeys) who.push("agent keys");
  if (access.managementKeys === "any") who.push("management keys");
  else if (access.managementKeys) who.push(`management keys with \`${access.managementKeys}\``);
  if (access.session) who.push("dashboard sessions");
  return who.join(", ");
}
