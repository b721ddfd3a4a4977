import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import IORedis from "ioredis";
import { rewriteCommand, ScriptRegistry } from "@/server/platform/ratelimit/lua-compat";

// A small server that speaks Upstash's REST protocol (POST / with a command array, /pipeline and
// /multi-exec with arrays of commands, Bearer token, optional base64 response encoding) in front
// of a real Redis, so the Upstash transport is tested over real HTTP.

function encode(value: unknown, base64: boolean): unknown {
  if (!base64) return value;
  if (typeof value === "string") return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  return value;
}

export async function startUpstashRestServer(redisUrl: string, token: string) {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const scripts = new ScriptRegistry();

  const run = async (command: unknown[]) => {
    const rewritten = rewriteCommand(command, scripts);
    if (!Array.isArray(rewritten)) return rewritten;
    try {
      const [name, ...args] = rewritten as [string, ...(string | number)[]];
      return { result: await redis.call(name, ...args) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "Unauthorized" });
    const base64 = req.headers["upstash-encoding"] === "base64";
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown[];
    const path = req.url ?? "/";
    if (path.startsWith("/pipeline") || path.startsWith("/multi-exec")) {
      const results = [];
      for (const command of body as unknown[][]) results.push(await run(command));
      return send(
        200,
        results.map((r) => ("result" in r ? { result: encode(r.result, base64) } : r)),
      );
    }
    const result = await run(body);
    return "result" in result ? send(200, { result: encode(result.result, base64) }) : send(400, result);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      redis.disconnect();
    },
  };
}
