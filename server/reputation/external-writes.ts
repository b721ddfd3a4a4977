import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import {
  type EventEvidence,
  type ReputationEvent,
  type ReputationScoreRow,
  reputationEvents,
} from "@/db/schema";
import { recordAudits } from "../audit/service";
import type { OrgContext } from "../context";
import { now } from "../platform/clock";
import { GroupCommit } from "../platform/group-commit";
import { processGlobal } from "../platform/process-global";
import type { RequestScope } from "../platform/request-scope";
import { feedbackEventRow } from "./evidence";
import { DIMENSIONS, type Dimension, scoreOf, sumWithShareCap } from "./model";
import type { FeedbackInput } from "./schemas";
import { bumpCounts, reputationSettings } from "./score";
import { addEventsEvidence, decaySql, lockAgent, type ReputationSettings, upsertScores } from "./store";
import type { EventWeight } from "./weight";

// External feedback, group-committed: events that arrive while a batch is being written go
// together in the next one, so a popular agent takes one lock, a handful of statements and one
// commit for many events (one commit per event capped one agent at about a hundred a second).
// Inside the batch the events are applied one after another in memory, from every rater's
// evidence read once, so each caller still gets its own score before and after, exactly.

export type PreparedEvent = {
  ctx: OrgContext;
  agentId: string;
  input: FeedbackInput;
  evidence: EventEvidence;
  weight: EventWeight;
  id: string;
  source?: "feedback" | "observation";
  /** The request it came in (its audit row names that request's address, not the batch's). */
  scope: RequestScope | undefined;
};

export type WrittenEvent =
  | { duplicate: true }
  | {
      duplicate: false;
      event: ReputationEvent;
      beforeRows: ReputationScoreRow[];
      afterRows: ReputationScoreRow[];
      /** The agent's external events once this one counted. */
      externalCount: number;
    };

type Rater = { r: number; s: number };
type Evidence = Map<Dimension, Map<string, Rater>>;

/** Every external rater's evidence on the agent, decayed to `at`. */
async function loadEvidence(tx: DbOrTx, agentId: string, at: Date, lambda: number): Promise<Evidence> {
  const rows = rowsOf<{ dimension: Dimension; rater_org_id: string; r: number; s: number }>(
    await tx.execute(sql`
      select dimension, rater_org_id, r * f as r, s * f as s from (
        select dimension, rater_org_id, r, s,
          ${decaySql(lambda, sql`as_of`, sql`${at.toISOString()}::timestamptz`)} as f
        from reputation_evidence where agent_id = ${agentId} and not internal
      ) e`),
  );
  const evidence: Evidence = new Map(DIMENSIONS.map((d) => [d, new Map()]));
  for (const row of rows)
    evidence.get(row.dimension)?.set(row.rater_org_id, { r: Number(row.r), s: Number(row.s) });
  return evidence;
}

/** The agent's public score rows for `dimensions` from the raters' evidence (none without evidence). */
function scoreRows(
  agentId: string,
  evidence: Evidence,
  at: Date,
  settings: ReputationSettings,
  dimensions: readonly Dimension[] = DIMENSIONS,
): ReputationScoreRow[] {
  return dimensions.flatMap((dimension) => {
    const raters = [...(evidence.get(dimension)?.values() ?? [])].filter((e) => e.r + e.s > 0);
    if (raters.length === 0) return [];
    const { r, s } = sumWithShareCap(raters, settings.maxRaterShare, settings.shareCapMinRaters);
    return [{ agentId, dimension, r, s, ...scoreOf(r, s), raters: raters.length, asOf: at }];
  });
}

/** `rows` with the dimensions an event touched recomputed (the others cannot have moved). */
function afterEvent(
  rows: ReputationScoreRow[],
  touched: Dimension[],
  agentId: string,
  evidence: Evidence,
  at: Date,
  settings: ReputationSettings,
): ReputationScoreRow[] {
  const fresh = scoreRows(agentId, evidence, at, settings, touched);
  return [...rows.filter((row) => !touched.includes(row.dimension)), ...fresh].sort(
    (a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension),
  );
}

const overallMean = (rows: ReputationScoreRow[]) => rows.find((r) => r.dimension === "overall")?.mean ?? 0.5;

