import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render } from "@testing-library/react";
import { createTRPCClient, unstable_localLink } from "@trpc/client";
import type { ReactElement } from "react";
import superjson from "superjson";
import { TRPCProvider } from "@/lib/trpc/client";
import { type AppRouter, appRouter } from "@/server/root/app-router";
import { createTRPCContext } from "@/server/trpc/context";

// These components talk to a real database (PGlite or PostgreSQL under CI load): give async
// queries (findBy*, waitFor) more than Testing Library's default 1 s.
configure({ asyncUtilTimeout: 5_000 });

/**
 * Renders a component with a real tRPC client whose link calls the router in-process, as the
 * signed-in user of `cookie`: components talk to the real services and the test database.
 */
export function renderWithTRPC(ui: ReactElement, { cookie }: { cookie: string }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({
    links: [
      unstable_localLink({
        router: appRouter,
        transformer: superjson,
        createContext: () => createTRPCContext({ headers: new Headers({ cookie }) }),
      }),
    ],
  });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {ui}
      </TRPCProvider>
    </QueryClientProvider>,
  );
}
