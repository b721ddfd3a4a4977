import { createServer } from "node:http";
import { ListenArgsError, parseListenArgs } from "./listen-args";

// `npm start`: one HTTP listener in front of the Next.js production server. Calls to the public
// API that carry an Authorization header (agents, with a key) go straight to the route handlers;
// everything else — pages, tRPC, Auth.js, anonymous API calls, preflights, the Stripe webhook —
// goes to Next's request handler, proxy.ts included. Next spends about 1 ms of CPU per request
// on its router and render worker before a handler runs, as much as a whole proxied call costs in
// the fastest gateways (bench/README.md); the keyed API is the traffic where that shows.
// Built into .next/brikk/server.mjs by scripts/build-server.mjs (part of `npm run build`).

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const { port, hostname } = parseListenArgs(process.argv.slice(2), process.env);
  // Set before anything reads them: Next and getEnv() see the same values as under `next start`.
  Object.assign(process.env, { NODE_ENV: "production", PORT: String(port) });
  const startedAt = performance.now();

  // .env files, read the way `next start` reads them, before anything looks at the environment.
  // (A CommonJS package: under Node's ESM loader its exports sit on `default`.)
  const { default: nextEnv } = await import("@next/env");
  nextEnv.loadEnvConfig(process.cwd(), false);
  // Bootstrap (env, secrets, migrations, seed) before Next loads, so a bad configuration stops
  // here with its one-line message and no request is served before the database is ready.
  const { bootstrap } = await import("./bootstrap");
  await bootstrap();
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  const { createRequestListener } = await import("./listener");

  const server = createServer(createRequestListener(handleWithNext));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  const shown = hostname && hostname !== "0.0.0.0" && hostname !== "::" ? hostname : "localhost";
  console.info(`✓ Ready on http://${shown}:${port} in ${Math.round(performance.now() - startedAt)} ms`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Stop taking connections, let in-flight calls finish (bounded), then write what is queued
    // behind responses (usage events, rate-limit audit rollup) and leave.
    server.close();
    server.closeIdleConnections();
    const closed = new Promise((resolve) => server.once("close", resolve));
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
    const [{ flushAllWriteBehind }, { flushRateLimitRollup }] = await Promise.all([
      import("../platform/write-behind"),
      import("../audit/rate-limit-rollup"),
    ]);
    await Promise.all([flushAllWriteBehind(), flushRateLimitRollup({ all: true })]).catch((error) =>
      console.error("could not write queued rows before exit", error),
    );
    await app.close().catch(() => {});
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop());
}

main().catch((error: NodeJS.ErrnoException) => {
  // A bad flag or a taken port is the operator's to fix: one line, no stack.
  const known = error instanceof ListenArgsError || error.code === "EADDRINUSE" || error.code === "EACCES";
  console.error(known ? `\nBrikk cannot start: ${error.message}\n` : error);
  process.exit(1);
});
