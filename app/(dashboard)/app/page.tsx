import type { Metadata } from "next";
import { OrgOverview } from "@/components/orgs/org-overview";

export const metadata: Metadata = { title: "Overview" };

export default function OverviewPage() {
  return <OrgOverview />;
}
