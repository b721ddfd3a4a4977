import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { auth } from "@/server/auth/config";
import { HydrateClient, prefetch, trpc } from "@/server/root/rsc";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user) redirect("/signin?callbackUrl=/app");
  await Promise.all([prefetch(trpc.orgs.list.queryOptions()), prefetch(trpc.orgs.current.queryOptions())]);
  return (
    <HydrateClient>
      <AppShell user={{ email: session.user.email, name: session.user.name ?? null }}>{children}</AppShell>
    </HydrateClient>
  );
}
