import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizations } from "@/db/schema";
import type { OrgRef } from "../context";
import { sharedTtlCache } from "../platform/ttl-cache";

// Every key-authenticated request needs its org's id, name and slug; they change only on a
// rename, so they are kept for 30 s per process (a rename evicts at once on its own instance).

const cache = () => sharedTtlCache<OrgRef>("org-refs", { ttlMs: 30_000, maxEntries: 10_000 });

export async function findOrgRef(db: DbOrTx, orgId: string): Promise<OrgRef | null> {
  const hit = cache().get(orgId);
  if (hit) return hit;
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
  cache().set(orgId, org);
  return org;
}

export function evictOrgRef(orgId: string): void {
  cache().delete(orgId);
}
