"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/auth/field";
import { PendingButton } from "@/components/feedback/pending-button";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { useTRPC } from "@/lib/trpc/client";
import { SecretReveal } from "./secret-reveal";

export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

export function CreateAgentDialog({ disabled }: { disabled?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  const create = useMutation(
    trpc.agents.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() }),
    }),
  );
  const reset = () => {
    setName("");
    setDescription("");
    setTags("");
    create.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, description: description || undefined, tags: parseTags(tags) });
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button disabled={disabled}>
          <Plus aria-hidden /> New agent
        </Button>
      </DialogTrigger>
      <DialogContent>
        {create.data ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>{create.data.agent.name} is ready</DialogTitle>
              <DialogDescription>
                Its first API key is below, with the signing secret for optional HMAC-signed requests (key id{" "}
                <code>{create.data.api_key.id}</code>).
              </DialogDescription>
            </DialogHeader>
            <SecretReveal secret={create.data.api_key.secret} />
            <SecretReveal secret={create.data.api_key.signing_secret} label="signing secret" />
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form onSubmit={submit} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>New agent</DialogTitle>
              <DialogDescription>
                An agent gets an API key to call Brikk&apos;s API as itself.
              </DialogDescription>
            </DialogHeader>
            <Field
              id="agent-name"
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoFocus
            />
            <Field
              id="agent-description"
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
            <Field
              id="agent-tags"
              label="Tags"
              hint="Comma-separated, e.g. search, en"
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              error={create.error?.message}
            />
            <DialogFooter>
              <PendingButton pending={create.isPending} type="submit" disabled={!name.trim()}>
                Create agent
              </PendingButton>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
