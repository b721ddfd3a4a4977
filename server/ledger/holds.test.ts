import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { llmUsageEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser } from "@/test/factories";
import { accountRow, budgetDayRow, CREDIT, grantTestCredits } from "@/test/ledger";
import { customerAccountId } from "./accounts";
import { hold, release, settle } from "./holds";
import { reconcileLedger } from "./reconcile";
import type { UsageEventRow } from "./usage-events";

const t = withTestDb();

function eventFor(orgId: string, id: string): UsageEventRow {
  return {
    id,
    orgId,
    agentId: null,
    keyId: null,
    userId: null,
    requestId: `req_${id}`,
    requestedModel: "local/echo",
    provider: "local",
    model: "echo",
    stream: false,
    status: "completed",
    httpStatus: 200,
    errorCode: null,
    promptTokens: 10,
    cachedTokens: 0,
    completionTokens: 20,
    costMicroUsd: 300n,
    creditsMicros: 0n,
    attempts: 1,
    fallback: false,
    latencyMs: 5,
    ttftMs: null,
    createdAt: new Date(),
  };
}

/** An org with its starting credits and 10 more; `balance` is what it holds before any call. */
async function fundedOrg() {
  const { orgId } = await createUser(t.db);
  await grantTestCredits(t.db, orgId, "10", `holds-${orgId}`);
  return { orgId, balance: (await accountRow(t.db, customerAccountId(orgId))).balance };
}

const request = (
  orgId: string,
  id: string,
  creditsMicros: bigint,
  budget: { keyId: string; cap: bigint; hold: bigint } | null,
) => ({
  id,
  orgId,
  creditsMicros,
  description: "test call",
  requestId: `req_${id}`,
  budget: budget && {
    caps: { keyId: budget.keyId, softCapMicroUsd: 0n, hardCapMicroUsd: budget.cap },
    microUsd: budget.hold,
  },
});

describe("hold → settle | release (the ledger's primitive for calls priced afterwards)", () => {
  it("holds credits and budget together, settles the cost with the usage event in its commit", async () => {
    const { orgId, balance } = await fundedOrg();
    const held = await hold(
      request(orgId, "llm:call_a", 2n * CREDIT, { keyId: "key_holds_a", cap: 1_000n, hold: 800n }),
    );
    expect(await accountRow(t.db, customerAccountId(orgId))).toMatchObject({ reserved: 2n * CREDIT });
    expect(await budgetDayRow(t.db, "key_holds_a")).toMatchObject({ reservedMicroUsd: 800n });

    const settled = await settle(held, {
      creditsMicros: CREDIT / 2n,
      costMicroUsd: 300n,
      metadata: { service: "llm" },
      usageEvent: eventFor(orgId, "call_a"),
    });
    expect(settled).toEqual({
      chargedMicros: CREDIT / 2n,
      day: { spentMicroUsd: 300n, reservedMicroUsd: 0n },
    });
    expect(await accountRow(t.db, customerAccountId(orgId))).toMatchObject({
      balance: balance - CREDIT / 2n,
      reserved: 0n,
    });
    const [event] = await t.db.select().from(llmUsageEvents).where(eq(llmUsageEvents.id, "call_a"));
    expect(event).toMatchObject({ creditsMicros: CREDIT / 2n, costMicroUsd: 300n, status: "completed" });

    // Settling again (a retry after a crash) charges nothing more and writes no second event.
    await settle(held, {
      creditsMicros: CREDIT,
      costMicroUsd: 300n,
      metadata: {},
      usageEvent: eventFor(orgId, "call_a"),
    });
    expect(await accountRow(t.db, customerAccountId(orgId))).toMatchObject({
      balance: balance - CREDIT / 2n,
    });
    expect(await t.db.select().from(llmUsageEvents).where(eq(llmUsageEvents.orgId, orgId))).toHaveLength(1);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });

  it("holds neither when the budget refuses: the credits it took are given back", async () => {
    const { orgId, balance } = await fundedOrg();
    await expect(
      hold(request(orgId, "llm:call_b", CREDIT, { keyId: "key_holds_b", cap: 500n, hold: 800n })),
    ).rejects.toMatchObject({ code: "budget_exceeded" });
    expect(await accountRow(t.db, customerAccountId(orgId))).toMatchObject({
      balance,
      reserved: 0n,
    });
  });

  it("holds neither when the credits refuse: the budget it took is given back", async () => {
    const { orgId, balance } = await fundedOrg();
    await expect(
      hold(request(orgId, "llm:call_c", balance + CREDIT, { keyId: "key_holds_c", cap: 1_000n, hold: 800n })),
    ).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(await budgetDayRow(t.db, "key_holds_c")).toMatchObject({
      reservedMicroUsd: 0n,
      spentMicroUsd: 0n,
    });
  });

  it("releases both holds whole, with the failed call's event in the same commit", async () => {
    const { orgId, balance } = await fundedOrg();
    const held = await hold(
      request(orgId, "llm:call_d", CREDIT, { keyId: "key_holds_d", cap: 1_000n, hold: 600n }),
    );
    await release(held, {
      ...eventFor(orgId, "call_d"),
      status: "failed",
      httpStatus: 503,
      costMicroUsd: 0n,
    });
    expect(await accountRow(t.db, customerAccountId(orgId))).toMatchObject({
      balance,
      reserved: 0n,
    });
    expect(await budgetDayRow(t.db, "key_holds_d")).toMatchObject({
      reservedMicroUsd: 0n,
      spentMicroUsd: 0n,
    });
    const [event] = await t.db.select().from(llmUsageEvents).where(eq(llmUsageEvents.id, "call_d"));
    expect(event).toMatchObject({ status: "failed", httpStatus: 503, creditsMicros: 0n });
  });
});
