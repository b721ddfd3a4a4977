import { z } from "zod";
import { Cursor } from "../schemas";

// One schema per input of the audit reads, shared by the tRPC procedures (and REST, when it has them).

export const ListAuditInput = z.strictObject({
  /** `user`, `key`, `system` or `cli` for a kind of actor; anything else matches within the label. */
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().max(100).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  cursor: Cursor.nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListAuditInput = z.infer<typeof ListAuditInput>;
