import type { Metadata } from "next";
import { LogsTable } from "@/components/echo/logs-table";

export const metadata: Metadata = { title: "Logs" };

export default function LogsPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Message logs</h1>
        <p className="text-muted-foreground text-sm">Every echo call of your organization, newest first.</p>
      </div>
      <LogsTable />
    </div>
  );
}
