"use server";

import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import type { AuthFormState } from "@/components/auth/form-state";
import { signIn, signOut } from "@/server/auth/config";
import { SignUpInput } from "@/server/auth/schemas";
import { signUp } from "@/server/auth/service";
import { isAppError } from "@/server/errors";
import { clientIp } from "@/server/platform/client-ip";
import { getDb } from "@/server/platform/db";
import { getRateLimiter } from "@/server/platform/ratelimit-policies";

/** Only same-site paths: an open redirect after sign-in would hand sessions to phishing pages. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/app";
}

function credentialsMessage(error: AuthError): string {
  if (error instanceof CredentialsSignin) {
    if (error.code === "rate_limited") return error.message.replace(/\. Read more at.*$/, "");
    if (error.code === "invalid_input") return "Enter your email and password";
    return "Incorrect email or password";
  }
  return "Sign-in failed; please try again";
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: safeCallback(form.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; let it through.
    if (error instanceof AuthError) return { error: credentialsMessage(error), values: { email } };
    throw error;
  }
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = {
    name: String(form.get("name") ?? "") || undefined,
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  const values = { name: raw.name ?? "", email: raw.email };
  const parsed = SignUpInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { fieldErrors, values };
  }
  // Sign-ups share the per-IP sign-in budget: both hash passwords, both are worth abusing.
  const limited = await getRateLimiter("signInByIp").limit(clientIp(await headers()));
  if (!limited.success) return { error: "Too many attempts from your network; try again later", values };
  try {
    await signUp({ ctx: { db: await getDb(), actor: { type: "system" } }, input: parsed.data });
  } catch (error) {
    if (isAppError(error) && error.code === "conflict")
      return { fieldErrors: { email: error.message }, values };
    throw error;
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallback(form.get("callbackUrl")),
    });
    return {};
  } catch (error) {
    if (error instanceof AuthError) return { error: credentialsMessage(error), values };
    throw error;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin?signedOut=1" });
}

export async function gitHubSignInAction(): Promise<void> {
  await signIn("github", { redirectTo: "/app" });
}
