import { Star, StarHalf } from "lucide-react";
import { cn } from "@/lib/utils";
import { starParts } from "./reputation-figures";

const FULL_KEYS = ["f1", "f2", "f3", "f4", "f5"];
const EMPTY_KEYS = ["e1", "e2", "e3", "e4", "e5"];

/** Five stars to the nearest half, read out as "4.3 out of 5 stars". */
export function Stars({ value, className }: { value: number; className?: string }) {
  const { full, half, empty } = starParts(value);
  return (
    <span
      role="img"
      aria-label={`${value.toFixed(1)} out of 5 stars`}
      className={cn("inline-flex", className)}
    >
      {FULL_KEYS.slice(0, full).map((key) => (
        <Star key={key} className="size-[1em] fill-amber-400 text-amber-400" aria-hidden />
      ))}
      {half ? (
        <span className="relative inline-flex">
          <Star className="text-muted-foreground/40 size-[1em]" aria-hidden />
          <StarHalf className="absolute inset-0 size-[1em] fill-amber-400 text-amber-400" aria-hidden />
        </span>
      ) : null}
      {EMPTY_KEYS.slice(0, empty).map((key) => (
        <Star key={key} className="text-muted-foreground/40 size-[1em]" aria-hidden />
      ))}
    </span>
  );
}
