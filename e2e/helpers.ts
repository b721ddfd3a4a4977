import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "e2e correct horse battery";

export const uniqueEmail = (who: string) => `${who}-${randomBytes(4).toString("hex")}@example.com`;

const SHOTS = "test-results/screenshots";

/** Saves a screenshot (full page unless told) as a CI artifact, named after the page it shows. */
export async function snap(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

export async function signUp(page: Page, email: string, name: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/app$/);
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/app$/);
}

export async function signOut(page: Page): Promise<void> {
  await page.goto("/signout");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();
}

export async function switchOrg(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: "Switch organization" }).click();
  await page.getByRole("menuitem", { name: new RegExp(name) }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}
