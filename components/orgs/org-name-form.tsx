"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Field } from "@/components/auth/field";
import { PendingButton } from "@/components/feedback/pending-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/client";

export function OrgNameForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const [name, setName] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data) setName(current.data.name);
  }, [current.data]);
  const rename = useMutation(
    trpc.orgs.rename.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.orgs.pathKey() });
      },
    }),
  );
  const canEdit = current.data?.role === "owner" || current.data?.role === "admin";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    rename.mutate({ name });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Organization</CardTitle>
        <CardDescription>
          {canEdit ? "Rename your organization." : "Only owners and admins can rename it."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="flex-1">
            <Field
              id="org-name-setting"
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              disabled={!canEdit}
              error={rename.error?.message}
            />
          </div>
          <PendingButton
            pending={rename.isPending}
            type="submit"
            disabled={!canEdit || rename.isPending || name === current.data?.name}
          >
            Save
          </PendingButton>
        </form>
        <p role="status" className="text-success mt-2 text-sm">
          {saved && !rename.isPending ? "Saved." : ""}
        </p>
      </CardContent>
    </Card>
  );
}
