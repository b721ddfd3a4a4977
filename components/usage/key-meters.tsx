"use client";

import { useQuery } from "@tanstack/react-query";
import { QueryState } from "@/components/feedback/query-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/client";
import { UsageMeter } from "./usage-meter";

/** Each agent key's LLM spend today against its daily caps (refreshes every 10 s). */
export function KeyMeters() {
  const trpc = useTRPC();
  const meters = useQuery({ ...trpc.llm.keyMeters.queryOptions(), refetchInterval: 10_000 });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Budgets today</CardTitle>
        <CardDescription>
          LLM spend per agent key since 00:00 UTC; the mark is the soft cap, the end the hard cap.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <QueryState query={meters} label="key budgets" empty="No agent keys yet." skeletonClassName="h-16">
          {(data) => (
            <div className="grid gap-4">
              {data.map((m) => (
                <UsageMeter
                  key={m.key_id}
                  label={`${m.name} (${m.prefix}…)`}
                  spentUsd={m.spent_today_usd}
                  softCapUsd={m.soft_cap_usd}
                  hardCapUsd={m.hard_cap_usd}
                  percent={m.percent_of_hard_cap}
                  softExceeded={m.soft_cap_exceeded}
                />
              ))}
            </div>
          )}
        </QueryState>
      </CardContent>
    </Card>
  );
}
