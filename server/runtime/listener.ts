import type { IncomingMessage, ServerResponse } from "node:http";
import { resolveClientAddress } from "../platform/client-address";
import { getEnv } from "../platform/env";
import { serveApiRoute } from "./serve-api";

export type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * `npm start`'s request handler: decide the client's address once (the socket, or what a trusted
 * proxy says: platform/client-address.ts) and write it as the only X-Forwarded-For entry, so no
 * client can pick its own per-IP bucket; then serve keyed /api/v1 calls directly and hand the rest
 * to Next.js, which keeps a header that is already set.
 */
export function createRequestListener(handleWithNext: NextHandler) {
  const trusted = getEnv().trustedProxies;
  return (req: IncomingMessage, res: ServerResponse): void => {
    req.headers["x-forwarded-for"] = resolveClientAddress(
      req.socket.remoteAddress,
      req.headers["x-forwarded-for"],
      trusted,
    );
    if (serveApiRoute(req, res)) return;
    void handleWithNext(req, res);
  };
}
