import { z } from "zod";
import { TRANSFER_KINDS } from "@/db/schema";
import { parseCreditsToMicros } from "../platform/money";
import { pageLimit } from "../platform/paging";
import { DaysWindow, Decimal, pageOf, Timestamp } from "../schemas";

// One schema per input of the billing reads, shared by the REST routes and the tRPC procedures.

const creditAmount = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,6})?$/, "must be a credit amount like 1.5 (at most 6 decimals)")
  .transform(parseCreditsToMicros);

export const ListTransactionsInput = z.strictObject({
  kind: z.enum(TRANSFER_KINDS, { error: `kind must be one of ${TRANSFER_KINDS.join(", ")}` }).optional(),
  from: z.coerce.date({ error: "from must be a date" }).optional(),
  to: z.coerce.date({ error: "to must be a date" }).optional(),
  /** Bounds on the size of the movement (absolute value), in credits. */
  min_amount: creditAmount.optional(),
  max_amount: creditAmount.optional(),
  /** Text in the description or metadata. */
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, "cursor must come from next_cursor")
    .optional(),
  limit: pageLimit(25),
});
export type ListTransactionsInput = z.infer<typeof ListTransactionsInput>;

/** The dashboard's usage chart: spend per day and service over the last `days` days. */
export const UsageByDayInput = DaysWindow;
export type UsageByDayInput = z.infer<typeof UsageByDayInput>;

// Responses, as they travel in JSON.

const UsageWindow = z.object({
  total: Decimal,
  calls: z.number().int(),
  by_service: z.record(z.string(), Decimal),
});

export const BalanceView = z.object({
  org_id: z.string(),
  balance: Decimal,
  reserved: Decimal,
  available: Decimal,
  owed: Decimal,
  usage: z.object({ today: UsageWindow, "7d": UsageWindow, "30d": UsageWindow }),
});

export const TransactionView = z.object({
  id: z.string(),
  entry_id: z.string(),
  kind: z.enum(TRANSFER_KINDS),
  account: z.enum(["credits", "receivable"]),
  amount: Decimal,
  direction: z.enum(["in", "out"]),
  description: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: Timestamp,
});

export const TransactionPage = pageOf(TransactionView);
