"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/auth/field";
import { PendingButton } from "@/components/feedback/pending-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { useTRPC } from "@/lib/trpc/client";

type Props = { open: boolean; onOpenChange(open: boolean): void; onCreated(): Promise<void> };

export function CreateOrgDialog({ open, onOpenChange, onCreated }: Props) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.orgs.create.mutationOptions({
      onSuccess: async () => {
        setName("");
        onOpenChange(false);
        await onCreated();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Create organization</DialogTitle>
            <DialogDescription>
              A separate space for a team or project, with its own agents, keys and credits.
            </DialogDescription>
          </DialogHeader>
          <Field
            id="org-name"
            label="Organization name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            minLength={2}
            maxLength={80}
            error={create.error?.message}
            autoFocus
          />
          <DialogFooter>
            <PendingButton pending={create.isPending} type="submit" disabled={name.trim().length < 2}>
              Create
            </PendingButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
