import type { LlmCallStatus } from "@/db/schema";
import { llmUsageEvents } from "@/db/schema";
import { getDb } from "../platform/db";
import { writeBehindQueue } from "../platform/write-behind";

// One UsageEvent per chat completion, written behind the response in batches (flushed at
// shutdown like every write-behind queue, so none are lost on a clean stop).

export type UsageEventInput = {
  orgId: string;
  agentId: string | null;
  keyId: string | null;
  userId: string | null;
  requestId: string;
  requestedModel: string;
  provider: string | null;
  model: string | null;
  stream: boolean;
  status: LlmCallStatus;
  httpStatus: number;
  errorCode: string | null;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  costMicroUsd: bigint;
  creditsMicros: bigint;
  attempts: number;
  fallback: boolean;
  latencyMs: number;
  ttftMs: number | null;
};

const queue = () =>
  writeBehindQueue<UsageEventInput>("llm_usage_events", async (rows) => {
    await (await getDb()).insert(llmUsageEvents).values(rows);
  });

export function recordUsageEvent(event: UsageEventInput): Promise<void> {
  return queue().enqueue(event);
}
