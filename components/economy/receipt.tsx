"use client";

import { useQuery } from "@tanstack/react-query";
import { Printer } from "lucide-react";
import Link from "next/link";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { formatUsd } from "./economy-figures";
import { paymentLabel } from "./payment-status";

export function Receipt({ id }: { id: string }) {
  const trpc = useTRPC();
  const receipt = useQuery(trpc.payments.receipt.queryOptions({ id }));
  if (receipt.isPending) return <Skeleton className="h-96" aria-label="Loading receipt" />;
  if (receipt.error) return <ErrorAlert message={receipt.error.message} />;
  const r = receipt.data;
  const rows: [string, string][] = [
    ["Receipt number", r.id],
    ["Date paid", r.succeeded_at ? new Date(r.succeeded_at).toLocaleString() : "—"],
    ["Billed to", `${r.org.name} (${r.org.id})`],
    ["Payment reference", r.payment_intent_id],
    ["Status", paymentLabel(r.status)],
  ];
  return (
    <div className="mx-auto grid w-full max-w-2xl gap-4">
      <div className="flex justify-between gap-2 print:hidden">
        <Button variant="ghost" asChild>
          <Link href="/app/economy">Back to economy</Link>
        </Button>
        <Button onClick={() => window.print()}>
          <Printer aria-hidden /> Print
        </Button>
      </div>
      <Card>
        <CardHeader>
          <CardDescription>Brikk</CardDescription>
          <CardTitle className="text-2xl">Receipt</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-6">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
            {rows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-muted-foreground">{label}</dt>
                <dd className="font-mono break-all">{value}</dd>
              </div>
            ))}
          </dl>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-muted-foreground border-b text-left">
                <th className="py-2 font-normal">Item</th>
                <th className="py-2 text-right font-normal">Quantity</th>
                <th className="py-2 text-right font-normal">Unit price</th>
                <th className="py-2 text-right font-normal">Amount</th>
              </tr>
            </thead>
            <tbody>
              <tr className="border-b">
                <td className="py-2">Brikk credits</td>
                <td className="py-2 text-right tabular-nums">{Number(r.credits).toLocaleString("en")}</td>
                <td className="py-2 text-right tabular-nums">{formatUsd(r.unit_price_cents)}</td>
                <td className="py-2 text-right tabular-nums">{formatUsd(r.amount_cents)}</td>
              </tr>
              {r.amount_refunded_cents > 0 ? (
                <tr className="border-b">
                  <td className="py-2" colSpan={3}>
                    Refunded
                  </td>
                  <td className="py-2 text-right tabular-nums">−{formatUsd(r.amount_refunded_cents)}</td>
                </tr>
              ) : null}
            </tbody>
            <tfoot>
              <tr>
                <td className="py-2 font-medium" colSpan={3}>
                  Total paid ({r.currency.toUpperCase()})
                </td>
                <td className="py-2 text-right font-medium tabular-nums">
                  {formatUsd(r.amount_cents - r.amount_refunded_cents)}
                </td>
              </tr>
            </tfoot>
          </table>
          {r.receipt_url ? (
            <p className="text-muted-foreground text-sm print:hidden">
              Stripe&apos;s own receipt:{" "}
              <a className="underline" href={r.receipt_url} target="_blank" rel="noreferrer">
                open
              </a>
            </p>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}
