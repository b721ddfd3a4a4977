import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword, verifyPassword } from "./password";
import { signUp } from "./service";

/**
 * Makes sure the demo login works with `password`: creates the user and their workspace the first
 * time, and resets the password if it no longer matches (e.g. secrets.json was regenerated).
 */
export async function ensureDemoUser(
  db: Db,
  email: string,
  password: string,
): Promise<"created" | "updated" | "unchanged"> {
  const [existing] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email));
  if (!existing) {
    await signUp({ ctx: { db, actor: { type: "system" } }, input: { email, password, name: "Demo" } });
    return "created";
  }
  if (existing.passwordHash && (await verifyPassword(existing.passwordHash, password))) return "unchanged";
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(users.id, existing.id));
  return "updated";
}
