import { QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Data prefetched on the server stays fresh long enough not to refetch on hydration.
      queries: { staleTime: 30_000, retry: 1 },
      // Only successful queries are dehydrated (the default): server components await their
      // prefetches, so the HTML and the client's first render see the same data.
      dehydrate: { serializeData: superjson.serialize },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
