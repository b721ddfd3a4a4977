import type { Metadata } from "next";
import { KeyMeters } from "@/components/usage/key-meters";
import { RecentCalls } from "@/components/usage/recent-calls";
import { LlmCostChart } from "@/components/usage/usage-chart";

export const metadata: Metadata = { title: "LLM usage" };

export default function UsagePage() {
  return (
    // minmax(0, 1fr): the recent-calls table scrolls inside its card on a phone instead of
    // widening the whole page.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">LLM usage</h1>
        <p className="text-muted-foreground text-sm">
          What your agents spent on chat completions, per model and day, and each key against its daily
          budget.
        </p>
      </div>
      <KeyMeters />
      <LlmCostChart />
      <RecentCalls />
    </div>
  );
}
