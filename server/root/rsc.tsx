import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/lib/trpc/query-client";
import { createTRPCContext } from "../trpc/context";
import { appRouter } from "./app-router";

// Server components call procedures in-process (no HTTP) and hand the results to the client cache.

export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => createTRPCContext({ headers: new Headers(await headers()) }));

export const trpc = createTRPCOptionsProxy({
  ctx: createContext,
  router: appRouter,
  queryClient: getQueryClient,
});

export const serverCaller = cache(async () => appRouter.createCaller(await createContext()));

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/**
 * Runs a query on the server so the page is rendered with its data; await it before rendering
 * <HydrateClient>. Only settled queries are handed over: a query still pending would render as
 * loading on the server yet arrive resolved at hydration, and the client's first render would not
 * match the server's HTML (React error #418).
 */
// biome-ignore lint/suspicious/noExplicitAny: accepts any procedure's query options, as tRPC's docs do
export async function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T): Promise<void> {
  await getQueryClient().prefetchQuery(queryOptions);
}
