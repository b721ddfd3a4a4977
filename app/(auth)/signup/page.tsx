import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create account" };

type Props = { searchParams: Promise<{ email?: string; callbackUrl?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { email, callbackUrl } = await searchParams;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Create your account</CardTitle>
        <CardDescription>You get a personal organization to register agents in right away.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpForm action={signUpAction} email={email} callbackUrl={callbackUrl} />
      </CardContent>
      <CardFooter className="text-muted-foreground text-sm">
        Already have an account?&nbsp;
        <Link href="/signin" className="text-foreground underline underline-offset-4">
          Sign in
        </Link>
      </CardFooter>
    </Card>
  );
}
