import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import IORedis from "ioredis";
import { getEnv } from "../platform/env";
import { processGlobal } from "../platform/process-global";

// Wakes whoever follows a panel run when something happened to it: a new event in its log
// (`seq`), or a cancel for the worker. The log itself is in the database; this only says "look
// again". Within one process an EventEmitter carries it; across instances Redis pub/sub does
// when a Redis server is configured. Without pub/sub (Upstash REST) followers poll sooner, and
// every follower re-reads the log on a timer anyway, so a lost message costs latency, never events.

export type BusMessage = { run: string; seq?: number; cancel?: true };

type Wire = BusMessage & { origin: string };

export class PanelBus {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly origin = randomUUID();
  private readonly publisher: IORedis | null;
  private readonly subscriber: IORedis | null;

  constructor(
    redisUrl: string | null,
    private readonly channel: string,
    /** How long a follower waits without news before it reads the log again. */
    readonly pollMs: number,
  ) {
    this.publisher = redisUrl ? connection(redisUrl) : null;
    this.subscriber = redisUrl ? connection(redisUrl) : null;
    if (!this.subscriber) return;
    this.subscriber.subscribe(channel).catch(() => {});
    this.subscriber.on("message", (_channel: string, raw: string) => {
      const message = parse(raw);
      // This process already delivered its own messages locally.
      if (message && message.origin !== this.origin) this.local.emit(message.run, message);
    });
  }

  publish(message: BusMessage): void {
    this.local.emit(message.run, message);
    this.publisher
      ?.publish(this.channel, JSON.stringify({ ...message, origin: this.origin }))
      .catch(() => {});
  }

  /** Calls `listener` for every message about the run until the returned function is called. */
  listen(runId: string, listener: (message: BusMessage) => void): () => void {
    this.local.on(runId, listener);
    return () => this.local.off(runId, listener);
  }

  close(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
    this.local.removeAllListeners();
  }
}

function connection(url: string): IORedis {
  const redis = new IORedis(url, { connectTimeout: 1_000, maxRetriesPerRequest: 1, lazyConnect: false });
  // Errors surface as missed wake-ups, which the followers' polling covers.
  redis.on("error", () => {});
  return redis;
}

function parse(raw: string): Wire | null {
  try {
    const message = JSON.parse(raw) as Wire;
    return typeof message.run === "string" ? message : null;
  } catch {
    return null;
  }
}

export function createPanelBus(redisUrl: string | null, prefix: string): PanelBus {
  const upstashOnly = redisUrl === null && getEnv().rateLimitBackend.kind === "upstash";
  return new PanelBus(redisUrl, `${prefix}:panel`, upstashOnly ? 500 : 2_000);
}

export function panelBus(): PanelBus {
  return processGlobal("panel.bus", () => {
    const env = getEnv();
    const backend = env.rateLimitBackend;
    return createPanelBus(backend.kind === "redis" ? backend.url : null, env.redisPrefix);
  });
}
