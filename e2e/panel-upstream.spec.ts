import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { FakeLlm } from "../test/fake-llm";
import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";
import { type Instance, startInstance, stopInstances } from "./instance";

// The panel in Chromium against fake OpenAI and Mistral upstreams with priced models (the built
// app, not the offline `local` provider): the cost shown is what the ledger debited, a seat whose
// provider fails shows its fallback and why, and a budget too small for a run stops it cleanly.
// The fakes run in this process, so each test scripts their answers; the app calls them over HTTP.

const PORT = 3107;
const openai = new FakeLlm("openai");
const mistral = new FakeLlm("mistral");
const dataDir = path.join(tmpdir(), `brikk-e2e-upstream-${process.pid}`);
let instance: Instance | undefined;

test.use({ baseURL: `http://127.0.0.1:${PORT}` });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await openai.start();
  await mistral.start();
  instance = await startInstance(PORT, {
    BRIKK_DATA_DIR: dataDir,
    BRIKK_SIGNIN_LIMIT: "10000",
    OPENAI_API_KEY: "sk-brikk-e2e",
    OPENAI_BASE_URL: openai.url,
    MISTRAL_API_KEY: "brikk-e2e-mistral",
    MISTRAL_BASE_URL: mistral.url,
    PROVIDER_MAX_RETRIES: "0",
    // A run costs 1 credit plus its eight turns (about 1 credit each): 14 sign-up credits pay for
    // one run and part of a second.
    CREDITS_PER_WORKFLOW_EXECUTION: "1",
    BRIKK_SIGNUP_CREDITS: "14",
  });
});

