"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, ChevronsUpDown, Loader2, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { CreateOrgDialog } from "./create-org-dialog";

export function OrgSwitcher() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [createOpen, setCreateOpen] = useState(false);
  const orgs = useQuery(trpc.orgs.list.queryOptions());
  const current = useQuery(trpc.orgs.current.queryOptions());

  const afterSwitch = async () => {
    // Everything cached belongs to the previous organization.
    await queryClient.invalidateQueries();
    router.refresh();
  };
  const switchOrg = useMutation(trpc.orgs.switch.mutationOptions({ onSuccess: afterSwitch }));

  if (orgs.isPending || current.isPending)
    return <Skeleton className="h-10 w-full" aria-label="Loading organizations" />;
  const active = current.data;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" className="w-full justify-between" aria-label="Switch organization">
            <span className="truncate">{active?.name ?? "No organization"}</span>
            {switchOrg.isPending ? (
              <Loader2 className="animate-spin" aria-hidden />
            ) : (
              <ChevronsUpDown aria-hidden />
            )}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-60">
          <DropdownMenuLabel>Organizations</DropdownMenuLabel>
          {orgs.data?.map((org) => (
            <DropdownMenuItem
              key={org.id}
              onSelect={() => org.id !== active?.id && switchOrg.mutate({ orgId: org.id })}
              aria-current={org.id === active?.id ? "true" : undefined}
            >
              <span className="flex-1 truncate">{org.name}</span>
              <span className="text-muted-foreground text-xs">{org.role}</span>
              {org.id === active?.id ? <Check aria-label="current" /> : null}
            </DropdownMenuItem>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreateOpen(true)}>
            <Plus aria-hidden /> Create organization
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateOrgDialog open={createOpen} onOpenChange={setCreateOpen} onCreated={afterSwitch} />
    </>
  );
}
