// @vitest-environment happy-dom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { createUser, orgContext } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { newAgent, rate } from "@/test/reputation-kit";
import { AgentReputation } from "./reputation-dashboard";
import { deltaLabel, intervalLabel, starParts, trendRows } from "./reputation-figures";

const t = withTestDb();
afterEach(cleanup);

describe("reputation figures", () => {
  it("draws stars to the nearest half", () => {
    expect(starParts(4.3)).toEqual({ full: 4, half: true, empty: 0 });
    expect(starParts(4.2)).toEqual({ full: 4, half: false, empty: 1 });
    expect(starParts(1)).toEqual({ full: 1, half: false, empty: 4 });
    expect(starParts(5)).toEqual({ full: 5, half: false, empty: 0 });
  });

  it("puts the interval, deltas and the trend on the star scale", () => {
    expect(intervalLabel({ lower: 0.6356, upper: 0.9667 })).toBe("3.5–4.9 ★");
    expect(deltaLabel(0.03)).toBe("+0.12 ★");
    expect(deltaLabel(-0.0125)).toBe("−0.05 ★");
    expect(deltaLabel(0.0001)).toBe("±0 ★");
    expect(deltaLabel(null)).toBeNull();
    const [row] = trendRows([
      { day: "2026-12-05", mean: 0.5, lower: 0.05, upper: 0.95, stars: 3, evidence: 0 },
    ]);
    expect(row).toEqual({ label: "12-05", stars: 3, band: [1.2, 4.8] });
  });
});

describe("an agent's reputation", () => {
  it("shows the owner the public score, the feed with its rater, and internal feedback", async () => {
    const owner = await createUser(t.db, { name: "Owner" });
    const agent = await newAgent(await orgContext(t.db, owner, owner.orgId), { name: "Scout" });
    const rater = await createUser(t.db);
    await rate(await orgContext(t.db, rater, rater.orgId), agent.id, { rating: 5, comment: "Solid work" });
    renderWithTRPC(<AgentReputation agentId={agent.id} canRate />, { cookie: owner.cookie });
    expect(await screen.findByText("Scout")).toBeTruthy();
    // One unpaid 5-star (weight 0.2): Beta(1.2, 1), mean 0.545, 3.2 stars.
    expect(screen.getByTestId("overall-stars").textContent).toBe("3.2");
    expect(screen.getByRole("img", { name: "3.2 out of 5 stars" })).toBeTruthy();
    expect(screen.getByText("provisional")).toBeTruthy();
    const feed = await screen.findByRole("list", { name: "Recent feedback" });
    expect(within(feed).getByText("Solid work")).toBeTruthy();
    expect(screen.getByText("Internal feedback")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Give internal feedback" })).toBeTruthy();
  });

  it("offers another organization the public feedback form", async () => {
    const owner = await createUser(t.db);
    const agent = await newAgent(await orgContext(t.db, owner, owner.orgId), { name: "Helper" });
    const stranger = await createUser(t.db);
    renderWithTRPC(<AgentReputation agentId={agent.id} canRate />, { cookie: stranger.cookie });
    expect(await screen.findByText("Rate this agent")).toBeTruthy();
    expect(await screen.findByText("No feedback yet.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Give feedback" })).toBeTruthy();
  });
});