test.afterAll(async () => {
  await stopInstances(instance ? [instance] : []);
  await openai.stop();
  await mistral.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(() => {
  openai.reset();
  mistral.reset();
  openai.fallback = { kind: "ok", text: "We should start with a modular monolith.", completionTokens: 333 };
  mistral.fallback = {
    kind: "ok",
    text: "Deberíamos empezar con un monolito modular.",
    completionTokens: 200,
  };
});

type Turn = {
  index: number;
  status: string;
  provider: string | null;
  fallback: boolean;
  cost_usd: string;
  credits: string;
  transfer_id: string | null;
};
type Run = {
  id: string;
  status: string;
  turns: Turn[];
  totals: { credits: string };
  fee_transfer_id: string | null;
  error: { code: string; message: string } | null;
};
/** `amount` is signed: negative when credits went out. */
type Transaction = { id: string; amount: string };

// Credits and USD come as decimal strings with exactly six places: drop the point for micros.
const micros = (credits: string) => BigInt(credits.replace(".", ""));

async function runPanel(page: Page, prompt: string): Promise<Run> {
  await page.goto("/sandbox/panel");
  await page.getByLabel("Prompt").fill(prompt);
  await expect(page.getByRole("button", { name: "Start the panel" })).toBeEnabled();
  await expect(page.getByText(/every seat runs on Brikk's built-in offline/)).toHaveCount(0);
  await page.getByRole("button", { name: "Start the panel" }).click();
  await expect(page).toHaveURL(/\?run=run_/);
  const id = new URL(page.url()).searchParams.get("run") as string;
  await expect(page.getByRole("heading", { name: /Run/ }).getByText(/completed|failed/)).toBeVisible({
    timeout: 30_000,
  });
  const res = await page.request.get(`/api/v1/panel/runs/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Run;
}

async function transactions(page: Page): Promise<Transaction[]> {
  const res = await page.request.get("/api/v1/billing/transactions?limit=100");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Transaction[] }).data;
}

async function balance(page: Page): Promise<{ balance: string; reserved: string }> {
  return (await page.request.get("/api/v1/billing/balance")).json();
}

/** What the ledger took out for these transfers, in micro-credits. */
function debited(ledger: Transaction[], transferIds: (string | null)[]): bigint {
  return ledger.filter((tx) => transferIds.includes(tx.id)).reduce((sum, tx) => sum - micros(tx.amount), 0n);
}

test("on priced providers, each turn's credits and the run's total are what the ledger debited", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("panel-priced"), "Priya");
  const run = await runPanel(page, "Should a five-person team split its monolith?");
  expect(run.status).toBe("completed");
  expect(run.turns).toHaveLength(8);
  // Seats 1 and 3 are on OpenAI, seats 2 and 4 on Mistral.
  expect(run.turns.map((turn) => turn.provider)).toEqual(
    run.turns.map((turn) => (turn.index % 2 === 0 ? "openai" : "mistral")),
  );
  expect(run.turns.every((turn) => micros(turn.cost_usd) > 0n)).toBe(true);

  const ledger = await transactions(page);
  for (const turn of run.turns) expect(debited(ledger, [turn.transfer_id])).toBe(micros(turn.credits));
  const transfers = [run.fee_transfer_id, ...run.turns.map((turn) => turn.transfer_id)];
  expect(debited(ledger, transfers)).toBe(micros(run.totals.credits));
  expect(await balance(page)).toMatchObject({
    balance: formatMicros(14_000_000n - micros(run.totals.credits)),
    reserved: "0.000000",
  });

  // The page shows the same figures: the total, and each turn's credits linking to its transaction.
  await expect(page.getByLabel("Totals").getByText(run.totals.credits)).toBeVisible();
  const first = page.getByRole("table", { name: "Per-turn stats" }).getByRole("row").nth(1);
  await expect(first).toContainText("openai/gpt-4o-mini");
  // The fakes answer in English and Spanish: the Japanese seat's turn is flagged.
  await expect(page.getByTestId("turn-2").getByText("Answered in English")).toBeVisible();
  await first.getByRole("link", { name: run.turns[0]?.credits }).click();
  await expect(page).toHaveURL(/\/app\/economy\?q=/);
  // The economy page filters its history to that one transaction (it trims trailing zeros).
  const trimmed = (run.turns[0]?.credits ?? "").replace(/\.?0+$/, "");
  const history = page.getByRole("table").filter({ hasText: "Description" });
  await expect(history.getByRole("row")).toHaveCount(2);
  await expect(history.getByRole("cell", { name: `-${trimmed}`, exact: true })).toBeVisible();
});

test("a seat whose provider fails falls back, and the page shows the chain and the reason", async ({
  page,
}) => {
  openai.fallback = { kind: "status", status: 503, message: "overloaded" };
  await signUp(page, uniqueEmail("panel-fallback"), "Fabio");
  const run = await runPanel(page, "What breaks first when traffic doubles?");
  expect(run.status).toBe("completed");
  expect(run.turns.every((turn) => turn.provider === "mistral")).toBe(true);
  const english = page.getByTestId("turn-0");
  await expect(english.getByText("Fell back")).toBeVisible();
  await expect(english.getByText("mistral/", { exact: false }).first()).toBeVisible();
  await expect(english.getByRole("list", { name: "Why it fell back" })).toContainText(
    /openai\/gpt-4o-mini: .*503.*overloaded/,
  );
  // The Spanish seat was on Mistral all along: no fallback there.
  await expect(page.getByTestId("turn-1").getByText("Fell back")).toHaveCount(0);
  await snap(page, "panel-fallback");
});

test("a budget too small for the run stops it before the turn it cannot pay, and the ledger reconciles", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("panel-budget"), "Bea");
  const paid = await runPanel(page, "First run: this one fits the budget.");
  expect(paid.status).toBe("completed");

  const stopped = await runPanel(page, "Second run: the credits run out half way.");
  expect(stopped.status).toBe("failed");
  expect(stopped.error?.code).toBe("insufficient_credits");
  expect(stopped.error?.message).toMatch(/^Stopped before turn \d of 8/);
  const completed = stopped.turns.filter((turn) => turn.status === "completed");
  expect(completed.length).toBeGreaterThan(0);
  expect(completed.length).toBeLessThan(8);
  await expect(page.getByText(stopped.error?.message ?? "")).toBeVisible();

  // Nothing over-spent or left on hold, and the balance is the sum of the org's ledger entries.
  const ledger = await transactions(page);
  const now = await balance(page);
  expect(now.reserved).toBe("0.000000");
  expect(micros(now.balance)).toBeGreaterThanOrEqual(0n);
  const net = ledger.reduce((sum, tx) => sum + micros(tx.amount), 0n);
  expect(formatMicros(net)).toBe(now.balance);
  expect(micros(paid.totals.credits) + micros(stopped.totals.credits)).toBe(
    14_000_000n - micros(now.balance),
  );
  await snap(page, "panel-budget-stop");
});

function formatMicros(value: bigint): string {
  const whole = value / 1_000_000n;
  const fraction = (value % 1_000_000n).toString().padStart(6, "0");
  return `${whole}.${fraction}`;
}
