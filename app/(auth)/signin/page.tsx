import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { getEnv } from "@/server/platform/env";
import { gitHubSignInAction, signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ callbackUrl?: string; signedOut?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, signedOut, error } = await searchParams;
  const github = getEnv().github !== null;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Welcome back. Sign in to manage your agents.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {signedOut ? (
          <Alert>
            <AlertDescription>You have been signed out.</AlertDescription>
          </Alert>
        ) : null}
        {error && !signedOut ? (
          <Alert variant="destructive">
            <AlertDescription>Sign-in failed; please try again.</AlertDescription>
          </Alert>
        ) : null}
        <SignInForm action={signInAction} callbackUrl={callbackUrl} />
        {github ? (
          <form action={gitHubSignInAction}>
            <Button type="submit" variant="outline" className="w-full">
              Continue with GitHub
            </Button>
          </form>
        ) : null}
      </CardContent>
      <CardFooter className="text-muted-foreground text-sm">
        No account yet?&nbsp;
        <Link href="/signup" className="text-foreground underline underline-offset-4">
          Create one
        </Link>
      </CardFooter>
    </Card>
  );
}
