import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

test("an owner creates an agent, its key authenticates the API, then edits, revokes and deletes", async ({
  page,
  request,
}) => {
  await signUp(page, uniqueEmail("agents"), "Avery");
  await page.getByRole("link", { name: "Agents" }).first().click();
  await expect(page.getByText("No agents yet")).toBeVisible();
  await snap(page, "agents-empty");

  await page.getByRole("button", { name: "New agent" }).click();
  await page.getByLabel("Name").fill("Research Scout");
  await page.getByLabel("Description").fill("Finds sources");
  await page.getByLabel("Tags").fill("search, en");
  await page.getByRole("button", { name: "Create agent" }).click();
  const secretField = page.getByRole("textbox", { name: "New API key" });
  await expect(page.getByText(/You will not see this API key again/)).toBeVisible();
  await snap(page, "agents-key-once");
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^brk_live_[0-9A-Za-z]{43}$/);
  await page.getByRole("button", { name: "Done" }).click();

  // The key works against the public API.
  const me = await request.get("/api/v1/keys/me", { headers: { authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ agent: { name: "Research Scout" }, kind: "agent" });

  await expect(page.getByRole("link", { name: "Research Scout" })).toBeVisible();
  await snap(page, "agents-list");
  await page.getByLabel("Search").fill("nothing like this");
  await expect(page.getByText("No agents match these filters")).toBeVisible();
  await page.getByLabel("Search").fill("scout");
  await page.getByRole("link", { name: "Research Scout" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Research Scout" })).toBeVisible();
  await page.getByLabel("Description").fill("Finds and ranks sources");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await snap(page, "agent-detail");

  page.on("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("revoked", { exact: true })).toBeVisible();
  // Revocation wins at once on this instance.
  const revoked = await request.get("/api/v1/keys/me", { headers: { "x-brikk-api-key": secret } });
  expect(revoked.status()).toBe(401);

  await page.getByRole("button", { name: "Delete agent" }).click();
  await expect(page).toHaveURL(/\/app\/agents$/);
  await expect(page.getByText("No agents yet")).toBeVisible();
});
