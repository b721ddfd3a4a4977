"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/auth/field";
import { ErrorAlert } from "@/components/feedback/error-alert";
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

type CappedKey = {
  id: string;
  name: string;
  soft_cap_usd: string;
  hard_cap_usd: string;
  soft_cap_is_default: boolean;
  hard_cap_is_default: boolean;
};

/** "5.000000" → "5.00": what a person types, not the API's six decimals. */
export function shortUsd(value: string): string {
  const [whole, fraction = ""] = value.split(".");
  const trimmed = fraction.replace(/0+$/, "").padEnd(2, "0");
  return `${whole}.${trimmed}`;
}

/** The caps as a table cell shows them: "$5.00 / $10.00", with "default" where the server's applies. */
export function capsLabel(key: CappedKey): string {
  const part = (value: string, isDefault: boolean) => `$${shortUsd(value)}${isDefault ? " (default)" : ""}`;
  return `${part(key.soft_cap_usd, key.soft_cap_is_default)} / ${part(key.hard_cap_usd, key.hard_cap_is_default)}`;
}

/**
 * Edits a key's daily spend caps (UTC day). An empty field puts that cap back on the server's
 * default; the server checks soft ≤ hard and answers which field is wrong.
 */
export function SpendCapsDialog({ apiKey, onSaved }: { apiKey: CappedKey; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [soft, setSoft] = useState("");
  const [hard, setHard] = useState("");
  const update = useMutation(
    trpc.keys.update.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        onSaved();
        // The usage meters measure spend against these caps.
        void queryClient.invalidateQueries({ queryKey: trpc.llm.keyMeters.queryKey() });
      },
    }),
  );
  const start = (next: boolean) => {
    setOpen(next);
    if (!next) return;
    update.reset();
    setSoft(apiKey.soft_cap_is_default ? "" : shortUsd(apiKey.soft_cap_usd));
    setHard(apiKey.hard_cap_is_default ? "" : shortUsd(apiKey.hard_cap_usd));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      id: apiKey.id,
      patch: { soft_cap_usd: soft.trim() || null, hard_cap_usd: hard.trim() || null },
    });
  };
  return (
    <Dialog open={open} onOpenChange={start}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm">
          Spend caps
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Daily spend caps for {apiKey.name}</DialogTitle>
            <DialogDescription>
              LLM spend per UTC day. Past the soft cap responses carry a warning header; the hard cap is never
              exceeded. Leave a field empty to use the server&apos;s default.
            </DialogDescription>
          </DialogHeader>
          <Field
            id={`soft-cap-${apiKey.id}`}
            label="Soft cap (USD)"
            inputMode="decimal"
            placeholder="server default"
            value={soft}
            onChange={(e) => setSoft(e.target.value)}
          />
          <Field
            id={`hard-cap-${apiKey.id}`}
            label="Hard cap (USD)"
            inputMode="decimal"
            placeholder="server default"
            value={hard}
            onChange={(e) => setHard(e.target.value)}
          />
          <ErrorAlert message={update.error?.message} />
          <DialogFooter>
            <PendingButton pending={update.isPending} pendingLabel="Saving…" type="submit">
              Save caps
            </PendingButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
