import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll } from "vitest";

// Real Brikk API processes (test/api-process.ts) for the tests where a property spans instances
// or survives a crash: each has its own pool and batchers, as two deployed instances would.

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export type ApiProcess = { child: ChildProcess; port: number; url: string };

/** Starts API processes for the file; all are killed after it. */
export function withApiProcesses() {
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const child of started) child.kill("SIGKILL");
  });
  return {
    /** One instance on `port` (a free one by default); resolves once it listens. */
    async start(databaseUrl: string, env: Record<string, string> = {}, port?: number): Promise<ApiProcess> {
      const listenOn = port ?? (await freePort());
      const child = spawn(process.execPath, ["--import", "tsx", "test/api-process.ts"], {
        env: {
          ...process.env,
          PORT: String(listenOn),
          DATABASE_URL: databaseUrl,
          NODE_ENV: "production",
          LOG_LEVEL: "silent",
          BRIKK_RATE_LIMIT_ENABLED: "false",
          ...env,
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      started.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once("exit", (code) =>
          reject(new Error(`the API process exited (${code}) before it was ready`)),
        );
        child.stdout?.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("ready")) resolve();
        });
      });
      return { child, port: listenOn, url: `http://127.0.0.1:${listenOn}` };
    },
  };
}
