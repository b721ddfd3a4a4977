"use client";

import { AlertTriangle } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import type { RouterOutputs } from "@/lib/trpc/client";
import { DIMENSION_LABELS, intervalLabel, percent } from "./reputation-figures";
import { Stars } from "./stars";

type Score = RouterOutputs["reputation"]["score"];

function DimensionBars({ dimensions }: { dimensions: Score["dimensions"] }) {
  return (
    <div className="grid gap-3">
      {(["success_rate", "response_time", "reliability"] as const).map((name) => {
        const score = dimensions[name];
        return (
          <div key={name} className="grid gap-1">
            <div className="flex items-baseline justify-between text-sm">
              <span id={`dim-${name}`}>{DIMENSION_LABELS[name]}</span>
              <span className="text-muted-foreground tabular-nums">
                {percent(score.mean)} · {percent(score.lower)}–{percent(score.upper)}
              </span>
            </div>
            <Progress value={Math.round(score.mean * 100)} aria-labelledby={`dim-${name}`} />
          </div>
        );
      })}
    </div>
  );
}

export function ScoreSummary({ score }: { score: Score }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          {score.agent_name}
          {score.public ? (
            <Badge variant="outline">public</Badge>
          ) : (
            <Badge variant="secondary">private</Badge>
          )}
          {score.provisional ? <Badge variant="secondary">provisional</Badge> : null}
        </CardTitle>
        <CardDescription>
          Public score from other organizations' feedback, time-decayed; the range is a 90% credible interval.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 md:grid-cols-2">
        <div className="grid content-start gap-2">
          <div className="flex items-end gap-3">
            <span className="text-5xl font-semibold tabular-nums" data-testid="overall-stars">
              {score.overall.stars.toFixed(1)}
            </span>
            <Stars value={score.overall.stars} className="pb-2 text-2xl" />
          </div>
          <p className="text-muted-foreground text-sm">
            {intervalLabel(score.overall)} (90%) · evidence {score.overall.evidence.toFixed(1)} ·{" "}
            {score.feedback_count} external {score.feedback_count === 1 ? "rating" : "ratings"}
            {score.internal_feedback_count !== null ? ` · ${score.internal_feedback_count} internal` : ""}
          </p>
          {score.internal ? (
            <p className="text-muted-foreground text-sm">
              Internal (your organization's own feedback, never public):{" "}
              {score.internal.overall.stars.toFixed(1)} ★
            </p>
          ) : null}
          {score.anomaly_count ? (
            <Alert>
              <AlertTriangle className="size-4" aria-hidden />
              <AlertDescription>
                {score.anomaly_count} rating{score.anomaly_count === 1 ? "" : "s"} in the last 7 days came in
                a burst from organizations younger than a week; they count a tenth.
              </AlertDescription>
            </Alert>
          ) : null}
        </div>
        <DimensionBars dimensions={score.dimensions} />
      </CardContent>
    </Card>
  );
}
