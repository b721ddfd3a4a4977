"use client";

import { useQuery } from "@tanstack/react-query";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";

const REASONS: Record<string, string> = {
  content_changed: "a row was edited",
  link_broken: "a row no longer points at its predecessor",
  row_missing: "a row was removed",
  head_mismatch: "rows were cut off the end",
};

/** Re-verifies the org's hash chain on the server and says whether it holds. */
export function ChainStatus() {
  const trpc = useTRPC();
  const status = useQuery(trpc.audit.verify.queryOptions());
  if (status.isPending) return <Skeleton className="h-6 w-40" aria-label="Verifying the audit chain" />;
  if (status.error) return <Badge variant="destructive">Could not verify: {status.error.message}</Badge>;
  const report = status.data;
  if (report.ok) {
    return (
      <Badge variant="secondary" className="gap-1" title={`${report.checked} rows verified`}>
        <ShieldCheck aria-hidden className="size-3.5 text-emerald-400" />
        Chain intact · {report.checked} rows verified
      </Badge>
    );
  }
  const at = report.firstBreak;
  return (
    <Badge variant="destructive" className="gap-1">
      <ShieldAlert aria-hidden className="size-3.5" />
      Chain broken at row {at?.seq}: {at ? REASONS[at.reason] : "unknown"}
    </Badge>
  );
}
