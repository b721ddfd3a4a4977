import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

// The multilingual panel on the local provider, as a user sees it: eight turns streamed in order,
// Arabic paragraphs right to left, stats and totals; a reload and a second tab follow the same
// run with no token twice; cancel stops and settles; a guest seat from another org is billed to
// the running org and its turns are interactions that verify feedback.

type Turn = {
  index: number;
  text: string;
  status: string;
  language: string;
  guest: boolean;
  agent_id: string;
  detected_language: string | null;
  credits: string;
  transfer_id: string | null;
  interaction_id: string | null;
};
type Run = { id: string; status: string; turns: Turn[]; totals: { credits: string } };

/** Starts a run from the page; `seats` swaps seats by their label ("Seat 2") for an option's text. */
async function startRun(page: Page, prompt: string, seats: Record<string, string> = {}): Promise<string> {
  await page.goto("/sandbox/panel");
  await expect(page.getByText(/every seat runs on Brikk's built-in offline/)).toBeVisible();
  for (const [seat, option] of Object.entries(seats))
    await page.getByLabel(seat).selectOption({ label: option });
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Start the panel" }).click();
  await expect(page).toHaveURL(/\?run=run_/);
  return new URL(page.url()).searchParams.get("run") as string;
}

async function runOf(page: Page, id: string): Promise<Run> {
  const res = await page.request.get(`/api/v1/panel/runs/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Run;
}

/** Every turn's text appears once in its card, exactly as the server recorded it. */
async function expectTranscript(page: Page, run: Run) {
  for (const turn of run.turns) {
    const card = page.getByTestId(`turn-${turn.index}`);
    // The "[local]" marker is shown as the provider badge, not in the text.
    await expect(card.locator("p[dir='auto']")).toHaveText([turn.text.replace(/^\[local\]\s*/, "")]);
  }
}

test("eight turns stream in order, in four languages, and a reload and a second tab follow the run", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail("panel"), "Pia");
  const id = await startRun(page, "Should a five-person team split its monolith into microservices?");
  await expect(page.getByTestId("turn-0")).toBeVisible();
  await expect(page.getByTestId("turn-0")).toHaveAttribute("data-status", "streaming");

  // A second tab joins late and follows the same run.
  const second = await context.newPage();
  await second.goto(`/sandbox/panel?run=${id}`);
  // A reload mid-run replays what happened and follows on from there.
  await expect(page.getByTestId("turn-2")).toBeVisible({ timeout: 30_000 });
  await page.reload();

  for (const tab of [page, second]) {
    await expect(tab.getByTestId("turn-7")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
    await expect(tab.getByRole("heading", { name: /Run/ }).getByText("completed")).toBeVisible();
  }
  const run = await runOf(page, id);
  expect(run.status).toBe("completed");
  expect(run.turns.map((turn) => turn.language)).toEqual(["en", "es", "ja", "ar", "en", "es", "ja", "ar"]);
  const order = await page
    .locator("[data-testid^='turn-']")
    .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-testid")));
  expect(order).toEqual(run.turns.map((turn) => `turn-${turn.index}`));
  await expectTranscript(page, run);
  await expectTranscript(second, run);

  // Right to left per paragraph for Arabic, left to right for the others.
  const direction = (index: number) =>
    page
      .getByTestId(`turn-${index}`)
      .locator("p[dir='auto']")
      .first()
      .evaluate((p) => getComputedStyle(p).direction);
  expect(await direction(3)).toBe("rtl");
  expect(await direction(2)).toBe("ltr");

  // Stats and totals, the credits exactly what the API (and the ledger) says.
  await expect(page.getByRole("table", { name: "Per-turn stats" }).getByRole("row")).toHaveCount(9);
  await expect(page.getByLabel("Totals").getByText(run.totals.credits)).toBeVisible();
  await expect(page.getByLabel("Latency and credits per turn")).toBeVisible();
  await snap(page, "panel-finished");
  await second.close();
});

test("cancel stops the running turn, skips the rest and settles", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page, uniqueEmail("panel-cancel"), "Carl");
  const id = await startRun(page, "Cancel me half way");
  await expect(page.getByTestId("turn-1")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: /Run/ }).getByText("cancelled")).toBeVisible({
    timeout: 15_000,
  });
  const run = await runOf(page, id);
  expect(run.status).toBe("cancelled");
  expect(run.turns.length).toBeLessThan(8);
  expect(run.turns.at(-1)?.status).toBe("cancelled");
  // Nothing is left on hold: the balance card shows no reserved credits.
  const balance = await (await page.request.get("/api/v1/billing/balance")).json();
  expect(balance.reserved).toBe("0.000000");
});

test("a guest seat from another org speaks in its persona's language, is billed to the running org, and its turns are interactions", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL as string).origin;
  // The owner publishes an agent with a French persona.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signUp(owner, uniqueEmail("panel-guest-owner"), "Odile");
  const name = `Juriste ${Math.random().toString(36).slice(2, 8)}`;
  const created = await owner.request.post("/api/v1/agents", {
    headers: { origin },
    data: {
      name,
      public: true,
      persona: {
        system_prompt: "Tu es juriste. Réponds en français, en deux phrases.",
        model: "mistral/mistral-small-latest",
        language: "fr",
      },
    },
  });
  expect(created.status()).toBe(201);
  const agentId = ((await created.json()) as { agent: { id: string } }).agent.id;
  const ownerBalance = async () =>
    ((await (await owner.request.get("/api/v1/billing/balance")).json()) as { balance: string }).balance;
  const ownerBefore = await ownerBalance();

  // Another org seats it in place of the Spanish seat.
  await signUp(page, uniqueEmail("panel-guest-runner"), "Ruth");
  const id = await startRun(page, "Who owns the copyright in code an AI agent writes?", {
    "Seat 2": `${name} · Odile's workspace · French`,
  });
  await expect(page.getByTestId("turn-7")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  const run = await runOf(page, id);
  const guestTurns = run.turns.filter((turn) => turn.guest);
  expect(guestTurns.map((turn) => turn.index)).toEqual([1, 5]);
  for (const turn of guestTurns) {
    expect(turn).toMatchObject({ agent_id: agentId, language: "fr", detected_language: "fr" });
    await expect(page.getByTestId(`turn-${turn.index}`).getByText("Guest")).toBeVisible();
  }

  // Billed to the running org only: its ledger holds each guest turn's debit, the owner's nothing.
  const ledger = (await (await page.request.get("/api/v1/billing/transactions?limit=100")).json()) as {
    data: { id: string; amount: string }[];
  };
  for (const turn of guestTurns) {
    const debit = ledger.data.find((tx) => tx.id === turn.transfer_id);
    expect(debit?.amount).toBe(`-${turn.credits}`);
  }
  expect(await ownerBalance()).toBe(ownerBefore);

  // Each guest turn is an interaction: feedback naming it is verified, and only once.
  const interaction = guestTurns[0]?.interaction_id;
  expect(interaction).toMatch(/^ixn_/);
  const feedback = () =>
    page.request.post("/api/v1/reputation/feedback", {
      headers: { origin },
      data: { agent_id: agentId, rating: 5, interaction_id: interaction },
    });
  const first = await feedback();
  expect(first.status()).toBe(201);
  expect(await first.json()).toMatchObject({
    event: {
      verified: true,
      interaction_id: interaction,
      weight_reasons: ["no_paid_topup", "interaction"],
    },
  });
  expect((await feedback()).status()).toBe(409);
  await snap(page, "panel-guest-seat");
  await ownerContext.close();
});
