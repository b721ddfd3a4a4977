import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

test("echo as yourself and as an agent, then find both in the logs", async ({ page }) => {
  await signUp(page, uniqueEmail("echo"), "Eli");
  // An agent to send as.
  await page.goto("/app/agents");
  await page.getByRole("button", { name: "New agent" }).click();
  await page.getByLabel("Name").fill("Echoer");
  await page.getByRole("button", { name: "Create agent" }).click();
  const secret = await page.getByRole("textbox", { name: "New API key" }).inputValue();
  await page.getByRole("button", { name: "Done" }).click();

  await page.getByRole("link", { name: "Echo" }).first().click();
  await page.getByLabel("Message").fill("hello as myself");
  await page.getByRole("button", { name: "Send echo" }).click();
  await expect(page.getByText("HTTP 200")).toBeVisible();
  await expect(page.getByLabel("Response body")).toContainText('"method": "session"');

  await page.getByLabel("Message").fill("hello as the agent <b>not bold</b>");
  await page.getByLabel("Agent API key (optional)").fill(secret);
  await page.getByRole("button", { name: "Send echo" }).click();
  await expect(page.getByLabel("Response body")).toContainText('"name": "Echoer"');
  await expect(page.getByLabel("Rate limit")).toContainText("X-RateLimit-Limit100");
  await snap(page, "echo");

  // Both calls were paid from the org's 100 sign-up credits: the console sends coordination
  // echoes, workflow executions at 10 credits each, plus their data.
  const balance = await page.request.get("/api/v1/billing/balance", {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(balance.status()).toBe(200);
  const credits = await balance.json();
  expect(credits.usage.today.calls).toBe(2);
  expect(credits.usage.today.by_service.workflow).toMatch(/^20\.0000\d\d$/);
  expect(Number(credits.balance)).toBeGreaterThan(79.99);
  expect(Number(credits.balance)).toBeLessThan(80);

  await page.getByLabel("Metadata (JSON object, optional)").fill("[1,2]");
  await page.getByRole("button", { name: "Send echo" }).click();
  await expect(page.getByText("Metadata must be a JSON object")).toBeVisible();

  await page.getByRole("link", { name: "Logs" }).first().click();
  await expect(page.getByRole("button", { name: "hello as myself" })).toBeVisible();
  await page.getByRole("button", { name: "hello as the agent <b>not bold</b>" }).click();
  await expect(page.getByRole("dialog")).toContainText("coordination_echo");
  await snap(page, "logs-detail");
  await page.keyboard.press("Escape");
  await page.getByLabel("Agent").selectOption({ label: "Echoer" });
  await expect(page.getByRole("button", { name: "hello as myself" })).toHaveCount(0);
  await snap(page, "logs");
});
