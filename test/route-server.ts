import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestListener, type NextHandler } from "@/server/runtime/listener";

const notServed: NextHandler = (_req, res) => {
  res.writeHead(404, { "x-served-by": "fallback" }).end();
};

/**
 * `npm start`'s listener (server/runtime) on 127.0.0.1, with `next` standing in for Next.js
 * (by default a bare 404 for whatever the API path does not serve). HTTP clients (the openai SDK,
 * fetch) call it as they would call the deployed app.
 */
export async function serveApi(next: NextHandler = notServed) {
  const server: Server = createServer(createRequestListener(next));
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
