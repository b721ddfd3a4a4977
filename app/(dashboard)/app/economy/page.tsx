import type { Metadata } from "next";
import { EconomyDashboard } from "@/components/economy/economy-dashboard";

export const metadata: Metadata = { title: "Economy" };

export default function EconomyPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Economy</h1>
        <p className="text-muted-foreground text-sm">
          Credits, what your agents spend them on, and top-ups. 1 credit pays for one API call.
        </p>
      </div>
      <EconomyDashboard />
    </div>
  );
}
