"use client";

import { useQuery } from "@tanstack/react-query";
import { Building2, MailPlus, Users } from "lucide-react";
import Link from "next/link";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";

function Stat({ icon: Icon, label, value }: { icon: typeof Users; label: string; value: string | number }) {
  return (
    <Card className="gap-2">
      <CardHeader className="flex items-center justify-between">
        <CardDescription>{label}</CardDescription>
        <Icon className="text-muted-foreground size-4" aria-hidden />
      </CardHeader>
      <CardContent className="text-2xl font-semibold tabular-nums">{value}</CardContent>
    </Card>
  );
}

export function OrgOverview() {
  const trpc = useTRPC();
  const current = useQuery(trpc.orgs.current.queryOptions());
  if (current.isPending) return <Skeleton className="h-40" aria-label="Loading overview" />;
  if (current.error) {
    return <ErrorAlert message={current.error.message} />;
  }
  const org = current.data;
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{org.name}</h1>
        <Badge variant="secondary">{org.role}</Badge>
        {org.personal ? <Badge variant="outline">personal</Badge> : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat icon={Users} label="Members" value={org.memberCount} />
        <Stat icon={MailPlus} label="Pending invitations" value={org.pendingInvitations} />
        <Stat icon={Building2} label="Created" value={org.createdAt.toLocaleDateString()} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Get started</CardTitle>
          <CardDescription>Bring your team in, then register agents and give them keys.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-2">
          <Button asChild>
            <Link href="/app/settings">Invite members</Link>
          </Button>
          <Button asChild variant="outline">
            <Link href="/api/v1/coordination/health">Check API health</Link>
          </Button>
        </CardContent>
      </Card>
    </div>
  );
}
