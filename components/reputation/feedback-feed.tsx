"use client";

import { BadgeCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { RouterOutputs } from "@/lib/trpc/client";
import { deltaLabel } from "./reputation-figures";
import { Stars } from "./stars";

type FeedbackEvent = RouterOutputs["reputation"]["recentFeedback"]["data"][number];

function what(event: FeedbackEvent): string {
  const parts = [];
  if (event.outcome) parts.push(event.outcome);
  if (event.latency_ms !== null) parts.push(`${event.latency_ms} ms`);
  return parts.join(" · ");
}

/** The newest feedback, each with who gave it, how much it weighed and how it moved the score. */
export function FeedbackFeed({ events }: { events: FeedbackEvent[] }) {
  if (events.length === 0) {
    return <p className="text-muted-foreground text-sm">No feedback yet.</p>;
  }
  return (
    <ul className="divide-border grid divide-y" aria-label="Recent feedback">
      {events.map((event) => (
        <li key={event.id} className="grid gap-1 py-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            {event.rating !== null ? <Stars value={event.rating} /> : null}
            <span className="font-medium">{event.internal ? "internal" : (event.rater.name ?? "Brikk")}</span>
            {event.verified ? (
              <Badge variant="success">
                <BadgeCheck aria-hidden /> verified
              </Badge>
            ) : null}
            {event.anomaly ? <Badge variant="destructive">burst</Badge> : null}
            <span className="text-muted-foreground">{what(event)}</span>
            <span className="text-muted-foreground ms-auto tabular-nums">
              {deltaLabel(event.overall_delta)} · weight {Number(event.weight.toFixed(3))} ·{" "}
              {new Date(event.created_at).toLocaleString()}
            </span>
          </div>
          {event.comment ? <p className="text-sm">{event.comment}</p> : null}
        </li>
      ))}
    </ul>
  );
}
