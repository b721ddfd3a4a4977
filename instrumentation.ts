// Next.js calls register() once per server process before it serves requests. These two
// variables are set by Next itself (not configuration), so they are read here directly.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootstrap } = await import("./server/runtime/bootstrap");
  await bootstrap();
}
