"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Info, RotateCcw, Square } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { ErrorAlert } from "@/components/feedback/error-alert";
import { PendingButton } from "@/components/feedback/pending-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { EMPTY_SETUP, PanelSetup, type SeatOptions, type SetupForm } from "./panel-setup";
import { RunHistory, STATUS_VARIANT } from "./run-history";
import { EMPTY_RUN, type LiveRun, liveRunOf, type RunView } from "./run-state";
import { RunStats, RunTotals } from "./run-stats";
import { Transcript } from "./transcript";
import { useRunStream } from "./use-run-stream";

const TURNS = 8;

/** The seats of a past run as the form holds them: "" where it sat the seat's default agent. */
function formOf(run: RunView, options: SeatOptions): SetupForm {
  return {
    prompt: run.prompt,
    seats: run.seats.map((seat, i) => (seat.agent_id === options.defaults[i]?.agent_id ? "" : seat.agent_id)),
  };
}

function download(run: RunView) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(run, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `panel-run-${run.id}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

export function PanelPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const runId = useSearchParams().get("run");
  const options = useQuery(trpc.panel.seatOptions.queryOptions({}));
  const stored = useQuery({ ...trpc.panel.get.queryOptions({ id: runId ?? "" }), enabled: runId !== null });
  const { run: streamed } = useRunStream(runId);
  const [form, setForm] = useState<SetupForm>(EMPTY_SETUP);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.panel.pathKey() });
  const start = useMutation(
    trpc.panel.start.mutationOptions({
      onSuccess: async (run) => {
        router.push(`/sandbox/panel?run=${run.id}`);
        await refresh();
      },
    }),
  );
  const cancel = useMutation(trpc.panel.cancel.mutationOptions({ onSuccess: refresh }));
  // The stored run has the final totals and ledger links once the stream says it ended.
  const ended = streamed.ended !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch exactly when the run ends
  useEffect(() => {
    if (ended) void refresh();
  }, [ended]);

  const startWith = (setup: SetupForm) =>
    start.mutate({ prompt: setup.prompt, seats: setup.seats.map((seat) => seat || null) });
  const run: LiveRun =
    streamed.turns.length > 0 || streamed.ended ? streamed : stored.data ? liveRunOf(stored.data) : EMPTY_RUN;
  const status = run.ended?.status ?? stored.data?.status ?? "queued";
  const live = runId !== null && (status === "queued" || status === "running");
  const finished = run.turns.filter((turn) => turn.final).length;

  return (
    <div className="grid gap-6">
      {options.data?.local_only ? (
        <Alert>
          <Info aria-hidden />
          <AlertDescription>
            <p>
              No OpenAI or Mistral key is configured here: every seat runs on Brikk&apos;s built-in offline{" "}
              <code>local</code> provider, which answers in the seat&apos;s language with canned sentences.
              Set <code>OPENAI_API_KEY</code> and <code>MISTRAL_API_KEY</code> for real models.
            </p>
          </AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>New run</CardTitle>
          <CardDescription>
            Four agents, two rounds, eight turns, each answering in its own language through the gateway. A
            run costs its fee plus each turn&apos;s price, debited from your credits.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {options.isPending ? <Skeleton className="h-40" aria-label="Loading seats" /> : null}
          <ErrorAlert message={options.error?.message ?? start.error?.message} />
          {options.data ? (
            <PanelSetup
              options={options.data}
              form={form}
              onChange={setForm}
              onStart={() => startWith(form)}
              pending={start.isPending}
            />
          ) : null}
        </CardContent>
      </Card>

      {runId ? (
        <Card aria-busy={live}>
          <CardHeader className="gap-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <CardTitle className="flex items-center gap-2">
                Run <Badge variant={STATUS_VARIANT[status]}>{status}</Badge>
              </CardTitle>
              <div className="flex flex-wrap gap-2">
                {live ? (
                  <PendingButton
                    variant="destructive"
                    size="sm"
                    pending={cancel.isPending}
                    pendingLabel="Cancelling…"
                    onClick={() => cancel.mutate({ id: runId })}
                  >
                    <Square aria-hidden /> Cancel
                  </PendingButton>
                ) : null}
                {stored.data && options.data && !live ? (
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={start.isPending}
                    onClick={() => {
                      const setup = formOf(stored.data, options.data);
                      setForm(setup);
                      startWith(setup);
                    }}
                  >
                    <RotateCcw aria-hidden /> Run again
                  </Button>
                ) : null}
                {stored.data && !live ? (
                  <Button size="sm" variant="outline" onClick={() => download(stored.data)}>
                    <Download aria-hidden /> Export JSON
                  </Button>
                ) : null}
              </div>
            </div>
            {stored.data ? (
              <CardDescription dir="auto" className="text-start">
                “{stored.data.prompt}”
              </CardDescription>
            ) : null}
            <Progress
              value={(finished / TURNS) * 100}
              aria-label={`${finished} of ${TURNS} turns finished`}
            />
          </CardHeader>
          <CardContent className="grid gap-4">
            {stored.isPending ? <Skeleton className="h-48" aria-label="Loading the run" /> : null}
            <ErrorAlert
              message={stored.error?.message ?? cancel.error?.message ?? run.ended?.error?.message}
            />
            {run.turns.length === 0 && live ? (
              <p className="text-muted-foreground text-sm">The first seat is thinking…</p>
            ) : null}
            <Transcript turns={run.turns} />
          </CardContent>
        </Card>
      ) : null}

      {runId ? (
        <Card>
          <CardHeader>
            <CardTitle>Stats</CardTitle>
            <CardDescription>
              Measured on the server. Credits are what the ledger debited; each links to its transaction.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {run.ended ? (
              // The stream's own totals until the stored run (refetched at run_ended) has caught up.
              <RunTotals totals={stored.data?.ended_at ? stored.data.totals : run.ended.totals} />
            ) : null}
            <RunStats turns={run.turns} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Past runs</CardTitle>
        </CardHeader>
        <CardContent>
          <RunHistory />
        </CardContent>
      </Card>
    </div>
  );
}
