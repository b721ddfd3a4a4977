import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

// Two organizations: the owner of an agent makes it public; a second org finds it on the
// leaderboard, rates it and watches its score move; a second rating the same day is refused; the
// owner sees the rating in its feed and rates its own agent internally.

test("an agent made public is rated by another org, and its owner watches the score move", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signUp(page, uniqueEmail("rep-owner"), "Olive");
  // The leaderboard is shared by every org on the server: a name of its own finds this agent.
  const name = `Atlas ${Math.random().toString(36).slice(2, 8)}`;
  const created = await page.request.post("/api/v1/agents", {
    data: { name, description: "Summarises filings" },
    headers: { origin: new URL(baseURL as string).origin },
  });
  expect(created.status()).toBe(201);
  const agentId = ((await created.json()) as { agent: { id: string } }).agent.id;

  // The owner flips the agent public on its page.
  await page.goto(`/app/agents/${agentId}`);
  const visibility = page.getByRole("switch", { name: "Private" });
  await visibility.click();
  await expect(page.getByRole("switch", { name: "Public" })).toBeChecked();

  // Another organization finds it on the leaderboard and rates it.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other, uniqueEmail("rep-rater"), "Rafael");
  await other.getByRole("link", { name: "Reputation" }).first().click();
  await other.getByRole("tab", { name: "Leaderboard" }).click();
  await expect(other.getByRole("button", { name: `View ${name}` })).toBeVisible();
  await other.getByRole("button", { name: `View ${name}` }).click();
  await expect(other.getByText("Rate this agent")).toBeVisible();
  await expect(other.getByTestId("overall-stars")).toHaveText("3.0");
  await other.getByLabel("Rating").selectOption("5");
  await other.getByLabel("Comment (optional)").fill("Clear and fast summaries");
  await other.getByRole("button", { name: "Give feedback" }).click();
  await expect(other.getByText(/Recorded \(weight 0\.2/)).toBeVisible();
  await expect(other.getByTestId("overall-stars")).toHaveText("3.2");
  await snap(other, "reputation-rated");
  // The same org again today: refused, nothing changes.
  await other.getByRole("button", { name: "Give feedback" }).click();
  await expect(other.getByText(/already rated this agent today/)).toBeVisible();
  await expect(other.getByTestId("overall-stars")).toHaveText("3.2");
  await otherContext.close();

  // The owner sees the rating, with its rater and comment, and gives internal feedback.
  await page.goto(`/app/reputation?agent=${agentId}`);
  await expect(page.getByTestId("overall-stars")).toHaveText("3.2");
  const feed = page.getByRole("list", { name: "Recent feedback" });
  await expect(feed.getByText("Clear and fast summaries")).toBeVisible();
  await page.getByLabel("Rating").selectOption("2");
  await page.getByRole("button", { name: "Give internal feedback" }).click();
  await expect(feed.getByText("internal")).toBeVisible();
  // Internal feedback never moves the public score.
  await expect(page.getByTestId("overall-stars")).toHaveText("3.2");
  await expect(page.getByText(/Internal \(your organization's own feedback/)).toBeVisible();
  await snap(page, "reputation-owner");
  await page.getByRole("tab", { name: "Leaderboard" }).click();
  await expect(page.getByRole("button", { name: `View ${name}` })).toBeVisible();
  await snap(page, "reputation-leaderboard");
});
