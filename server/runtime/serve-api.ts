import type { IncomingMessage, ServerResponse } from "node:http";
import { problemResponse } from "../http/problem";
import { getLogger } from "../platform/logger";
import { resolveRequestId } from "../platform/request-id";
import { matchApiRoute, type RouteHandler } from "./api-routes";
import { sendWebResponse } from "./node-bridge";
import { nodeRequest } from "./node-request";

/**
 * Serves a keyed public-API call with its route handler and returns true, or returns false and
 * leaves the request to Next.js. Keyed means an Authorization header: the same requests proxy.ts
 * lets through untouched (its matcher skips them), so both paths answer alike.
 */
export function serveApiRoute(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers.authorization === undefined) return false;
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  if (!pathname.startsWith("/api/v1/")) return false;
  const match = matchApiRoute(req.method ?? "GET", pathname);
  if (!match) return false;
  void run(match.handler, match.params, req, res);
  return true;
}

async function run(
  handler: RouteHandler,
  params: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let response: Response;
  try {
    response = await handler(nodeRequest(req, res), { params: Promise.resolve(params) });
  } catch (error) {
    // endpoint() turns every error into a response; reaching here is a bug, answered like Next would.
    const requestId = resolveRequestId(req.headers["x-request-id"]?.toString() ?? null);
    getLogger().error({ err: error, request_id: requestId, path: req.url }, "unhandled error");
    response = problemResponse(error, requestId);
  }
  await sendWebResponse(res, response);
}
