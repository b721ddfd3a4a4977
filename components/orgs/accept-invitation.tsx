"use client";

import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";

type Props = { token: string; signedInAs: string; invitedEmail: string };

export function AcceptInvitation({ token, signedInAs, invitedEmail }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.orgs.acceptInvitation.mutationOptions({
      onSuccess: () => {
        router.push("/app");
        router.refresh();
      },
    }),
  );
  const mismatch = signedInAs.toLowerCase() !== invitedEmail.toLowerCase();
  return (
    <div className="grid gap-3">
      <p className="text-muted-foreground text-sm">Signed in as {signedInAs}.</p>
      {mismatch ? (
        <Alert variant="destructive">
          <AlertDescription>
            This invitation is for {invitedEmail}. Sign out and sign in with that address to accept it.
          </AlertDescription>
        </Alert>
      ) : null}
      {accept.error ? (
        <Alert variant="destructive">
          <AlertDescription>{accept.error.message}</AlertDescription>
        </Alert>
      ) : null}
      <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending || mismatch}>
        {accept.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        Accept invitation
      </Button>
    </div>
  );
}
