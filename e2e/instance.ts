import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

// A built app process of its own (not the one Playwright's webServer starts), for specs that need
// other settings: several instances on one database, or providers pointed at fake upstreams.

export type Instance = { base: string; child: ChildProcess; output: () => string };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilHealthy(instance: Instance): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (instance.child.exitCode !== null) throw new Error(`instance exited early:\n${instance.output()}`);
    try {
      const res = await fetch(`${instance.base}/api/v1/coordination/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance at ${instance.base} never became healthy:\n${instance.output()}`);
}

/** Starts `.next/brikk/server.mjs` on `port` with `env` on top of this process's, once it answers. */
export async function startInstance(port: number, env: Record<string, string>): Promise<Instance> {
  const base = `http://127.0.0.1:${port}`;
  // Own process group, so stopInstances can stop next and anything it spawned.
  const child = spawn("node", [".next/brikk/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", AUTH_TRUST_HOST: "true", LOG_LEVEL: "warn", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const instance = { base, child, output: () => output };
  try {
    await waitUntilHealthy(instance);
  } catch (error) {
    await stopInstances([instance]);
    throw error;
  }
  return instance;
}

export async function stopInstances(instances: Instance[]): Promise<void> {
  for (const { child } of instances) {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
  }
  await Promise.all(
    instances.map(({ child }) =>
      child.exitCode === null && child.signalCode === null ? new Promise((r) => child.once("exit", r)) : null,
    ),
  );
}
