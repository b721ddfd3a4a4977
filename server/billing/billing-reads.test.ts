import { describe, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { GET as balanceRoute } from "@/app/api/v1/billing/balance/route";
import { GET as transactionsRoute } from "@/app/api/v1/billing/transactions/route";
import { POST as coordinationEcho } from "@/app/api/v1/coordination/echo/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, sessionRequest } from "@/test/factories";
import { grantTestCredits } from "@/test/ledger";

const t = withTestDb();

async function orgWithUsage() {
  const owner = await createUser(t.db);
  const res = await createAgentRoute(
    sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Spender" } }),
  );
  const key = (await res.json()).api_key.secret as string;
  const send = (route: typeof echoRoute, path: string, message: string) =>
    route(
      new Request(`${ORIGIN}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ message }),
      }),
    );
  await send(echoRoute, "/api/v1/echo", "one");
  await send(echoRoute, "/api/v1/echo", "two");
  await send(coordinationEcho, "/api/v1/coordination/echo", "flow");
  await grantTestCredits(t.db, owner.orgId, "5", `reads-${owner.orgId}`, "thanks for testing");
  return { owner, key };
}

describe("billing reads", () => {
  it("reports the balance and usage by service for today, 7 and 30 days, to agents too", async () => {
    const { owner, key } = await orgWithUsage();
    const res = await balanceRoute(
      new Request(`${ORIGIN}/api/v1/billing/balance`, { headers: { authorization: `Bearer ${key}` } }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ org_id: owner.orgId, owed: "0.000000", reserved: "0.000000" });
    const spent = 100 + 5 - Number(body.balance);
    expect(body.usage.today.calls).toBe(3);
    expect(body.usage.today.total).toBe(body.usage["30d"].total);
    expect(Number(body.usage.today.total)).toBeCloseTo(spent, 5);
    expect(Object.keys(body.usage["7d"].by_service).sort()).toEqual(["api_call", "workflow"]);
    expect(body.usage["7d"].by_service.workflow).toMatch(/^10\.0000\d\d$/);
  });

  it("lists transactions newest first, with filters and a cursor", async () => {
    const { owner } = await orgWithUsage();
    const get = async (query: string) => {
      const res = await transactionsRoute(
        sessionRequest(`/api/v1/billing/transactions${query}`, { cookie: owner.cookie }),
      );
      expect(res.status).toBe(200);
      return res.json();
    };
    const all = await get("");
    expect(all.data.map((t: { kind: string }) => t.kind)).toEqual([
      "grant",
      "usage",
      "usage",
      "usage",
      "grant",
    ]);
    expect(all.data[0]).toMatchObject({
      amount: "5.000000",
      direction: "in",
      account: "credits",
      description: "thanks for testing",
    });
    expect(all.data[1]).toMatchObject({ direction: "out", metadata: { service: "workflow" } });

    expect((await get("?kind=usage")).data).toHaveLength(3);
    const large = (await get("?min_amount=5")).data.map((t: { amount: string }) => t.amount);
    expect(large).toEqual(["5.000000", expect.stringMatching(/^-10\.0000\d\d$/), "100.000000"]);
    expect((await get("?min_amount=5&max_amount=50")).data).toHaveLength(2);
    expect((await get("?q=coordination")).data).toHaveLength(1);
    expect((await get(`?to=${encodeURIComponent("2000-01-01")}`)).data).toHaveLength(0);

    const first = await get("?limit=2");
    expect(first.data).toHaveLength(2);
    const second = await get(`?limit=2&cursor=${first.next_cursor}`);
    expect(second.data[0].entry_id).not.toBe(first.data[1].entry_id);
    expect([...first.data, ...second.data].map((t: { id: string }) => t.id)).toEqual(
      all.data.slice(0, 4).map((t: { id: string }) => t.id),
    );
  });

  it("answers bad filters with 422 naming the field", async () => {
    const { owner } = await orgWithUsage();
    const res = await transactionsRoute(
      sessionRequest("/api/v1/billing/transactions?kind=theft&min_amount=1.1234567&limit=500", {
        cookie: owner.cookie,
      }),
    );
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      "/kind",
      "/limit",
      "/min_amount",
    ]);
  });
});
