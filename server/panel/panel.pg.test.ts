import { expect, it } from "vitest";
import { newId } from "@/db/ids";
import { panelRuns } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, orgContext } from "@/test/factories";
import { grantTestCredits } from "@/test/ledger";
import { runsSettled } from "@/test/panel-kit";
import { describeOnPostgres } from "@/test/pg-only";
import { describeOnRedis, testPrefix } from "@/test/redis-only";
import { setEnvForTests } from "../platform/env";
import { createPanelBus } from "./bus";
import { eventsAfter, RunEventLog, RunFollower } from "./events";
import { StartRunInput } from "./schemas";
import { getRun, startRun } from "./service";

// What only PostgreSQL (and Redis) can show: runs played concurrently lose no event, and a
// follower on another instance is woken by the writer's instance through Redis.

const t = withTestDb();

describeOnPostgres("panel runs on PostgreSQL", () => {
  it("plays 20 runs at once, each with all eight turns and an unbroken event log", async () => {
    setEnvForTests({ BRIKK_LOCAL_TOKENS_PER_SECOND: "200", BRIKK_RATE_LIMIT_ENABLED: "false" });
    const user = await createUser(t.db);
    const ctx = await orgContext(t.db, user, user.orgId);
    await grantTestCredits(t.db, user.orgId, "1000", `pg-${user.orgId}`);
    const started = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        startRun({ ctx, input: StartRunInput.parse({ prompt: `Question ${i}` }) }),
      ),
    );
    await runsSettled();
    for (const { id } of started) {
      const run = await getRun({ ctx, input: { id } });
      expect(run.status).toBe("completed");
      expect(run.turns.filter((turn) => turn.status === "completed")).toHaveLength(8);
      const events = await eventsAfter(t.db, id, 0, 10_000);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === "turn_ended")).toHaveLength(8);
      for (const turn of run.turns) {
        const text = events
          .filter((e) => e.type === "delta" && e.data.turn === turn.index)
          .map((e) => e.data.text)
          .join("");
        expect(text).toBe(turn.text);
      }
    }
  }, 120_000);
});

describeOnRedis("the panel bus across instances", () => {
  it("wakes a follower on another instance when the writer's instance appends an event", async () => {
    const redisUrl = process.env.REDIS_URL as string;
    const prefix = testPrefix();
    // A long poll: a follower woken before it only could have been woken through Redis.
    const writer = createPanelBus(redisUrl, prefix);
    const reader = createPanelBus(redisUrl, prefix);
    const user = await createUser(t.db);
    const id = newId("panelRun");
    await t.db.insert(panelRuns).values({
      id,
      orgId: user.orgId,
      prompt: "Across instances",
      seats: [],
      rounds: 2,
      startedBy: "system",
    });
    const follower = new RunFollower(reader, id);
    try {
      await follower.next(0); // the first call always reads
      await new Promise((r) => setTimeout(r, 300)); // both subscriptions are live
      const log = new RunEventLog(t.db, id, writer);
      const woken = follower.next(30_000);
      await log.append("delta", { turn: 0, text: "hola" });
      expect(await woken).toBe(true);
      expect((await eventsAfter(t.db, id, 0)).map((e) => e.data.text)).toEqual(["hola"]);
    } finally {
      follower.close();
      writer.close();
      reader.close();
    }
  });
});
