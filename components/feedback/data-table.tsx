import type { ReactNode } from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LoadMore } from "./load-more";
import { QueryState } from "./query-state";

export type Column<Row> = {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Classes on the header and every cell of the column: alignment, responsive hiding. */
  className?: string;
  /** Extra classes on the cells only (muted text, truncation). */
  cellClassName?: string;
};

type ListQuery<Row> = { isPending: boolean; error: { message: string } | null; data: Row[] | undefined };
type PagedQuery = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
type InfiniteListQuery<Row> = Omit<ListQuery<Row>, "data"> &
  PagedQuery & { data: { pages: { data: Row[] }[] } | undefined };

/** An infinite query's pages as one list, in the shape DataTable (and QueryState) read. */
export function flattenPages<Row>(query: InfiniteListQuery<Row>): ListQuery<Row> & PagedQuery {
  return { ...query, data: query.data?.pages.flatMap((page) => page.data) };
}

function cx(...classes: (string | undefined)[]) {
  return classes.filter(Boolean).join(" ") || undefined;
}

/**
 * Every list in the dashboard: loading skeleton, error, empty text, the rows as a table, and
 * "Load more" when the query is paged.
 */
export function DataTable<Row>({
  query,
  columns,
  rowKey,
  label,
  empty,
  skeletonClassName = "h-48",
}: {
  query: ListQuery<Row> & Partial<PagedQuery>;
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  /** What is loading, for screen readers ("payments"). */
  label: string;
  empty: ReactNode;
  skeletonClassName?: string;
}) {
  const paged = query.fetchNextPage ? (query as PagedQuery) : null;
  return (
    <>
      <QueryState query={query} label={label} empty={empty} skeletonClassName={skeletonClassName}>
        {(rows) => (
          <Table>
            <TableHeader>
              <TableRow>
                {columns.map((column, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are a fixed list per table
                  <TableHead key={i} className={column.className}>
                    {column.header}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={rowKey(row)}>
                  {columns.map((column, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are a fixed list per table
                    <TableCell key={i} className={cx(column.cellClassName, column.className)}>
                      {column.cell(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
      {paged ? <LoadMore query={paged} /> : null}
    </>
  );
}
