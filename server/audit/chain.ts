import { createHash } from "node:crypto";
import type { AuditOutcome } from "@/db/schema";

// The content of an audit row that its hash covers, and how that content becomes bytes. Keys are
// sorted at every depth because jsonb does not keep the order a row was written with; the same
// row must hash the same after a round trip through the database.

export const GENESIS_HASH = "0".repeat(64);
export const PLATFORM_CHAIN = "platform";

export type HashedContent = {
  id: string;
  chain: string;
  seq: number;
  orgId: string | null;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  prevHash: string;
};

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashAuditRow(content: HashedContent): string {
  const { createdAt, ...rest } = content;
  return createHash("sha256")
    .update(canonicalJson({ ...rest, createdAt: createdAt.toISOString() }))
    .digest("hex");
}
