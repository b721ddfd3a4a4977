import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, ledgerAccounts, ledgerEntries, ledgerTransfers } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { getMetrics } from "../platform/metrics";
import { customerAccountId, operationsAccountId, pickRevenueShard, revenueShardIds } from "./accounts";
import { grantCredits } from "./grants";
import { reconcileLedger, reconcileLedgerJob } from "./reconcile";
import { GrantCreditsInput } from "./schemas";
import { postTransfer } from "./transfer";

const t = withTestDb();
const CREDIT = 1_000_000n;

async function balanceOf(accountId: string): Promise<bigint> {
  const [row] = await t.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, accountId));
  return row?.balance ?? -1n;
}

function charge(orgId: string, id: string, micros: bigint) {
  return postTransfer(t.db, {
    id,
    kind: "usage",
    orgId,
    entries: [
      { accountId: customerAccountId(orgId), amount: -micros },
      { accountId: pickRevenueShard(), amount: micros },
    ],
  });
}

describe("credits ledger", () => {
  it("opens an organization with its accounts and 100 sign-up credits, once", async () => {
    const user = await createUser(t.db);
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(100n * CREDIT);
    const [grant] = await t.db
      .select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, `grant:signup:${user.orgId}`));
    expect(grant).toMatchObject({ kind: "grant", amount: 100n * CREDIT, orgId: user.orgId });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("treats a repeated transfer id as a no-op that returns the original", async () => {
    const user = await createUser(t.db);
    const first = await charge(user.orgId, "usage:repeat-1", 3n * CREDIT);
    const again = await charge(user.orgId, "usage:repeat-1", 3n * CREDIT);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, transfer: { id: "usage:repeat-1" } });
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(97n * CREDIT);
    const entries = await t.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.transferId, "usage:repeat-1"));
    expect(entries.map((e) => e.amount).reduce((a, b) => a + b, 0n)).toBe(0n);
  });

  it("refuses unbalanced, zero and self-cancelling transfers before touching the database", async () => {
    const user = await createUser(t.db);
    const account = customerAccountId(user.orgId);
    const base = { kind: "adjustment" as const, orgId: user.orgId };
    await expect(
      postTransfer(t.db, {
        ...base,
        id: "bad-1",
        entries: [
          { accountId: account, amount: 5n },
          { accountId: operationsAccountId(), amount: -4n },
        ],
      }),
    ).rejects.toThrow(/sum to 1/);
    await expect(
      postTransfer(t.db, {
        ...base,
        id: "bad-2",
        entries: [
          { accountId: account, amount: 0n },
          { accountId: operationsAccountId(), amount: 0n },
        ],
      }),
    ).rejects.toThrow(/zero entry/);
    await expect(
      postTransfer(t.db, {
        ...base,
        id: "bad-3",
        entries: [
          { accountId: account, amount: 5n },
          { accountId: account, amount: -5n },
        ],
      }),
    ).rejects.toThrow(/appears twice/);
    await expect(
      postTransfer(t.db, { ...base, id: "bad-4", entries: [{ accountId: account, amount: 5n }] }),
    ).rejects.toThrow(/two entries/);
    expect(
      await t.db.select().from(ledgerTransfers).where(sql`${ledgerTransfers.id} like 'bad-%'`),
    ).toHaveLength(0);
  });

  it("refuses a transfer naming an account that does not exist, writing nothing", async () => {
    const user = await createUser(t.db);
    await expect(
      postTransfer(t.db, {
        id: "usage:ghost",
        kind: "usage",
        orgId: user.orgId,
        entries: [
          { accountId: customerAccountId(user.orgId), amount: -CREDIT },
          { accountId: "no_such_account", amount: CREDIT },
        ],
      }),
    ).rejects.toThrow(/does not exist/);
    expect(
      await t.db.select().from(ledgerTransfers).where(eq(ledgerTransfers.id, "usage:ghost")),
    ).toHaveLength(0);
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(100n * CREDIT);
  });

  it("answers insufficient_credits with the balance and the amount, and changes nothing", async () => {
    const user = await createUser(t.db);
    await expect(charge(user.orgId, "usage:too-much", 100n * CREDIT + 1n)).rejects.toMatchObject({
      code: "insufficient_credits",
      details: { balance: "100.000000", required: "100.000001" },
    });
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(100n * CREDIT);
    expect(
      await t.db.select().from(ledgerTransfers).where(eq(ledgerTransfers.id, "usage:too-much")),
    ).toHaveLength(0);
    // Exactly the balance is fine, and leaves zero.
    await charge(user.orgId, "usage:all-of-it", 100n * CREDIT);
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(0n);
  });

  it("keeps customers at or above zero in the database itself, and entries immutable", async () => {
    const user = await createUser(t.db);
    await expect(
      t.db
        .update(ledgerAccounts)
        .set({ balance: -1n })
        .where(eq(ledgerAccounts.id, customerAccountId(user.orgId))),
    ).rejects.toThrow();
    const [entry] = await t.db.select().from(ledgerEntries).limit(1);
    await expect(
      t.db
        .update(ledgerEntries)
        .set({ amount: 1n })
        .where(eq(ledgerEntries.id, entry?.id ?? 0n)),
    ).rejects.toThrow();
    await expect(t.db.delete(ledgerEntries).where(eq(ledgerEntries.id, entry?.id ?? 0n))).rejects.toThrow();
    await expect(
      t.db.delete(ledgerTransfers).where(eq(ledgerTransfers.id, entry?.transferId ?? "")),
    ).rejects.toThrow();
  });

  it("spreads revenue over its shards, whose sum is the revenue", async () => {
    const user = await createUser(t.db);
    const before = await revenueTotal();
    for (let i = 0; i < 40; i++) await charge(user.orgId, `usage:spread-${i}`, CREDIT);
    expect((await revenueTotal()) - before).toBe(40n * CREDIT);
    const used = await t.db.execute(
      sql`select count(distinct account_id)::int as n from ledger_entries where transfer_id like 'usage:spread-%' and amount > 0`,
    );
    const rows = (Array.isArray(used) ? used : (used as { rows: { n: number }[] }).rows) as { n: number }[];
    expect(rows[0]?.n).toBeGreaterThan(1);
  });

  it("grants credits once per reference, audited; refuses unknown and system orgs and a reused reference", async () => {
    const user = await createUser(t.db);
    const other = await createUser(t.db);
    const ctx = { db: t.db, actor: { type: "cli" as const } };
    const input = (fields: Record<string, string>) =>
      GrantCreditsInput.parse({
        org_id: user.orgId,
        credits: "250",
        reference: "SUP-1",
        reason: "beta tester",
        ...fields,
      });
    expect(await grantCredits({ ctx, input: input({}) })).toMatchObject({
      created: true,
      credits: "250.000000",
    });
    // Running it again (a retried command, a double click) is a no-op that says so.
    expect(await grantCredits({ ctx, input: input({}) })).toMatchObject({ created: false });
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(350n * CREDIT);
    await expect(grantCredits({ ctx, input: input({ credits: "251" }) })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(grantCredits({ ctx, input: input({ org_id: other.orgId }) })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(
      grantCredits({ ctx, input: input({ org_id: "org_system", reference: "SUP-2" }) }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      grantCredits({ ctx, input: input({ org_id: "org_nope", reference: "SUP-3" }) }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await balanceOf(customerAccountId(other.orgId))).toBe(100n * CREDIT);
    expect(GrantCreditsInput.safeParse({ org_id: user.orgId, credits: "1", reason: "why not" }).success).toBe(
      false,
    );
    expect(
      GrantCreditsInput.safeParse({ org_id: user.orgId, credits: "0", reference: "x", reason: "why not" })
        .success,
    ).toBe(false);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, user.orgId), eq(auditEvents.action, "ledger.credits_granted")));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.metadata).toMatchObject({
      credits: "250.000000",
      reason: "beta tester",
      reference: "SUP-1",
    });
  });

  it("reports drift (audit event and metric) and never repairs it", async () => {
    const user = await createUser(t.db);
    expect((await reconcileLedgerJob({ ctx: { db: t.db, actor: { type: "system" } } })).ok).toBe(true);
    // A cached balance edited behind the ledger's back.
    await t.db
      .update(ledgerAccounts)
      .set({ balance: sql`${ledgerAccounts.balance} + 5` })
      .where(eq(ledgerAccounts.id, customerAccountId(user.orgId)));
    const report = await reconcileLedgerJob({ ctx: { db: t.db, actor: { type: "system" } } });
    expect(report.ok).toBe(false);
    expect(report.balanceMismatches).toEqual([
      { accountId: customerAccountId(user.orgId), cachedMicros: "100000005", entriesMicros: "100000000" },
    ]);
    expect((await getMetrics().ledgerDrift.get()).values[0]?.value).toBe(1);
    expect(await balanceOf(customerAccountId(user.orgId))).toBe(100n * CREDIT + 5n);
    const [drift] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "ledger.drift_detected"));
    expect(drift).toMatchObject({ chain: "platform", outcome: "failure" });
    // Put it back so later tests start from a balanced ledger.
    await t.db
      .update(ledgerAccounts)
      .set({ balance: sql`${ledgerAccounts.balance} - 5` })
      .where(eq(ledgerAccounts.id, customerAccountId(user.orgId)));
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });
});

async function revenueTotal(): Promise<bigint> {
  const rows = await t.db
    .select()
    .from(ledgerAccounts)
    .where(sql`${ledgerAccounts.id} in ${revenueShardIds()}`);
  return rows.reduce((sum, r) => sum + r.balance, 0n);
}
