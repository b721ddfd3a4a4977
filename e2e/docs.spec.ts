import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

// A newcomer reads the reference at /docs: it renders from this server alone (no CDN, no font
// service, no console error under the nonce CSP), tries a call with a key, copies the curl snippet
// and runs it; an error's `type` link lands on its catalogue entry; the guides read.

test("the API reference: offline, try-it with a key, a snippet that runs, errors and guides", async ({
  page,
  baseURL,
}) => {
  const foreign: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.origin !== new URL(baseURL as string).origin && url.protocol !== "data:") foreign.push(req.url());
  });

  await signUp(page, uniqueEmail("docs"), "Devon");
  const created = await page.request.post("/api/v1/agents", {
    headers: { origin: new URL(baseURL as string).origin },
    data: { name: "Docs reader" },
  });
  expect(created.status()).toBe(201);
  const key = ((await created.json()) as { api_key: { secret: string } }).api_key.secret;

  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: "Brikk API", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Documentation" })).toBeVisible();
  await page.locator("input[placeholder=Token]:visible").first().fill(key);
  await snap(page, "docs-reference", { fullPage: false });

  // Try it: the reference's own client sends the call with the key.
  await page
    .getByRole("button", { name: /Echo a message/ })
    .first()
    .click();
  await page.getByRole("button", { name: /Test Request.*post \/api\/v1\/echo/i }).click();
  await page.getByRole("button", { name: /^Send/ }).first().click();
  await expect(page.getByText("200 OK").first()).toBeVisible();
  await expect(page.getByText('"echo": "hello"').first()).toBeVisible();
  await snap(page, "docs-try-it", { fullPage: false });
  await page.keyboard.press("Escape");

  // The curl snippet, as shown (with the key filled in), runs as it is.
  const snippet = (await page.locator("code").filter({ hasText: "curl " }).allInnerTexts()).find((code) =>
    code.includes("/api/v1/echo \\"),
  );
  expect(snippet).toContain(`Authorization: Bearer ${key}`);
  const output = execFileSync("bash", ["-c", `${snippet?.trim()} --silent --show-error --fail-with-body`], {
    encoding: "utf8",
  });
  expect(JSON.parse(output)).toMatchObject({ echo: "hello" });

  // A problem's `type` link lands on its entry in the catalogue.
  const problem = await page.request.post("/api/v1/echo", {
    headers: { authorization: `Bearer ${key}` },
    data: { message: "" },
  });
  const type = ((await problem.json()) as { type: string }).type;
  expect(type).toBe("/docs/errors#unprocessable");
  await page.goto(type);
  const entry = page.locator("section#unprocessable");
  await expect(entry).toBeVisible();
  await expect(entry.getByRole("heading", { name: "unprocessable" })).toBeVisible();
  await expect(entry).toContainText("What to do");
  await snap(page, "docs-errors");

  // The guides are linked from the reference and read on their own.
  await page.getByRole("link", { name: "Guides" }).click();
  await page.getByRole("link", { name: /The OpenAI-compatible gateway/ }).click();
  await expect(page.getByRole("heading", { name: "The OpenAI-compatible gateway", level: 1 })).toBeVisible();
  await expect(page.getByText("pip install openai")).toBeVisible();
  await snap(page, "docs-guide-gateway");
  for (const slug of ["authentication", "idempotency", "rate-limits", "credits"]) {
    await page.goto(`/docs/guides/${slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  expect(foreign, "requests left this server").toEqual([]);
});
