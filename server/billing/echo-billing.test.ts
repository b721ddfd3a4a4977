import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { POST as coordinationEcho } from "@/app/api/v1/coordination/echo/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { ledgerAccounts, ledgerTransfers, messageLogs } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, sessionRequest } from "@/test/factories";
import { customerAccountId, operationsAccountId } from "../ledger/accounts";
import { reconcileLedger } from "../ledger/reconcile";
import { postTransfer } from "../ledger/transfer";

const t = withTestDb();
const CREDIT = 1_000_000n;

async function agentKey() {
  const owner = await createUser(t.db);
  const res = await createAgentRoute(
    sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Payer" } }),
  );
  return { owner, key: (await res.json()).api_key.secret as string };
}

function call(route: typeof echoRoute, path: string, key: string, body: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    "content-type": "application/json",
  };
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  return route(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
}

async function balance(orgId: string): Promise<bigint> {
  const [row] = await t.db
    .select()
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.id, customerAccountId(orgId)));
  return row?.balance ?? -1n;
}

describe("paid echo calls", () => {
  it("charges 1 credit plus 0.1 credit per MB of request and response, exactly", async () => {
    const { owner, key } = await agentKey();
    const res = await call(echoRoute, "/api/v1/echo", key, { message: "pay me" });
    expect(res.status).toBe(200);
    const [log] = await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, owner.orgId));
    const bytes = BigInt((log?.requestBytes ?? 0) + (log?.responseBytes ?? 0));
    const data = (bytes * 100_000n + 999_999n) / 1_000_000n;
    expect(await balance(owner.orgId)).toBe(100n * CREDIT - CREDIT - data);
    const [charge] = await t.db
      .select()
      .from(ledgerTransfers)
      .where(eq(ledgerTransfers.id, `usage:${log?.id}`));
    expect(charge).toMatchObject({ kind: "usage", orgId: owner.orgId, amount: CREDIT + data });
    expect(charge?.metadata).toMatchObject({
      service: "api_call",
      route: "/api/v1/echo",
      bytes: Number(bytes),
    });
  });

  it("charges a coordination echo as a workflow execution (10 credits)", async () => {
    const { owner, key } = await agentKey();
    expect((await call(coordinationEcho, "/api/v1/coordination/echo", key, { message: "flow" })).status).toBe(
      200,
    );
    const spent = 100n * CREDIT - (await balance(owner.orgId));
    expect(spent > 10n * CREDIT && spent < 10n * CREDIT + 1_000n).toBe(true);
  });

  it("answers 402 with balance and price when credits run out, and logs and charges nothing", async () => {
    const { owner, key } = await agentKey();
    await postTransfer(t.db, {
      id: `usage:drain:${owner.orgId}`,
      kind: "adjustment",
      orgId: owner.orgId,
      entries: [
        { accountId: customerAccountId(owner.orgId), amount: -(99n * CREDIT + 500_000n) },
        { accountId: operationsAccountId(), amount: 99n * CREDIT + 500_000n },
      ],
    });
    const res = await call(echoRoute, "/api/v1/echo", key, { message: "broke" });
    expect(res.status).toBe(402);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: "insufficient_credits", balance: "0.500000" });
    expect(problem.required).toMatch(/^1\.0000\d\d$/);
    expect(await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, owner.orgId))).toHaveLength(0);
    expect(await balance(owner.orgId)).toBe(500_000n);
  });

  it("charges an idempotent retry once", async () => {
    const { owner, key } = await agentKey();
    const first = await call(echoRoute, "/api/v1/echo", key, { message: "once" }, "pay-once");
    const replay = await call(echoRoute, "/api/v1/echo", key, { message: "once" }, "pay-once");
    expect(first.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const charges = await t.db
      .select()
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.orgId, owner.orgId), like(ledgerTransfers.id, "usage:%")));
    expect(charges).toHaveLength(1);
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  });
});
