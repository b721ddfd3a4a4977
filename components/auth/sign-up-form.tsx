"use client";

import { Loader2 } from "lucide-react";
import { useActionState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
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
      {state.error ? (
        <Alert variant="destructive">
          <AlertDescription>{state.error}</AlertDescription>
        </Alert>
      ) : null}
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
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {pending ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
