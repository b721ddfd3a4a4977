// npm run bench:panel — the multilingual panel on the local PostgreSQL, local provider, no pacing
// (so what is measured is Brikk, not the provider): (1) a full 8-turn run's wall time, also at the
// local provider's default human pace; (2) the panel's overhead per turn over a direct streamed
// chat completion of the same messages through the same pipeline; (3) 20 runs at once, every
// event accounted for. Creates and drops its own database; bounded; 127.0.0.1 only.
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import postgres from "postgres";

const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 20);
const database = `brikk_bench_panel_${randomBytes(4).toString("hex")}`;

process.env.DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.BRIKK_API_KEY_PEPPER ??= randomBytes(32).toString("base64");
process.env.BRIKK_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.LOG_LEVEL = "warn";
process.env.BRIKK_RATE_LIMIT_ENABLED = "false";
process.env.BRIKK_LOCAL_TOKENS_PER_SECOND = "0";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  const { closeDb, getDb } = await import("@/server/platform/db");
  const { setEnvForTests } = await import("@/server/platform/env");
  const { createUser, orgContext } = await import("@/test/factories");
  const { grantTestCredits } = await import("@/test/ledger");
  const { StartRunInput } = await import("@/server/panel/schemas");
  const { startRun, getRun } = await import("@/server/panel/service");
  const { activeRuns } = await import("@/server/panel/worker");
  const { eventsAfter } = await import("@/server/panel/events");
  const { chatCompletion } = await import("@/server/llm/chat");
  const { ChatCompletionInput } = await import("@/server/llm/schemas");
  const { seatMessages, currentPersona } = await import("@/server/panel/seats");
  const { keyContext } = await import("@/test/factories");
  const { insertApiKey } = await import("@/server/keys/service");
  const settled = async () => {
    while (activeRuns().length > 0) await Promise.all(activeRuns());
  };
  try {
    const db = await getDb();
    console.info(`machine: ${cpus().length} vCPU (${cpus()[0]?.model}), Node ${process.version}, PostgreSQL`);
    const user = await createUser(db);
    const ctx = await orgContext(db, user, user.orgId);
    await grantTestCredits(db, user.orgId, "100000", "bench");
    /** A run played to its end; `viewerMs`: from POST until its run_ended was written (what a viewer waits). */
    const play = async (prompt: string) => {
      const t0 = performance.now();
      const run = await startRun({ ctx, input: StartRunInput.parse({ prompt }) });
      const accepted = performance.now() - t0;
      await settled();
      const view = await getRun({ ctx, input: { id: run.id } });
      const ended = view.ended_at as unknown as Date;
      const created = view.created_at as unknown as Date;
      return { ...view, acceptedMs: accepted, viewerMs: accepted + (ended.getTime() - created.getTime()) };
    };
    await play("Warm-up"); // creates the default seats and their keys, warms every path

    // (1) Wall time of a whole run, unpaced.
    const walls: number[] = [];
    const accepts: number[] = [];
    const turnMs: number[] = [];
    let sample = await play("Sample");
    for (let i = 0; i < RUNS; i++) {
      sample = await play(`Question ${i}: should a small team adopt microservices?`);
      walls.push(sample.viewerMs);
      accepts.push(sample.acceptedMs);
      // From the first turn's start to run_ended, as the log's commit times say: every turn's
      // writes and commits included, the run's start and end not.
      const log = await eventsAfter(db, sample.id, 0, 10_000);
      const first = log.find((e) => e.type === "turn_started")?.createdAt.getTime() ?? 0;
      const last = log.at(-1)?.createdAt.getTime() ?? 0;
      turnMs.push((last - first) / 8);
    }
    console.info(
      `full 8-turn run, local provider unpaced: median ${ms(median(walls))} from POST to run_ended (${RUNS} runs); POST answered 201 in ${ms(median(accepts))}`,
    );

    // (2) The same eight calls made directly (streamed chat completions as the seats' panel keys,
    // the messages each turn sent), timed as a client would time them.
    const direct: number[] = [];
    const transcript: { agentName: string; language: string; round: number; text: string }[] = [];
    const keys = new Map<string, Awaited<ReturnType<typeof keyContext>>>();
    for (const seat of sample.seats) {
      const issued = await insertApiKey(db, ctx, { agentId: seat.agent_id, kind: "agent", name: "bench" });
      keys.set(seat.agent_id, await keyContext(db, issued.secret));
    }
    for (let i = 0; i < RUNS; i++) {
      transcript.length = 0;
      for (const turn of sample.turns) {
        const seat = sample.seats[turn.seat - 1] as (typeof sample.seats)[number];
        const persona = await currentPersona(db, seat.agent_id);
        if (!persona) throw new Error("seat without persona");
        const messages = seatMessages(persona, {
          seat: { ...seat, key_id: null },
          round: turn.round,
          run: { prompt: "Sample", rounds: 2 },
          transcript,
        });
        const t0 = performance.now();
        const res = await chatCompletion({
          ctx: keys.get(seat.agent_id) as Awaited<ReturnType<typeof keyContext>>,
          input: ChatCompletionInput.parse({
            model: "local/brikk-1",
            messages,
            stream: true,
            max_tokens: 400,
          }),
        });
        await res.text();
        direct.push(performance.now() - t0);
        transcript.push({
          agentName: seat.agent_name,
          language: seat.language,
          round: turn.round,
          text: turn.text,
        });
      }
    }
    // A turn's time against the same call made directly; the run's fixed part (seats, fee,
    // claim, end) is what is left of its time once its turns are taken out.
    const turnOverhead = median(turnMs) - median(direct);
    const fixed = median(walls) - median(turnMs) * 8;
    console.info(
      `per turn: ${ms(median(turnMs))} (first turn_started to run_ended / 8) vs ${ms(median(direct))} for the direct streamed call: ` +
        `overhead ${ms(turnOverhead)} per turn (goal < 5 ms) ${turnOverhead < 5 ? "ok" : "MISSED"}`,
    );
    console.info(
      `the run's own work (seats, fee hold, claim, fee settle, end): ${ms(fixed)} per run, ${ms(fixed / 8)} per turn spread over 8; ` +
        `all in: ${ms(median(walls) / 8 - median(direct))} per turn`,
    );

    // (3) Concurrent runs: all complete, every event numbered without a gap, every token logged.
    const t0 = performance.now();
    const started = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        startRun({ ctx, input: StartRunInput.parse({ prompt: `Concurrent ${i}` }) }),
      ),
    );
    await settled();
    const wall = performance.now() - t0;
    let events = 0;
    let lost = 0;
    let completed = 0;
    for (const { id } of started) {
      const run = await getRun({ ctx, input: { id } });
      if (run.status === "completed" && run.turns.every((turn) => turn.status === "completed")) completed++;
      const log = await eventsAfter(db, id, 0, 100_000);
      events += log.length;
      lost += log.filter((event, i) => event.seq !== i + 1).length;
      for (const turn of run.turns) {
        const text = log
          .filter((e) => e.type === "delta" && e.data.turn === turn.index)
          .map((e) => e.data.text)
          .join("");
        if (text !== turn.text) lost++;
      }
    }
    console.info(
      `${CONCURRENT} concurrent runs: ${completed}/${CONCURRENT} completed in ${ms(wall)}, ${events} events, ${lost} lost or out of order`,
    );

    // (1b) One run at the local provider's default pace (60 tokens/s): what a viewer waits.
    setEnvForTests({ BRIKK_LOCAL_TOKENS_PER_SECOND: "60", BRIKK_RATE_LIMIT_ENABLED: "false" });
    const paced = await play("Paced");
    console.info(
      `full 8-turn run at 60 tokens/s: ${ms(paced.viewerMs)} from POST to run_ended, ${paced.totals.completion_tokens} tokens out`,
    );
  } finally {
    await closeDb();
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
