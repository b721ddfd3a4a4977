import { hydrated, test } from "./fixtures";
import { signUp, uniqueEmail } from "./helpers";

// Every signed-in page, loaded fresh (server-rendered, then hydrated): the fixture fails the test
// on any console error or uncaught error, a hydration mismatch (#418) included.

const PAGES: [path: string, heading: RegExp][] = [
  ["/app", /workspace/],
  ["/app/agents", /^Agents$/],
  ["/app/echo", /^Echo$/],
  ["/app/logs", /^Message logs$/],
  ["/app/economy", /^Economy$/],
  ["/app/usage", /^LLM usage$/],
  ["/app/reputation", /^Reputation$/],
  ["/app/audit", /^Audit log$/],
  ["/app/settings", /^Settings$/],
  ["/sandbox/keys", /^API key sandbox$/],
  ["/sandbox/playground", /^LLM playground$/],
  ["/sandbox/panel", /^Multilingual panel$/],
];

test("every signed-in page loads and hydrates without a console error", async ({ page }) => {
  await signUp(page, uniqueEmail("pages"), "Pat");
  for (const [path, heading] of PAGES) {
    await page.goto(path);
    await hydrated(page.getByRole("heading", { level: 1, name: heading }));
  }
});
