"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";
import { deltaLabel } from "./reputation-figures";

/** Rates an agent: a public agent of another org, or (internal feedback) one of the org's own. */
export function FeedbackForm({ agentId, internal }: { agentId: string; internal: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState("5");
  const [comment, setComment] = useState("");
  const give = useMutation(
    trpc.reputation.feedback.mutationOptions({
      onSuccess: () => {
        setComment("");
        return queryClient.invalidateQueries({ queryKey: trpc.reputation.pathKey() });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    give.mutate({ agent_id: agentId, rating: Number(rating), comment: comment.trim() || undefined });
  };
  return (
    <form onSubmit={submit} className="grid gap-3">
      <p className="text-muted-foreground text-sm">
        {internal
          ? "Internal feedback: your organization sees it; it never moves the public score."
          : "Counts fully when your organization has paid for credits, a fifth otherwise. One rating per agent per day."}
      </p>
      <ErrorAlert message={give.error?.message} />
      <div className="grid gap-2">
        <Label htmlFor="feedback-rating">Rating</Label>
        <NativeSelect
          id="feedback-rating"
          value={rating}
          onChange={(e) => setRating(e.target.value)}
          className="w-fit"
        >
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {"★".repeat(n)} {n}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-2">
        <Label htmlFor="feedback-comment">Comment (optional)</Label>
        <Textarea
          id="feedback-comment"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <div className="flex items-center gap-3">
        <PendingButton pending={give.isPending} type="submit">
          {internal ? "Give internal feedback" : "Give feedback"}
        </PendingButton>
        <p role="status" className="text-success text-sm">
          {give.data
            ? `Recorded (weight ${Number(give.data.event.weight.toFixed(3))}, ${deltaLabel(give.data.event.overall_delta)}).`
            : ""}
        </p>
      </div>
    </form>
  );
}
