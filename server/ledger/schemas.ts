import { z } from "zod";
import { parseCreditsToMicros } from "../platform/money";

// Inputs of the ledger's own actions, shared by the dashboard (tRPC) and the admin CLI.

export const GrantCreditsInput = z.strictObject({
  org_id: z.string().trim().min(1, "choose an organization").max(64, "org_id is at most 64 characters"),
  credits: z
    .string({ error: "credits must be a number like 25 or 2.5, as a string" })
    .trim()
    .regex(/^\d{1,9}(\.\d{1,6})?$/, "credits must be a number like 25 or 2.5 (at most 6 decimals)")
    .transform((value) => parseCreditsToMicros(value))
    .refine((micros) => micros > 0n, "credits must be more than zero"),
  /**
   * Names the grant (a ticket, an invoice, a campaign): the transfer id is derived from it, so
   * granting again with the same reference changes nothing.
   */
  reference: z
    .string({ error: "reference is required: it makes a repeated grant a no-op" })
    .trim()
    .min(1, "reference is required: it makes a repeated grant a no-op")
    .max(100, "reference is at most 100 characters")
    .regex(/^[A-Za-z0-9._:/#-]+$/, "reference may hold letters, digits and . _ : / # - only"),
  reason: z
    .string()
    .trim()
    .min(3, "say why (3 characters at least)")
    .max(200, "reason is at most 200 characters"),
});
export type GrantCreditsInput = z.infer<typeof GrantCreditsInput>;
