import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitation } from "@/components/orgs/accept-invitation";
import { BrandMark } from "@/components/shell/brand-mark";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { auth } from "@/server/auth/config";
import { isAppError } from "@/server/errors";
import { previewInvitation } from "@/server/orgs/invitations";
import { InvitationToken } from "@/server/orgs/schemas";
import { getDb } from "@/server/platform/db";

export const metadata: Metadata = { title: "Invitation" };

type Props = { params: Promise<{ token: string }> };

async function loadPreview(token: string) {
  const parsed = InvitationToken.safeParse({ token });
  if (!parsed.success) return null;
  try {
    return await previewInvitation({
      ctx: { db: await getDb(), actor: { type: "system" } },
      input: parsed.data,
    });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const [preview, session] = await Promise.all([loadPreview(token), auth()]);
  const here = `/invite/${token}`;
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-10">
      <BrandMark />
      <main className="w-full max-w-md">
        <Card>
          {!preview ? (
            <CardHeader>
              <CardTitle className="text-xl">Invitation not found</CardTitle>
              <CardDescription>
                This link is invalid or was revoked. Ask for a new invitation.
              </CardDescription>
            </CardHeader>
          ) : (
            <>
              <CardHeader>
                <CardTitle className="text-xl">Join {preview.orgName}</CardTitle>
                <CardDescription>
                  You were invited as <strong className="text-foreground">{preview.role}</strong> (
                  {preview.email}).
                </CardDescription>
              </CardHeader>
              <CardContent className="grid gap-3">
                {preview.status === "expired" ? (
                  <Alert variant="destructive">
                    <AlertDescription>This invitation has expired; ask for a new one.</AlertDescription>
                  </Alert>
                ) : preview.status === "used" ? (
                  <Alert>
                    <AlertDescription>This invitation has already been used.</AlertDescription>
                  </Alert>
                ) : session?.user ? (
                  <AcceptInvitation
                    token={token}
                    signedInAs={session.user.email}
                    invitedEmail={preview.email}
                  />
                ) : (
                  <div className="grid gap-2">
                    <p className="text-muted-foreground text-sm">
                      Sign in or create an account with {preview.email}.
                    </p>
                    <Button asChild>
                      <Link
                        href={`/signup?email=${encodeURIComponent(preview.email)}&callbackUrl=${encodeURIComponent(here)}`}
                      >
                        Create account
                      </Link>
                    </Button>
                    <Button asChild variant="outline">
                      <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>Sign in</Link>
                    </Button>
                  </div>
                )}
              </CardContent>
            </>
          )}
        </Card>
      </main>
    </div>
  );
}
