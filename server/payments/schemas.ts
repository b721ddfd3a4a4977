import { z } from "zod";
import { getEnv } from "../platform/env";
import { pageLimit } from "../platform/paging";
import { Cursor } from "../schemas";

// One schema per input of the payment actions, shared by the REST routes and the tRPC procedures.

export const ListPaymentsInput = z.strictObject({
  cursor: Cursor.optional(),
  limit: pageLimit(20),
});
export type ListPaymentsInput = z.infer<typeof ListPaymentsInput>;

/**
 * A top-up's size in whole credits. Its bounds (BRIKK_TOPUP_MIN_CREDITS / _MAX_CREDITS) are read
 * when a request is checked, not when this module loads, so one schema serves every configuration.
 */
export const TopupInput = z
  .strictObject({
    credits: z.number({ error: "credits must be a whole number" }).int("credits must be a whole number"),
  })
  .superRefine(({ credits }, check) => {
    const { minCredits, maxCredits } = getEnv().topup;
    const outside =
      credits < minCredits
        ? `credits must be at least ${minCredits}`
        : credits > maxCredits
          ? `credits must be at most ${maxCredits}`
          : null;
    if (outside) check.addIssue({ code: "custom", path: ["credits"], message: outside, input: credits });
  });
export type TopupInput = z.infer<typeof TopupInput>;

/** A failed Stripe event a platform administrator retries, by Stripe's event id. */
export const StripeEventRef = z.strictObject({ id: z.string().min(1, "id is required").max(255) });
export type StripeEventRef = z.infer<typeof StripeEventRef>;
