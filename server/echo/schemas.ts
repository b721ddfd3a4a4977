import { z } from "zod";
import { ECHO_ENDPOINTS } from "@/db/schema";
import { METADATA_MAX_BYTES } from "../agents/schemas";
import { pageLimit } from "../platform/paging";

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
