import type { Metadata } from "next";
import { AgentsTable } from "@/components/agents/agents-table";

export const metadata: Metadata = { title: "Agents" };

export default function AgentsPage() {
  return <AgentsTable />;
}
