import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import type Redis from "ioredis";
import { rewriteCommand, ScriptRegistry } from "./lua-compat";

// Lets @upstash/redis (and so @upstash/ratelimit) talk to an ordinary Redis over TCP: the client
// hands us the REST body (one command, or a batch for `pipeline` / `multi-exec`) and we run it
// with ioredis, answering in Upstash's `{ result } | { error }` shape.

type Command = [string, ...unknown[]];

async function runOne(
  redis: Redis,
  command: unknown[],
  scripts: ScriptRegistry,
): Promise<UpstashResponse<unknown>> {
  const rewritten = rewriteCommand(command, scripts);
  if (!Array.isArray(rewritten)) return rewritten;
  try {
    const [name, ...args] = rewritten as Command;
    return { result: await redis.call(name, ...(args as (string | number)[])) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function runBatch(
  redis: Redis,
  commands: unknown[][],
  scripts: ScriptRegistry,
  transactional: boolean,
): Promise<UpstashResponse<unknown>[]> {
  const rewritten = commands.map((c) => rewriteCommand(c, scripts));
  const runnable = rewritten.filter((c): c is unknown[] => Array.isArray(c)) as Command[];
  const batch = transactional ? redis.multi(runnable as string[][]) : redis.pipeline(runnable as string[][]);
  const results = (await batch.exec()) ?? [];
  let next = 0;
  return rewritten.map((c) => {
    if (!Array.isArray(c)) return c;
    const [error, result] = results[next++] ?? [new Error("missing pipeline result"), null];
    return error ? { error: error.message } : { result };
  });
}

export function createRedisRequester(redis: Redis): Requester {
  const scripts = new ScriptRegistry();
  return {
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      const path = req.path ?? [];
      const body = req.body as unknown[];
      if (path[0] === "pipeline" || path[0] === "multi-exec") {
        const results = await runBatch(redis, body as unknown[][], scripts, path[0] === "multi-exec");
        return results as unknown as UpstashResponse<TResult>;
      }
      return (await runOne(redis, body, scripts)) as UpstashResponse<TResult>;
    },
  };
}
