"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
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
      <ErrorAlert message={accept.error?.message} />
      <PendingButton pending={accept.isPending} onClick={() => accept.mutate({ token })} disabled={mismatch}>
        Accept invitation
      </PendingButton>
    </div>
  );
}
