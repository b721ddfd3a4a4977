"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Copy } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/auth/field";
import { PendingButton } from "@/components/feedback/pending-button";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useTRPC } from "@/lib/trpc/client";
import { grantableRoles } from "./role-rules";

export function InviteMemberForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"viewer" | "member" | "admin" | "owner">("member");
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const invite = useMutation(
    trpc.orgs.invite.mutationOptions({
      onSuccess: async (created) => {
        setLink(`${window.location.origin}${created.path}`);
        setEmail("");
        await queryClient.invalidateQueries({ queryKey: trpc.orgs.pathKey() });
      },
    }),
  );
  const myRole = current.data?.role ?? "viewer";
  const canInvite = myRole === "owner" || myRole === "admin";
  const roles = grantableRoles(myRole, "member");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLink(null);
    setCopied(false);
    invite.mutate({ email, role });
  };
  const copy = async () => {
    if (!link) return;
    await navigator.clipboard.writeText(link);
    setCopied(true);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Invite a member</CardTitle>
        <CardDescription>
          {canInvite
            ? "You get a link to send them; it works once, for that email only, for 7 days."
            : "Only owners and admins can invite members."}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <Field
              id="invite-email"
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              disabled={!canInvite}
              error={invite.error?.message}
              required
            />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="invite-role">Role</Label>
            <NativeSelect
              id="invite-role"
              value={role}
              onChange={(e) => setRole(e.target.value as typeof role)}
              disabled={!canInvite}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </NativeSelect>
          </div>
          <PendingButton pending={invite.isPending} type="submit" disabled={!canInvite || !email}>
            Create invite link
          </PendingButton>
        </form>
        {link ? (
          <Alert>
            <AlertTitle>Invite link created</AlertTitle>
            <AlertDescription className="w-full">
              <p>Send this link to the invitee. You will not see it again.</p>
              <div className="flex w-full gap-2">
                <Input readOnly value={link} aria-label="Invite link" onFocus={(e) => e.target.select()} />
                <Button
                  type="button"
                  variant="outline"
                  size="icon"
                  onClick={copy}
                  aria-label="Copy invite link"
                >
                  {copied ? <Check /> : <Copy />}
                </Button>
              </div>
            </AlertDescription>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
