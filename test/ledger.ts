import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeyDailySpend, ledgerAccounts } from "@/db/schema";
import { customerAccountId, pickRevenueShard } from "@/server/ledger/accounts";
import { utcDay } from "@/server/ledger/budgets";
import type { UsageCharge } from "@/server/ledger/charge-batch";
import { grantCredits } from "@/server/ledger/grants";
import { GrantCreditsInput } from "@/server/ledger/schemas";

export const CREDIT = 1_000_000n;

/** A ledger account's balance and hold, or -1/-1 when it does not exist. */
export async function accountRow(db: Db, id: string) {
  const [row] = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, id));
  return row ?? { balance: -1n, reserved: -1n };
}

/** Credits from the platform (a grant under `reference`), as an admin would give them. */
export async function grantTestCredits(
  db: Db,
  orgId: string,
  credits: string,
  reference: string,
  reason = "test credits",
) {
  return grantCredits({
    ctx: { db, actor: { type: "system" } },
    input: GrantCreditsInput.parse({ org_id: orgId, credits, reference, reason }),
  });
}

/** A usage charge of `amount` micro-credits to `orgId`, as the usage batcher takes it. */
export function usageChargeFor(orgId: string, id: string, amount = CREDIT): UsageCharge {
  return {
    id,
    orgId,
    customerAccountId: customerAccountId(orgId),
    shardAccountId: pickRevenueShard(),
    amount,
    description: "test",
    metadata: { service: "api_call" },
  };
}

/** A key's spend row for today (UTC), or undefined before its first hold. */
export async function budgetDayRow(db: Db, keyId: string) {
  const [row] = await db
    .select()
    .from(apiKeyDailySpend)
    .where(and(eq(apiKeyDailySpend.keyId, keyId), eq(apiKeyDailySpend.day, utcDay())));
  return row;
}
