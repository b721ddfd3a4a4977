import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { ledgerTransfers, messageLogs } from "@/db/schema";
import { withApiProcesses } from "@/test/api-processes";
import { withTestDb } from "@/test/db";
import { grantTestCredits } from "@/test/ledger";
import { agentKeyFor } from "@/test/llm-kit";
import { describeOnPostgres } from "@/test/pg-only";
import { reconcileLedger } from "../ledger/reconcile";

// The effect of a request with an Idempotency-Key happens once whatever crashes. A real API
// process serves 16 concurrent echo callers, each retrying every call with its key until it is
// answered; the process is killed (SIGKILL) twice mid-load and started again. Every key must end
// with exactly one charge and one message log: before the fix, calls charged just before a kill
// lost their logs and stored responses (still queued in memory), and their retries were charged
// again.

const t = withTestDb();
const processes = withApiProcesses();
// As deployed: logs and stored responses written behind the response, in batches. A killed
// attempt's claim lapses in 2 s, so the retries can take it over within the test.
const PROCESS_ENV = { BRIKK_WRITE_BEHIND_MS: "10", BRIKK_IDEMPOTENCY_LOCK_SECONDS: "2" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeOnPostgres("echo across a crash", () => {
  it("charges and logs each Idempotency-Key exactly once when the server is killed mid-load", async () => {
    const databaseUrl = t.handle.url;
    if (!databaseUrl) throw new Error("needs PostgreSQL");
    const { owner, key } = await agentKeyFor(t.db, "Crash");
    await grantTestCredits(t.db, owner.orgId, "10000", `crash-${owner.orgId}`);
    let server = await processes.start(databaseUrl, PROCESS_ENV);
    const { port } = server;

    const WORKERS = 16;
    const CALLS = 40;
    let answered = 0;
    let retries = 0;
    const call = async (idempotencyKey: string, message: string) => {
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/echo`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${key}`,
              "content-type": "application/json",
              "idempotency-key": idempotencyKey,
            },
            body: JSON.stringify({ message }),
          });
          const body = await res.json().catch(() => null);
          if (res.status === 200) {
            expect(body.echo).toBe(message);
            answered++;
            return;
          }
          // 409: the first attempt still holds the claim (or held it when it died); retry.
          expect([409, 500, 502, 503]).toContain(res.status);
        } catch {
          // The connection was refused or cut: the server is down. Retry, as a client would.
        }
        retries++;
        await sleep(50);
      }
    };
    const load = Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        for (let i = 0; i < CALLS; i++) await call(`crash-${w}-${i}`, `worker ${w} call ${i}`);
      }),
    );
    for (let kill = 0; kill < 2; kill++) {
      await sleep(1_200);
      const killed = server.child;
      killed.kill("SIGKILL");
      await new Promise((resolve) => killed.once("exit", resolve));
      server = await processes.start(databaseUrl, PROCESS_ENV, port);
    }
    await load;
    server.child.kill("SIGTERM");

    const keys = WORKERS * CALLS;
    expect(answered).toBe(keys);
    expect(retries).toBeGreaterThan(0); // the kills did interrupt calls
    const charges = await t.db
      .select({ id: ledgerTransfers.id })
      .from(ledgerTransfers)
      .where(and(eq(ledgerTransfers.orgId, owner.orgId), eq(ledgerTransfers.kind, "usage")));
    const logs = await t.db
      .select({ id: messageLogs.id })
      .from(messageLogs)
      .where(eq(messageLogs.orgId, owner.orgId));
    const distinctMessages = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(distinct request->>'message')::int as n from message_logs where org_id = ${owner.orgId}`,
      ),
    )[0]?.n;
    expect({ charges: charges.length, logs: logs.length, distinctMessages }).toEqual({
      charges: keys,
      logs: keys,
      distinctMessages: keys,
    });
    expect((await reconcileLedger(t.db)).ok).toBe(true);
  }, 180_000);
});
