import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { POST as echoRoute } from "@/app/api/v1/echo/route";
import { messageLogs } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, ORIGIN, orgContext } from "@/test/factories";
import { describeOnPostgres } from "@/test/pg-only";
import { CreateAgentInput } from "../agents/schemas";
import { createAgent } from "../agents/service";
import { setEnvForTests } from "../platform/env";

const t = withTestDb();

describeOnPostgres("Idempotency-Key under concurrency (PostgreSQL)", () => {
  it("lets exactly one of 20 concurrent identical requests take effect", async () => {
    setEnvForTests({ BRIKK_RATE_LIMIT_ENABLED: "false" });
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const { api_key } = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Racer" }) });
    const send = () =>
      echoRoute(
        new Request(`${ORIGIN}/api/v1/echo`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${api_key.secret}`,
            "content-type": "application/json",
            "idempotency-key": "race-1",
          },
          body: JSON.stringify({ message: "only once" }),
        }),
      );
    const responses = await Promise.all(Array.from({ length: 20 }, send));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(
      responses.filter((r) => r.status === 200 && r.headers.get("idempotent-replayed") !== "true"),
    ).toHaveLength(1);
    const logs = await t.db.select().from(messageLogs).where(eq(messageLogs.orgId, owner.orgId));
    expect(logs).toHaveLength(1);
  });
});