/** One agent's share of a batch, under its lock (taken by the caller). */
async function writeForAgent(
  tx: DbOrTx,
  agentId: string,
  items: PreparedEvent[],
  at: Date,
): Promise<WrittenEvent[]> {
  const settings = reputationSettings();
  const inserted = await tx
    .insert(reputationEvents)
    .values(
      items.map((item) =>
        feedbackEventRow({ ...item, agentId, raterOrgId: item.ctx.org.id, internal: false, at }),
      ),
    )
    .onConflictDoNothing()
    .returning();
  const accepted = new Map(inserted.map((event) => [event.id, event]));
  // The counters move once per batch; each event's own count follows from its place in it.
  let externalCount =
    accepted.size > 0
      ? (await bumpCounts(tx, agentId, { external: accepted.size, internal: 0 })).external - accepted.size
      : 0;
  const evidence = await loadEvidence(tx, agentId, at, settings.lambda);
  let rows = scoreRows(agentId, evidence, at, settings);
  const results: WrittenEvent[] = [];
  const deltas: { id: string; delta: number }[] = [];
  for (const item of items) {
    const event = accepted.get(item.id);
    if (!event) {
      results.push({ duplicate: true });
      continue;
    }
    for (const [dimension, e] of Object.entries(item.evidence) as [Dimension, Rater][]) {
      const raters = evidence.get(dimension) as Map<string, Rater>;
      const current = raters.get(item.ctx.org.id) ?? { r: 0, s: 0 };
      raters.set(item.ctx.org.id, {
        r: current.r + e.r * item.weight.weight,
        s: current.s + e.s * item.weight.weight,
      });
    }
    const after = afterEvent(
      rows,
      Object.keys(item.evidence) as Dimension[],
      agentId,
      evidence,
      at,
      settings,
    );
    const delta = overallMean(after) - overallMean(rows);
    deltas.push({ id: item.id, delta });
    externalCount++;
    results.push({
      duplicate: false,
      event: { ...event, overallDelta: delta },
      beforeRows: rows,
      afterRows: after,
      externalCount,
    });
    rows = after;
  }
  const written = items.filter((item) => accepted.has(item.id));
  if (written.length === 0) return results;
  await recordAudits(
    tx,
    written.map((item) => ({
      orgId: item.ctx.org.id,
      actor: item.ctx.actor,
      action: item.source === "observation" ? "reputation.observed" : "reputation.feedback_given",
      target: { type: "agent", id: agentId },
      metadata: {
        event_id: item.id,
        internal: false,
        weight: item.weight.weight,
        reasons: item.weight.reasons,
      },
      requestId: item.ctx.requestId,
      scope: item.scope,
    })),
  );
  await addEventsEvidence(
    tx,
    written.map((item) => ({
      agentId,
      raterOrgId: item.ctx.org.id,
      internal: false,
      evidence: item.evidence,
      weight: item.weight.weight,
      at,
    })),
    settings.lambda,
  );
  await upsertScores(tx, rows);
  await tx.execute(sql`
    update reputation_events e set overall_delta = d.delta
    from (values ${sql.join(
      deltas.map((d) => sql`(${d.id}, ${d.delta}::float8)`),
      sql`, `,
    )}) as d(id, delta)
    where e.id = d.id`);
  return results;
}

async function writeBatch(items: PreparedEvent[]): Promise<WrittenEvent[]> {
  // Every item comes from a request's own context on the same database (never from inside a
  // transaction of its caller: its effect would escape that transaction).
  const db = (items[0] as PreparedEvent).ctx.db;
  const byAgent = new Map<string, PreparedEvent[]>();
  for (const item of items) byAgent.set(item.agentId, [...(byAgent.get(item.agentId) ?? []), item]);
  const agentIds = [...byAgent.keys()].sort();
  const written = await db.transaction(async (tx) => {
    // In id order, like the nightly recompute's batches: no two writers wait on each other in a circle.
    for (const agentId of agentIds) await lockAgent(tx, agentId);
    const at = now();
    const out = new Map<PreparedEvent, WrittenEvent>();
    for (const agentId of agentIds) {
      const group = byAgent.get(agentId) as PreparedEvent[];
      const results = await writeForAgent(tx, agentId, group, at);
      for (const [i, item] of group.entries()) out.set(item, results[i] as WrittenEvent);
    }
    return out;
  });
  return items.map((item) => written.get(item) as WrittenEvent);
}

/** The process's batcher (a rater appears once per batch: its evidence row is written once). */
const batcher = () =>
  processGlobal(
    "reputation-external-writes",
    () =>
      new GroupCommit<PreparedEvent, WrittenEvent>({
        writeBatch,
        writeOne: async (item) => (await writeBatch([item]))[0] as WrittenEvent,
        idOf: (item) => `${item.agentId}:${item.ctx.org.id}`,
        batchSingles: true,
      }),
  );

export function writeExternalEvent(item: PreparedEvent): Promise<WrittenEvent> {
  return batcher().submit(item);
}
