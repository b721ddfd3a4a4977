import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isAppError } from "@/server/errors";
import { assertSameOrigin } from "@/server/http/csrf";
import { problemResponse } from "@/server/http/problem";
import { getEnv } from "@/server/platform/env";
import { resolveRequestId } from "@/server/platform/request-id";
import { appRouter } from "@/server/root/app-router";
import { createTRPCContext } from "@/server/trpc/context";

// The dashboard's typed API. Mutations are cookie-authenticated POSTs, so they pass the same
// Origin check as the REST pipeline.
async function handler(req: Request) {
  try {
    assertSameOrigin(req, getEnv().authUrl);
  } catch (error) {
    if (isAppError(error)) return problemResponse(error, resolveRequestId(req.headers.get("x-request-id")));
    throw error;
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ headers: req.headers, resHeaders }),
  });
}

export { handler as GET, handler as POST };
