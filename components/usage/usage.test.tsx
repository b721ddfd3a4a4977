// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { utcDay } from "@/server/ledger/budgets";
import { withTestDb } from "@/test/db";
import { agentKeyFor, chatAs, withFakeUpstreams } from "@/test/llm-kit";
import { renderWithTRPC } from "@/test/render";
import { KeyMeters } from "./key-meters";
import { RecentCalls } from "./recent-calls";
import { LlmCostChart } from "./usage-chart";
import { costChartRows } from "./usage-figures";

const t = withTestDb();
withFakeUpstreams();
afterEach(cleanup);

describe("usage page", () => {
  it("shows each key's spend against its caps and the latest calls", async () => {
    const { owner, key, keyId } = await agentKeyFor(t.db, "Metered agent");
    expect((await chatAs(key, { model: "local/brikk-1" })).status).toBe(200);
    // $8 of the default $10 hard cap spent today: past the $5 soft cap.
    await t.db.execute(sql`
      insert into api_key_daily_spend (key_id, day, spent_micro_usd) values (${keyId}, ${utcDay()}, 8000000)
      on conflict (key_id, day) do update set spent_micro_usd = 8000000`);
    renderWithTRPC(
      <>
        <KeyMeters />
        <RecentCalls />
      </>,
      { cookie: owner.cookie },
    );
    const meter = await screen.findByRole("progressbar");
    expect(meter.getAttribute("aria-valuenow")).toBe("80");
    expect(meter.getAttribute("aria-valuetext")).toBe("$8.000000 of $10.000000, past the soft cap");
    expect(await screen.findByText("local/brikk-1")).toBeTruthy();
    expect(screen.getByText("completed")).toBeTruthy();
  });

  it("says when there is nothing yet", async () => {
    const { owner } = await agentKeyFor(t.db);
    renderWithTRPC(<LlmCostChart />, { cookie: owner.cookie });
    expect(await screen.findByText("No LLM calls in the last 14 days.")).toBeTruthy();
  });

  it("turns days of cost per model into chart rows", () => {
    const { rows, models } = costChartRows([
      { day: "2026-11-21", by_model: { "openai/gpt-4o": "0.010000" } },
      { day: "2026-11-22", by_model: { "local/brikk-1": "0.000000", "openai/gpt-4o": "0.002500" } },
    ]);
    expect(models).toEqual(["local/brikk-1", "openai/gpt-4o"]);
    expect(rows[0]).toMatchObject({ label: "Nov 21", "openai/gpt-4o": 0.01, "local/brikk-1": 0 });
    expect(rows[1]).toMatchObject({ "openai/gpt-4o": 0.0025 });
  });
});
