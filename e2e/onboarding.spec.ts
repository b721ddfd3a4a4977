import { expect, test } from "./fixtures";
import { PASSWORD, signIn, signOut, signUp, snap, switchOrg, uniqueEmail } from "./helpers";

test("a new user signs up, creates a second org, switches, invites a member who joins, and changes roles", async ({
  page,
  browser,
}) => {
  const ownerEmail = uniqueEmail("owner");
  const inviteeEmail = uniqueEmail("invitee");

  await page.goto("/");
  await expect(page.getByRole("heading", { name: /Run AI agents as paying API clients/ })).toBeVisible();
  await snap(page, "landing");

  await signUp(page, ownerEmail, "Olivia");
  await expect(page.getByRole("heading", { level: 1, name: "Olivia's workspace" })).toBeVisible();
  await snap(page, "app-overview");

  // A second organization becomes the active one.
  await page.getByRole("button", { name: "Switch organization" }).click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await page.getByLabel("Organization name").fill("Acme Agents");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme Agents" })).toBeVisible();
  await switchOrg(page, "Olivia's workspace");
  await switchOrg(page, "Acme Agents");

  // Invite a member into Acme Agents; the link is shown once.
  await page.getByRole("link", { name: "Settings" }).first().click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await page.getByLabel("Email").fill(inviteeEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByRole("textbox", { name: "Invite link" }).inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{40,}$/);
  await expect(page.getByRole("cell", { name: inviteeEmail })).toBeVisible();
  await snap(page, "settings");

  // The invitee opens the link in their own browser, creates an account, and joins.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: "Join Acme Agents" })).toBeVisible();
  await snap(invitee, "invite");
  await invitee.getByRole("link", { name: "Create account" }).click();
  await expect(invitee.getByLabel("Email")).toHaveValue(inviteeEmail);
  await invitee.getByLabel("Name").fill("Ivan");
  await invitee.getByLabel("Password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { name: "Join Acme Agents" })).toBeVisible();
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee.getByRole("heading", { level: 1, name: "Acme Agents" })).toBeVisible();
  await expect(invitee.getByText("admin", { exact: true })).toBeVisible();

  // The link is single-use.
  await invitee.goto(link);
  await expect(invitee.getByText("This invitation has already been used.")).toBeVisible();
  await inviteeContext.close();

  // The owner sees the new member and demotes them to viewer.
  await page.reload();
  const roleSelect = page.getByLabel(`Role of ${inviteeEmail}`);
  await expect(roleSelect).toHaveValue("admin");
  await roleSelect.selectOption("viewer");
  await expect(roleSelect).toHaveValue("viewer");
  await page.reload();
  await expect(page.getByLabel(`Role of ${inviteeEmail}`)).toHaveValue("viewer");

  // Sign out, then back in: the session is gone and comes back.
  await signOut(page);
  await snap(page, "signin-signed-out");
  await page.goto("/app/settings");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await signIn(page, ownerEmail);

  // The viewer cannot manage members.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, inviteeEmail);
  await switchOrg(viewer, "Acme Agents");
  await viewer.getByRole("link", { name: "Settings" }).first().click();
  await expect(viewer.getByText("Only owners and admins can invite members.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Create invite link" })).toBeDisabled();
  await viewerContext.close();
});

test("bad input gets clear errors and changes nothing", async ({ page }) => {
  const email = uniqueEmail("careful");
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("password must be at least 10 characters")).toBeVisible();
  await snap(page, "signup-weak-password");

  await signUp(page, email, "Careful");
  await signOut(page);

  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/An account with this email already exists/)).toBeVisible();

  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Incorrect email or password")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Incorrect email or password")).toBeVisible();
  await snap(page, "signin-error");

  await page.goto("/invite/not-a-real-token-but-long-enough-to-parse");
  await expect(page.getByRole("heading", { name: "Invitation not found" })).toBeVisible();
});

test("the demo login works and the dashboard fits a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "demo@brikk.local", "e2e demo password 123");
  await expect(page.getByRole("heading", { level: 1, name: "Demo's workspace" })).toBeVisible();
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expect(page.getByRole("dialog").getByRole("link", { name: "Settings" })).toBeVisible();
  await snap(page, "app-mobile-nav");
  await page.getByRole("dialog").getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await snap(page, "settings-mobile");
});

test("the public API answers with request ids and problem+json", async ({ request }) => {
  const health = await request.get("/api/v1/coordination/health");
  expect(health.status()).toBe(200);
  expect(health.headers()["x-request-id"]).toMatch(/^req_/);
  expect(await health.json()).toMatchObject({ status: "ok", checks: { database: { status: "ok" } } });
  const unauthenticated = await request.get("/api/v1/orgs");
  expect(unauthenticated.status()).toBe(401);
  expect(unauthenticated.headers()["content-type"]).toBe("application/problem+json");
  expect(await unauthenticated.json()).toMatchObject({ code: "unauthorized", status: 401 });
});
