"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { AdminTools } from "./admin-tools";
import { AnomalyAlerts } from "./anomaly-alerts";
import { BalanceCard } from "./balance-card";
import { PaymentsTable } from "./payments-table";
import { TopupCard } from "./topup-card";
import { TransactionsTable } from "./transactions-table";
import { UsageChart } from "./usage-chart";

/** Who sees what: owners and admins top up and see payments; everyone sees balance and history. */
export function canManagePayments(role: string | undefined): boolean {
  return role === "owner" || role === "admin";
}

export function EconomyDashboard() {
  const trpc = useTRPC();
  const current = useQuery(trpc.orgs.current.queryOptions());
  const me = useQuery(trpc.me.queryOptions());
  const manager = canManagePayments(current.data?.role);

  return (
    <div className="grid gap-6">
      <AnomalyAlerts />
      <div className="grid gap-6 lg:grid-cols-2">
        <BalanceCard />
        <TopupCard canTopUp={manager} />
      </div>
      <UsageChart />
      <TransactionsTable />
      {manager ? <PaymentsTable /> : null}
      {me.data?.isPlatformAdmin ? <AdminTools /> : null}
    </div>
  );
}
