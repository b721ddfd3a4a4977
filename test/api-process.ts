// One Brikk API instance: `npm start`'s listener (keyed /api/v1 calls with their route handlers;
// no Next.js behind it) on PORT, against DATABASE_URL, with its own pool, caches and group-commit
// batchers. Tests start it through test/api-processes.ts (several at once, or to kill one
// mid-load). Prints "ready" once it listens.
import { createServer } from "node:http";
import { getDb } from "@/server/platform/db";
import { createRequestListener } from "@/server/runtime/listener";

await getDb();
const server = createServer(
  createRequestListener((_req, res) => {
    res.writeHead(404).end();
  }),
);
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
