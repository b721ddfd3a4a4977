import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizations } from "@/db/schema";
import type { OrgRef } from "../context";
import { nowMs } from "../platform/clock";

// Every key-authenticated request needs its org's id, name and slug; they change only on a
// rename, so they are kept for 30 s per process (a rename evicts at once on its own instance).

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
const CACHE_KEY = Symbol.for("brikk.orgrefs");
type Holder = { [CACHE_KEY]?: Map<string, { org: OrgRef; expiresAt: number }> };

function cache() {
  const holder = globalThis as Holder;
  holder[CACHE_KEY] ??= new Map();
  return holder[CACHE_KEY];
}

export async function findOrgRef(db: DbOrTx, orgId: string): Promise<OrgRef | null> {
  const hit = cache().get(orgId);
  if (hit && hit.expiresAt > nowMs()) return hit.org;
  const [org] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      personal: organizations.personal,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) return null;
  if (cache().size >= MAX_ENTRIES) cache().clear();
  cache().set(orgId, { org, expiresAt: nowMs() + TTL_MS });
  return org;
}

export function evictOrgRef(orgId: string): void {
  cache().delete(orgId);
}
