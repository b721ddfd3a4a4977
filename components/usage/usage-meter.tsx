import { cn } from "@/lib/utils";

/** Spend against a hard cap, with the soft cap marked: green, amber past the soft cap, red near the hard one. */
export function UsageMeter({
  label,
  spentUsd,
  softCapUsd,
  hardCapUsd,
  percent,
  softExceeded,
}: {
  label: string;
  spentUsd: string;
  softCapUsd: string;
  hardCapUsd: string;
  percent: number;
  softExceeded: boolean;
}) {
  const hard = Number(hardCapUsd);
  const softAt = hard > 0 ? Math.min(100, (Number(softCapUsd) / hard) * 100) : 0;
  const tone = percent >= 90 ? "bg-destructive" : softExceeded ? "bg-warning" : "bg-success";
  return (
    <div className="grid gap-1">
      <div className="flex justify-between gap-2 text-sm">
        <span className="truncate">{label}</span>
        <span className="text-muted-foreground tabular-nums">
          ${spentUsd} of ${hardCapUsd}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`${label}: spent today against the hard cap`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, percent)}
        aria-valuetext={`$${spentUsd} of $${hardCapUsd}${softExceeded ? ", past the soft cap" : ""}`}
        className="bg-muted relative h-2 overflow-hidden rounded-full"
      >
        <div className={cn("h-full rounded-full", tone)} style={{ width: `${Math.min(100, percent)}%` }} />
        {softAt > 0 && softAt < 100 ? (
          <div
            className="bg-foreground/60 absolute top-0 h-full w-0.5"
            style={{ left: `${softAt}%` }}
            title={`Soft cap $${softCapUsd}`}
          />
        ) : null}
      </div>
    </div>
  );
}
