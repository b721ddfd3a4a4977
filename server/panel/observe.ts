import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type PanelRun, type PanelSeat, type PanelTurn, panelTurns } from "@/db/schema";
import type { Actor, OrgRef } from "../context";
import { getLogger } from "../platform/logger";
import { recordObservation } from "../reputation/service";
import { recordInteraction } from "../reputation/weight";

// What a finished turn tells the reputation system about its agent. A guest seat's turn is an
// interaction between the running org and the agent (feedback naming it is verified); every turn
// the agent itself decided is a system observation: success, response time, and reliability (no
// fallback, no error, the seat's language). A turn refused for the running org's own reasons
// (credits, budget, its rate limit) or cancelled by it says nothing about the agent.

const NOT_THE_AGENTS_DOING = new Set([
  "insufficient_credits",
  "budget_exceeded",
  "rate_limited",
  "forbidden",
  "not_found",
  "cancelled",
]);

export async function recordTurnUse(
  db: DbOrTx,
  context: { org: OrgRef; caller: Actor; run: PanelRun; seat: PanelSeat },
  turn: PanelTurn,
): Promise<PanelTurn> {
  if (turn.status === "cancelled" || (turn.error && NOT_THE_AGENTS_DOING.has(turn.error.code))) return turn;
  const { org, caller, run, seat } = context;
  try {
    let recorded = turn;
    if (seat.guest && turn.status === "completed") {
      const interactionId = await recordInteraction(db, {
        orgId: org.id,
        agentId: seat.agent_id,
        kind: "panel_turn",
        reference: `${run.id}#${turn.index}`,
      });
      const [updated] = await db
        .update(panelTurns)
        .set({ interactionId })
        .where(and(eq(panelTurns.runId, run.id), eq(panelTurns.index, turn.index)))
        .returning();
      recorded = updated ?? turn;
    }
    const success = turn.status === "completed";
    await recordObservation({
      ctx: { db, org, role: "member", actor: caller },
      input: {
        agentId: seat.agent_id,
        success,
        latencyMs: turn.durationMs ?? 0,
        reliable: success && !turn.fallback && (turn.detectedLanguage ?? turn.language) === turn.language,
        note: `Panel run ${run.id}, turn ${turn.index + 1}`,
      },
    });
    return recorded;
  } catch (error) {
    // The transcript matters more than one observation: log it and go on.
    getLogger().warn({ err: error, run_id: run.id, turn: turn.index }, "could not record a panel turn's use");
    return turn;
  }
}
