import type { ApiKey } from "@/db/schema";
import { formatMicrosAsUsd } from "../platform/money";
import { effectiveCaps } from "./caps";

/** How a key is shown anywhere outside the server: never its secret or digest. */
export type ApiKeyView = {
  id: string;
  kind: ApiKey["kind"];
  name: string;
  prefix: string;
  agent_id: string | null;
  org_id: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  rotated_at: Date | null;
  previous_prefix: string | null;
  previous_expires_at: Date | null;
  rate_limit_per_min: number | null;
  /** The caps in force (the key's own, or the server's default when `*_is_default`). */
  soft_cap_usd: string;
  hard_cap_usd: string;
  soft_cap_is_default: boolean;
  hard_cap_is_default: boolean;
  require_signature: boolean;
};

export function toKeyView(key: ApiKey): ApiKeyView {
  const caps = effectiveCaps(key);
  return {
    id: key.id,
    kind: key.kind,
    name: key.name,
    prefix: key.prefix,
    agent_id: key.agentId,
    org_id: key.orgId,
    scopes: key.scopes,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
    last_used_at: key.lastUsedAt,
    revoked_at: key.revokedAt,
    rotated_at: key.rotatedAt,
    previous_prefix: key.previousExpiresAt ? key.previousPrefix : null,
    previous_expires_at: key.previousExpiresAt,
    rate_limit_per_min: key.rateLimitPerMin,
    soft_cap_usd: formatMicrosAsUsd(caps.soft),
    hard_cap_usd: formatMicrosAsUsd(caps.hard),
    soft_cap_is_default: caps.softIsDefault,
    hard_cap_is_default: caps.hardIsDefault,
    require_signature: key.requireSignature,
  };
}
