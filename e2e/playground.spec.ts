import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

test("the playground streams an answer from the local provider and shows how it was routed", async ({
  page,
}) => {
  await signUp(page, uniqueEmail("playground"), "Pia");
  await page.getByRole("link", { name: "Playground" }).first().click();
  await expect(page.getByRole("option", { name: /local\/brikk-1/ })).toBeAttached();
  await page.getByLabel("Message").fill("Reply in Japanese: good evening");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByLabel("Completion")).toContainText("[local] メッセージを受け取りました", {
    timeout: 15_000,
  });
  await expect(page.getByText("provider local")).toBeVisible();
  await expect(page.getByLabel("Response headers")).toContainText("x-brikk-attempts");
  await snap(page, "playground");

  // The call was paid from the org's credits (1 credit per call, local is free).
  const balance = await page.request.get("/api/v1/billing/balance");
  expect((await balance.json()).balance).toBe("99.000000");

  // The call is on the usage page.
  await page.getByRole("link", { name: "Usage" }).first().click();
  await expect(page.getByRole("cell", { name: "local/brikk-1" })).toBeVisible();
  await expect(page.getByText("completed")).toBeVisible();
  await snap(page, "usage");
});
