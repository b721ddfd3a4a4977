import { z } from "zod";
import { ECHO_ENDPOINTS } from "@/db/schema";
import { METADATA_MAX_BYTES } from "../agents/schemas";
import { pageLimit } from "../platform/paging";
import { pageOf, Timestamp } from "../schemas";

export const EchoInput = z.strictObject({
  message: z
    .string({ error: "message is required and must be a string" })
    .min(1, "message must not be empty")
    .max(10_000, "message must be at most 10000 characters"),
  metadata: z
    .record(z.string(), z.unknown(), { error: "metadata must be an object" })
    .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= METADATA_MAX_BYTES, {
      message: `metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON`,
    })
    .default({}),
});
export type EchoInput = z.infer<typeof EchoInput>;

export const ListLogsInput = z.strictObject({
  agent_id: z.string().max(64).optional(),
  endpoint: z.enum(ECHO_ENDPOINTS).optional(),
  cursor: z.string().max(64).optional(),
  limit: pageLimit(20),
});
export type ListLogsInput = z.infer<typeof ListLogsInput>;

// Responses, as they travel in JSON.

export const EchoResponse = z.object({
  echo: z.string(),
  request_id: z.string().nullable(),
  timestamp: Timestamp,
});

export const CoordinationEchoResponse = z.object({
  echo: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  org: z.object({ id: z.string(), name: z.string() }),
  auth: z.object({
    method: z.enum(["api_key", "hmac_signature", "session"]),
    key_id: z.string().nullable(),
    signature_verified: z.boolean(),
  }),
  request_id: z.string().nullable(),
  received_at: Timestamp,
  responded_at: Timestamp,
});

export const MessageLogView = z.object({
  id: z.string(),
  agent_id: z.string().nullable(),
  endpoint: z.enum(["echo", "coordination_echo"]),
  request_id: z.string(),
  request: z.record(z.string(), z.unknown()),
  response: z.record(z.string(), z.unknown()),
  request_bytes: z.number().int(),
  response_bytes: z.number().int(),
  latency_ms: z.number().int(),
  status: z.number().int(),
  created_at: Timestamp,
});

export const LogsPage = pageOf(MessageLogView);
