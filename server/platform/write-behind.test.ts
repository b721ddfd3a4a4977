import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as createAgentRoute } from "@/app/api/v1/agents/route";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { idempotencyKeys, messageLogs } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, sessionRequest } from "@/test/factories";
import { setEnvForTests } from "./env";
import { getMetrics } from "./metrics";
import { flushAllWriteBehind, WriteBehindQueue } from "./write-behind";

const t = withTestDb();

describe("WriteBehindQueue", () => {
  it("writes queued rows in one batch after the delay, in order", async () => {
    const batches: number[][] = [];
    const queue = new WriteBehindQueue<number>(
      "test",
      async (rows) => void batches.push(rows),
      () => 5,
    );
    const written = [1, 2, 3].map((n) => queue.enqueue(n));
    expect(batches).toEqual([]);
    await Promise.all(written);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("writes at once with a zero delay", async () => {
    const batches: number[][] = [];
    const queue = new WriteBehindQueue<number>(
      "test",
      async (rows) => void batches.push(rows),
      () => 0,
    );
    await queue.enqueue(7);
    expect(batches).toEqual([[7]]);
  });

  it("retries a failed batch row by row and counts the rows it could not write", async () => {
    const written: number[] = [];
    const queue = new WriteBehindQueue<number>(
      "flaky",
      async (rows) => {
        if (rows.includes(13)) throw new Error("bad row");
        written.push(...rows);
      },
      () => 50,
    );
    const before = (await getMetrics().writeBehindFailures.get()).values.find(
      (v) => v.labels.queue === "flaky",
    );
    const all = [12, 13, 14].map((n) => queue.enqueue(n));
    await queue.flush();
    await Promise.all(all);
    expect(written).toEqual([12, 14]);
    const after = (await getMetrics().writeBehindFailures.get()).values.find(
      (v) => v.labels.queue === "flaky",
    );
    expect((after?.value ?? 0) - (before?.value ?? 0)).toBe(1);
  });
});

describe("write-behind in the echo pipeline", () => {
  it("answers before the idempotent response is written (the log is in the charge's commit), then writes it", async () => {
    setEnvForTests({ BRIKK_WRITE_BEHIND_MS: "60000" });
    const owner = await createUser(t.db);
    const created = await createAgentRoute(
      sessionRequest("/api/v1/agents", { method: "POST", cookie: owner.cookie, body: { name: "Behind" } }),
    );
    const { api_key } = await created.json();
    const send = () =>
      echoRoute(
        new Request(`${ORIGIN}/api/v1/echo`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${api_key.secret}`,
            "content-type": "application/json",
            "idempotency-key": "behind-1",
          },
          body: JSON.stringify({ message: "later" }),
        }),
      );
    const res = await send();
    expect(res.status).toBe(200);
    // The call's log is written with its charge, never behind it: a crash cannot lose it.
    expect(await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, owner.orgId))).toHaveLength(1);
    // Until its response is stored, a retry is told the first is still running.
    expect((await send()).status).toBe(409);

    await flushAllWriteBehind();
    expect(await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, owner.orgId))).toHaveLength(1);
    const [record] = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, owner.orgId));
    expect(record).toMatchObject({ state: "completed", responseStatus: 200 });
    const replay = await send();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toMatchObject({ echo: "later" });
  });
});
