import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ledgerAccounts } from "@/db/schema";

export const CREDIT = 1_000_000n;

/** A ledger account's balance and hold, or -1/-1 when it does not exist. */
export async function accountRow(db: Db, id: string) {
  const [row] = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, id));
  return row ?? { balance: -1n, reserved: -1n };
}
