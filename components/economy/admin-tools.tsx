"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type Column, DataTable } from "@/components/feedback/data-table";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { type RouterOutputs, useTRPC } from "@/lib/trpc/client";

type FailedEvent = RouterOutputs["payments"]["admin"]["failedEvents"][number];

/** Platform administration on the economy page: credit grants and failed Stripe events. */
export function AdminTools() {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <GrantCreditsCard />
      <FailedEventsCard />
    </div>
  );
}

function GrantCreditsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const orgs = useQuery(trpc.payments.admin.orgs.queryOptions());
  const [orgId, setOrgId] = useState("");
  const [credits, setCredits] = useState("");
  const [reason, setReason] = useState("");
  const [reference, setReference] = useState("");
  const grant = useMutation(
    trpc.payments.admin.grantCredits.mutationOptions({
      onSuccess: () => {
        setCredits("");
        setReason("");
        setReference("");
        void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Grant credits</CardTitle>
        <CardDescription>
          Platform admins only. Every grant is audited and pays any debt first.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            grant.mutate({ org_id: orgId, credits, reference, reason });
          }}
        >
          <div className="grid gap-2">
            <Label htmlFor="grant-org">Organization</Label>
            <NativeSelect id="grant-org" value={orgId} onChange={(e) => setOrgId(e.target.value)} required>
              <option value="">Choose…</option>
              {orgs.data?.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name} ({org.id})
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="grant-credits">Credits</Label>
            <Input
              id="grant-credits"
              inputMode="decimal"
              value={credits}
              onChange={(e) => setCredits(e.target.value)}
              required
            />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="grant-reference">Reference</Label>
            <Input
              id="grant-reference"
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              placeholder="ticket or invoice, e.g. SUP-1042"
              aria-describedby="grant-reference-help"
              required
            />
            <p id="grant-reference-help" className="text-muted-foreground text-xs">
              Granting again with the same reference changes nothing.
            </p>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="grant-reason">Reason</Label>
            <Input id="grant-reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
          </div>
          <ErrorAlert message={grant.error?.message ?? orgs.error?.message} />
          {grant.isSuccess ? (
            <p role="status" className="text-sm">
              {grant.data.created
                ? `Granted ${grant.data.credits} credits (transfer ${grant.data.transfer_id}).`
                : `Already granted under this reference (transfer ${grant.data.transfer_id}); nothing changed.`}
            </p>
          ) : null}
          <PendingButton type="submit" pending={grant.isPending} pendingLabel="Granting…">
            Grant credits
          </PendingButton>
        </form>
      </CardContent>
    </Card>
  );
}

function FailedEventsCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const events = useQuery(trpc.payments.admin.failedEvents.queryOptions());
  const retry = useMutation(
    trpc.payments.admin.retryEvent.mutationOptions({
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.payments.admin.failedEvents.queryKey() }),
    }),
  );
  const columns: Column<FailedEvent>[] = [
    {
      header: "Event",
      cell: (event) => (
        <>
          <span className="block font-mono text-xs">{event.type}</span>
          <span className="text-muted-foreground font-mono text-xs">{event.id}</span>
        </>
      ),
    },
    {
      header: "Error",
      cellClassName: "max-w-56 text-xs break-words",
      cell: (event) => `${event.lastError} (${event.attempts} attempt${event.attempts === 1 ? "" : "s"})`,
    },
    {
      header: <span className="sr-only">Retry</span>,
      cellClassName: "text-right",
      cell: (event) => (
        <PendingButton
          size="sm"
          variant="outline"
          pending={retry.isPending && retry.variables?.id === event.id}
          onClick={() => retry.mutate({ id: event.id })}
        >
          Retry
        </PendingButton>
      ),
    },
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Failed Stripe events</CardTitle>
        <CardDescription>
          Webhooks that could not be applied. Stripe redelivers them; you can retry now.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <ErrorAlert message={retry.error?.message} />
        <DataTable
          query={events}
          columns={columns}
          rowKey={(event) => event.id}
          label="failed events"
          empty="No failed events."
          skeletonClassName="h-24"
        />
      </CardContent>
    </Card>
  );
}
