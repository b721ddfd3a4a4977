import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serveApiRoute } from "@/server/standalone/serve-api";

/**
 * The production listener's API path (server/standalone) on 127.0.0.1, without Next.js behind it:
 * what it does not serve gets a bare 404. HTTP clients (the openai SDK, fetch) call it as they
 * would call the deployed app.
 */
export async function serveApi() {
  const server: Server = createServer((req, res) => {
    if (!serveApiRoute(req, res)) res.writeHead(404, { "x-served-by": "fallback" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
