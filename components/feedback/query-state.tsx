import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { ErrorAlert } from "./error-alert";

type QueryLike<T> = { isPending: boolean; error: { message: string } | null; data: T | undefined };

/** The four states of a list: loading skeleton, error, empty message, or the rendered data. */
export function QueryState<T extends unknown[]>({
  query,
  label,
  empty,
  skeletonClassName = "h-24",
  children,
}: {
  query: QueryLike<T>;
  /** What is loading, for screen readers ("members", "keys"). */
  label: string;
  empty: ReactNode;
  skeletonClassName?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Skeleton className={skeletonClassName} aria-label={`Loading ${label}`} />;
  if (query.error) return <ErrorAlert message={query.error.message} />;
  if (!query.data || query.data.length === 0) return <p className="text-muted-foreground text-sm">{empty}</p>;
  return <>{children(query.data)}</>;
}
