import type { Metadata } from "next";
import { Suspense } from "react";
import { PanelPage } from "@/components/panel/panel-page";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Multilingual panel" };

export default function PanelRoute() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Multilingual panel</h1>
        <p className="text-muted-foreground text-sm">
          Four agents discuss your prompt, each through its own provider and in its own language, live. Every
          turn shows who served it, what it cost and whether it answered in the language asked.
        </p>
      </div>
      <Suspense fallback={<Skeleton className="h-64" aria-label="Loading the panel" />}>
        <PanelPage />
      </Suspense>
    </div>
  );
}
