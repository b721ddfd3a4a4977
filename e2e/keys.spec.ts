import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "./fixtures";
import { signUp, snap, uniqueEmail } from "./helpers";

const run = promisify(execFile);

// The documented HMAC examples run against the app as built, with a key made in the dashboard;
// then the key sandbox and the audit log are driven in the browser.
test("signed requests from the docs' examples, the key sandbox, and the audit log", async ({
  page,
  baseURL,
}) => {
  await signUp(page, uniqueEmail("keys"), "Kim");
  await page.goto("/app/agents");
  await page.getByRole("button", { name: "New agent" }).click();
  await page.getByLabel("Name").fill("Signer");
  await page.getByRole("button", { name: "Create agent" }).click();
  const signingSecret = await page.getByRole("textbox", { name: "New signing secret" }).inputValue();
  const keyId = (await page.getByRole("dialog").locator("code").first().textContent()) ?? "";
  expect(keyId).toMatch(/^key_/);
  expect(signingSecret).toMatch(/^brk_sig_/);
  await page.getByRole("button", { name: "Done" }).click();

  const env = {
    ...process.env,
    BRIKK_URL: baseURL,
    BRIKK_KEY_ID: keyId,
    BRIKK_SIGNING_SECRET: signingSecret,
  };
  const node = await run("node", ["examples/hmac/sign-request.mjs"], { env });
  expect(node.stdout).toContain("HTTP 200");
  expect(node.stdout).toContain('"signature_verified":true');
  const shell = await run("bash", ["examples/hmac/sign-request.sh", "GET", "/api/v1/echo/logs?limit=5"], {
    env,
  });
  expect(shell.stdout).toContain("HTTP 200");
  expect(shell.stdout).toContain("hello, signed");
  const python = await run(
    "python3",
    ["examples/hmac/sign_request.py", "POST", "/api/v1/echo", '{"message":"py"}'],
    {
      env,
    },
  );
  expect(python.stdout).toContain("HTTP 200");
  // A wrong secret is refused, and the example says so with its exit code.
  await expect(
    run("bash", ["examples/hmac/sign-request.sh"], {
      env: { ...env, BRIKK_SIGNING_SECRET: "brk_sig_wrong" },
    }),
  ).rejects.toMatchObject({ code: 1 });

  // Sandbox: rotate with a one-hour grace period, then try the new key.
  page.on("dialog", (dialog) => dialog.accept());
  await page.getByRole("link", { name: "Keys" }).first().click();
  await expect(page.getByRole("heading", { name: "API key sandbox" })).toBeVisible();
  await page.getByLabel("Grace period on rotate").selectOption("3600");
  await page.getByRole("button", { name: "Rotate" }).first().click();
  const rotated = await page.getByRole("textbox", { name: "New rotated API key" }).inputValue();
  await expect(page.getByLabel(/^Old secret brk_live_\w+ works for 00:59:\d\d$/)).toBeVisible();
  await page.getByLabel("API key", { exact: true }).fill(rotated);
  await page.getByRole("button", { name: "Call /keys/me" }).click();
  await expect(page.getByText("HTTP 200")).toBeVisible();
  await expect(page.getByLabel("keys/me response")).toContainText(keyId);
  await snap(page, "sandbox-keys");

  // Audit: the chain verifies, and the rejected signature is on record.
  await page.getByRole("link", { name: "Audit" }).first().click();
  await expect(page.getByText(/Chain intact · \d+ rows verified/)).toBeVisible();
  await expect(page.getByRole("button", { name: "auth.signature_rejected" })).toBeVisible();
  await page.getByLabel("Action starts with").fill("api_key.");
  await expect(page.getByRole("button", { name: "agent.created" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "api_key.rotated" })).toBeVisible();
  await snap(page, "audit");
});
