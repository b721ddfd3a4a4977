"use client";

import { useQuery } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { useTRPC } from "@/lib/trpc/client";

type Anomaly = { id: string; kind: string; detail: Record<string, unknown>; created_at: Date };

export function describeAnomaly(anomaly: Anomaly): { title: string; text: string } {
  if (anomaly.kind === "usage_spike") {
    return {
      title: "Unusual spending",
      text: `${anomaly.detail.last_hour} credits in one hour, more than ${anomaly.detail.multiple}× the 7-day hourly average (${anomaly.detail.hourly_average_7d}).`,
    };
  }
  return {
    title: "Several failed payments",
    text: `${anomaly.detail.failed_payments} payments failed within an hour. Check the card, or whether someone is testing stolen cards.`,
  };
}

/** Anomaly flags of the last 7 days (each is also in the audit log). Renders nothing without any. */
export function AnomalyAlerts() {
  const trpc = useTRPC();
  const anomalies = useQuery({ ...trpc.payments.anomalies.queryOptions(), refetchInterval: 60_000 });
  if (!anomalies.data?.length) return null;
  return (
    <div className="grid gap-2" aria-label="Anomaly alerts">
      {anomalies.data.map((anomaly) => {
        const { title, text } = describeAnomaly(anomaly);
        return (
          <Alert key={anomaly.id} variant="destructive">
            <TriangleAlert aria-hidden />
            <AlertTitle>
              {title} · {anomaly.created_at.toLocaleString()}
            </AlertTitle>
            <AlertDescription>{text}</AlertDescription>
          </Alert>
        );
      })}
    </div>
  );
}
