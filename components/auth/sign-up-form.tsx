"use client";

import { useActionState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Field } from "./field";
import type { AuthFormState } from "./form-state";

type Props = {
  action: (prev: AuthFormState, form: FormData) => Promise<AuthFormState>;
  email?: string;
  callbackUrl?: string;
};

export function SignUpForm({ action, email, callbackUrl }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="grid gap-4" noValidate>
      <ErrorAlert message={state.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/app"} />
      <Field
        id="name"
        name="name"
        label="Name"
        autoComplete="name"
        defaultValue={state.values?.name}
        error={errors.name}
      />
      <Field
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        defaultValue={state.values?.email ?? email}
        error={errors.email}
      />
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters. A passphrase of a few words is easy to remember and hard to guess."
        error={errors.password}
      />
      <PendingButton pending={pending} pendingLabel="Creating your account…" type="submit" className="w-full">
        Create account
      </PendingButton>
    </form>
  );
}
