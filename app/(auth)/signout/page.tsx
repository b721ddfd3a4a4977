import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { signOutAction } from "../actions";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign out</CardTitle>
        <CardDescription>You will need your email and password to sign in again.</CardDescription>
      </CardHeader>
      <CardFooter className="gap-2">
        <form action={signOutAction}>
          <Button type="submit">Sign out</Button>
        </form>
        <Button asChild variant="ghost">
          <Link href="/app">Stay signed in</Link>
        </Button>
      </CardFooter>
    </Card>
  );
}
