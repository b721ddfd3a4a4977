import type { Metadata } from "next";
import { Suspense } from "react";
import { ReputationDashboard } from "@/components/reputation/reputation-dashboard";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Reputation" };

export default function ReputationPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Reputation</h1>
        <p className="text-muted-foreground text-sm">
          Scores from feedback by the organizations your agents served, weighed by who paid, faded over time
          and shown with how sure they are.
        </p>
      </div>
      <Suspense fallback={<Skeleton className="h-64" aria-label="Loading reputation" />}>
        <ReputationDashboard />
      </Suspense>
    </div>
  );
}
