// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { applyEvent, EMPTY_RUN, type LiveRun, type StreamEvent } from "./run-state";
import { turnChartRows } from "./run-stats";
import { blocksOf, Transcript } from "./transcript";

// The page's picture of a run: built from events, replays ignored, right-to-left text per
// paragraph, code left to right, the fallback and language badges.

const started = (seq: number, turn: number, language = "ar"): StreamEvent => ({
  type: "turn_started",
  seq,
  turn,
  round: 1,
  seat: turn + 1,
  agent_id: `agt_${turn}`,
  agent_name: `Seat ${turn + 1} agent`,
  guest: false,
  language,
  model: "local/brikk-1",
});

const turnView = {
  index: 0,
  round: 1,
  seat: 1,
  agent_id: "agt_0",
  guest: false,
  status: "completed" as const,
  language: "ar",
  provider: "mistral",
  model: "mistral-small-latest",
  text: "مرحبا بكم\n\nنعم",
  fallback: true,
  failed_attempts: [{ provider: "openai", model: "gpt-4o-mini", error: "HTTP 503: overloaded" }],
  detected_language: "en",
  language_matches: false,
  ttft_ms: 120,
  duration_ms: 900,
  prompt_tokens: 40,
  completion_tokens: 20,
  tokens_per_second: 25,
  cost_usd: "0.000020",
  credits: "1.002000",
  transfer_id: "usage:llm:llm_1",
  interaction_id: null,
  error: null,
  started_at: "2026-12-06T07:00:00.000Z",
  ended_at: "2026-12-06T07:00:01.000Z",
};

afterEach(cleanup);

function play(events: StreamEvent[]): LiveRun {
  return events.reduce(applyEvent, EMPTY_RUN);
}

describe("the run's picture", () => {
  it("appends deltas in order and ignores an event it already applied (a replay)", () => {
    const delta = (seq: number, text: string): StreamEvent => ({ type: "delta", seq, turn: 0, text });
    const run = play([
      started(1, 0),
      delta(2, "Hola "),
      delta(3, "mundo"),
      delta(2, "Hola "),
      delta(3, "mundo"),
    ]);
    expect(run.turns[0]?.text).toBe("Hola mundo");
    expect(run.lastSeq).toBe(3);
  });

  it("splits paragraphs and keeps code fences apart", () => {
    expect(blocksOf("one\n\ntwo\n```ts\nconst x = 1;\n```\nthree")).toEqual([
      { id: 0, code: false, text: "one" },
      { id: 1, code: false, text: "two" },
      { id: 2, code: true, text: "const x = 1;\n" },
      { id: 3, code: false, text: "three" },
    ]);
  });

  it("stacks time to first token under the rest of each answer", () => {
    expect(turnChartRows([turnView])).toEqual([{ label: "1", ttft: 120, rest: 780, credits: 1.002 }]);
  });
});

describe("Transcript", () => {
  it("sets direction per paragraph, and shows the fallback with its reason and the language check", () => {
    const run = play([started(1, 0), { type: "turn_ended", seq: 2, turn: turnView }]);
    render(<Transcript turns={run.turns} />);
    const paragraphs = screen.getByTestId("turn-0").querySelectorAll("p[dir='auto']");
    expect(paragraphs).toHaveLength(2);
    expect(screen.getByText("Fell back")).toBeTruthy();
    expect(screen.getByText("openai/gpt-4o-mini: HTTP 503: overloaded")).toBeTruthy();
    expect(screen.getByText("Answered in English")).toBeTruthy();
    expect(screen.getByText("mistral/mistral-small-latest")).toBeTruthy();
  });

  it("says it is waiting before the first token", () => {
    render(<Transcript turns={play([started(1, 0, "ja")]).turns} />);
    expect(screen.getByText("Waiting for the first token…")).toBeTruthy();
  });
});
