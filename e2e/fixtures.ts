import { test as base, type ConsoleMessage, expect, type Locator, type Page } from "@playwright/test";

// Every spec imports `test` from here: a page that logs a console error or throws (a hydration
// mismatch, a failed fetch, a React warning promoted to an error) fails the test that visited it.
// The one allowed exception: Stripe.js cannot load offline (no internet here), and says so with a
// failed request to js.stripe.com; it is matched by that URL, nothing broader.

const ALLOWED_FAILURES = [/^https:\/\/(js|m)\.stripe\.com\//];

/** Chromium reports a resource that failed to load ("Failed to load resource: …") at that resource's URL. */
function isAllowed(message: ConsoleMessage): boolean {
  const { url } = message.location();
  return ALLOWED_FAILURES.some((pattern) => pattern.test(url));
}

function watch(page: Page, problems: string[]): void {
  page.on("console", (message) => {
    if (message.type() !== "error" || isAllowed(message)) return;
    problems.push(`console.error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
}

export const test = base.extend<{ consoleProblems: string[] }>({
  consoleProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      for (const page of context.pages()) watch(page, problems);
      context.on("page", (page) => watch(page, problems));
      await use(problems);
      expect(problems, "pages logged errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Waits until React has hydrated `element` (it carries a React fiber then), plus a frame for the
 * errors hydration reports (a mismatch throws when the root commits).
 */
export async function hydrated(element: Locator): Promise<void> {
  await expect(element).toBeVisible();
  await expect
    .poll(() => element.evaluate((node) => Object.keys(node).some((key) => key.startsWith("__reactFiber$"))))
    .toBe(true);
  await element
    .page()
    .evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
}
