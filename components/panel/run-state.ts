import type { z } from "zod";
import type { PanelRunView, PanelStreamEvent, PanelTotals, PanelTurnView } from "@/server/panel/schemas";

// The page's picture of a run, built from its event stream alone: every event carries its
// sequence number, and one already applied (a replay after a reconnect) changes nothing, so
// the transcript shows each token once whatever the network did.

/** Times arrive as ISO strings over SSE and as Dates over tRPC; the page reads them as either. */
type Timed<T, K extends keyof T> = Omit<T, K> & {
  [P in K]: null extends T[P] ? string | Date | null : string | Date;
};

export type TurnView = Timed<z.infer<typeof PanelTurnView>, "started_at" | "ended_at">;
export type RunView = Omit<
  Timed<z.infer<typeof PanelRunView>, "created_at" | "started_at" | "ended_at">,
  "turns"
> & { turns: TurnView[] };
export type Totals = z.infer<typeof PanelTotals>;
export type StreamEvent = z.infer<typeof PanelStreamEvent>;

export type LiveTurn = {
  index: number;
  round: number;
  seat: number;
  agentName: string;
  guest: boolean;
  language: string;
  model: string;
  text: string;
  /** The finished turn as the server recorded it; null while it streams. */
  final: TurnView | null;
};

export type LiveRun = {
  lastSeq: number;
  turns: LiveTurn[];
  ended: { status: RunView["status"]; error: RunView["error"]; totals: Totals } | null;
};

export const EMPTY_RUN: LiveRun = { lastSeq: 0, turns: [], ended: null };

function withTurn(run: LiveRun, index: number, change: (turn: LiveTurn) => LiveTurn): LiveTurn[] {
  return run.turns.map((turn) => (turn.index === index ? change(turn) : turn));
}

export function applyEvent(run: LiveRun, event: StreamEvent): LiveRun {
  if (event.seq <= run.lastSeq) return run;
  const next = { ...run, lastSeq: event.seq };
  switch (event.type) {
    case "turn_started":
      return {
        ...next,
        turns: [
          ...run.turns,
          {
            index: event.turn,
            round: event.round,
            seat: event.seat,
            agentName: event.agent_name,
            guest: event.guest,
            language: event.language,
            model: event.model,
            text: "",
            final: null,
          },
        ],
      };
    case "delta":
      return {
        ...next,
        turns: withTurn(run, event.turn, (turn) => ({ ...turn, text: turn.text + event.text })),
      };
    case "turn_ended":
    case "turn_failed":
      return {
        ...next,
        turns: withTurn(run, event.turn.index, (turn) => ({
          ...turn,
          text: event.turn.text,
          final: event.turn,
        })),
      };
    case "run_ended":
      return { ...next, ended: { status: event.status, error: event.error, totals: event.totals } };
  }
}

/** A stored run as the stream would have built it (a past run reopened, read-only). */
export function liveRunOf(run: RunView): LiveRun {
  const seats = new Map(run.seats.map((seat) => [seat.seat, seat]));
  return {
    lastSeq: 0,
    turns: run.turns.map((turn) => ({
      index: turn.index,
      round: turn.round,
      seat: turn.seat,
      agentName: seats.get(turn.seat)?.agent_name ?? turn.agent_id,
      guest: turn.guest,
      language: turn.language,
      model: turn.model ?? seats.get(turn.seat)?.model ?? "",
      text: turn.text,
      final: turn,
    })),
    ended:
      run.status === "queued" || run.status === "running"
        ? null
        : { status: run.status, error: run.error, totals: run.totals },
  };
}
