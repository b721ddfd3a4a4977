import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { ChainStatus } from "@/components/audit/chain-status";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <div className="grid gap-6">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
          <p className="text-muted-foreground text-sm">
            Every change to your organization, who made it and from where. Rows are hash-chained: editing or
            removing one breaks the chain.
          </p>
        </div>
        <ChainStatus />
      </div>
      <AuditLog />
    </div>
  );
}
