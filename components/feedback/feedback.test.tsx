// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, renderHook, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Column, DataTable, flattenPages } from "./data-table";
import { useRequest } from "./use-request";

afterEach(cleanup);

type Row = { id: string; name: string; size: number };
const COLUMNS: Column<Row>[] = [
  { header: "Name", cell: (r) => r.name },
  { header: "Size", className: "text-right", cellClassName: "tabular-nums", cell: (r) => `${r.size} B` },
];
const idle = { isPending: false, error: null };

describe("DataTable", () => {
  it("shows loading, error and empty states instead of a table", () => {
    const props = { columns: COLUMNS, rowKey: (r: Row) => r.id, label: "files", empty: "No files." };
    const { rerender } = render(
      <DataTable {...props} query={{ isPending: true, error: null, data: undefined }} />,
    );
    expect(screen.getByLabelText("Loading files")).toBeTruthy();
    rerender(
      <DataTable {...props} query={{ isPending: false, error: { message: "boom" }, data: undefined }} />,
    );
    expect(screen.getByText("boom")).toBeTruthy();
    rerender(<DataTable {...props} query={{ ...idle, data: [] }} />);
    expect(screen.getByText("No files.")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("renders one row per item with column classes on headers and cells", () => {
    render(
      <DataTable
        query={{ ...idle, data: [{ id: "a", name: "notes.txt", size: 12 }] }}
        columns={COLUMNS}
        rowKey={(r) => r.id}
        label="files"
        empty="No files."
      />,
    );
    expect(screen.getByRole("columnheader", { name: "Size" }).className).toContain("text-right");
    const cell = screen.getByRole("cell", { name: "12 B" });
    expect(cell.className).toContain("text-right");
    expect(cell.className).toContain("tabular-nums");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("flattens infinite pages and loads the next one", () => {
    const fetchNextPage = vi.fn();
    const query = flattenPages<Row>({
      ...idle,
      hasNextPage: true,
      isFetchingNextPage: false,
      fetchNextPage,
      data: {
        pages: [{ data: [{ id: "a", name: "a", size: 1 }] }, { data: [{ id: "b", name: "b", size: 2 }] }],
      },
    });
    render(<DataTable query={query} columns={COLUMNS} rowKey={(r) => r.id} label="files" empty="None" />);
    expect(screen.getAllByRole("row")).toHaveLength(3);
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(fetchNextPage).toHaveBeenCalledOnce();
  });
});

describe("useRequest", () => {
  it("tracks pending, keeps the result and turns failures and aborts into messages", async () => {
    const { result } = renderHook(() => useRequest<number>());
    let release: (value: number) => void = () => {};
    let running: Promise<void> = Promise.resolve();
    act(() => {
      running = result.current.run(() => new Promise<number>((resolve) => (release = resolve)));
    });
    expect(result.current.pending).toBe(true);
    await act(async () => {
      release(42);
      await running;
    });
    expect(result.current).toMatchObject({ pending: false, result: 42, error: null });

    await act(() => result.current.run(() => Promise.reject(new Error("HTTP 500"))));
    expect(result.current).toMatchObject({ result: null, error: "HTTP 500" });

    act(() => {
      running = result.current.run(
        (signal) =>
          new Promise<number>((_, reject) =>
            signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
          ),
      );
    });
    await act(async () => {
      result.current.stop();
      await running;
    });
    expect(result.current.error).toBe("Stopped.");

    act(() => result.current.fail("metadata must be a JSON object"));
    expect(result.current.error).toBe("metadata must be a JSON object");
  });
});
