"use client";

import { useActionState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Field } from "./field";
import type { AuthFormState } from "./form-state";

type Props = {
  action: (prev: AuthFormState, form: FormData) => Promise<AuthFormState>;
  callbackUrl?: string;
};

export function SignInForm({ action, callbackUrl }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <ErrorAlert message={state.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/app"} />
      <Field
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
      />
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
      />
      <PendingButton pending={pending} pendingLabel="Signing in…" type="submit" className="w-full">
        Sign in
      </PendingButton>
    </form>
  );
}
