import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "@/db/schema";
import { listAnomalies } from "../billing/anomalies";
import { notFound } from "../errors";
import { grantCredits } from "../ledger/grants";
import { parseCreditsToMicros } from "../platform/money";
import { router } from "../trpc/init";
import { orgProcedure, platformAdminProcedure } from "../trpc/procedures";
import { getReceipt, ListPaymentsInput, listPayments, topupOptions } from "./queries";
import { createTopup, topupInputSchema } from "./topup";
import { listFailedStripeEvents, retryStripeEvent } from "./webhook";

const PaymentsPage = ListPaymentsInput.extend({ direction: z.enum(["forward", "backward"]).optional() });

export const paymentsRouter = router({
  options: orgProcedure.query(() => topupOptions()),
  topup: orgProcedure
    .input((raw) => topupInputSchema().parse(raw))
    .mutation(({ ctx, input }) => createTopup({ ctx: ctx.service, input })),
  list: orgProcedure
    .input(PaymentsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listPayments({ ctx: ctx.service, input })),
  receipt: orgProcedure
    .input(z.strictObject({ id: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => getReceipt({ ctx: ctx.service, input })),
  anomalies: orgProcedure.query(({ ctx }) => listAnomalies({ ctx: ctx.service })),
  /** Platform administration: failed webhook events and credit grants. */
  admin: router({
    orgs: platformAdminProcedure.query(({ ctx }) =>
      ctx.db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(eq(organizations.system, false))
        .orderBy(organizations.name)
        .limit(500),
    ),
    failedEvents: platformAdminProcedure.query(({ ctx }) => listFailedStripeEvents(ctx.db)),
    retryEvent: platformAdminProcedure
      .input(z.strictObject({ id: z.string().min(1).max(255) }))
      .mutation(({ ctx, input }) => retryStripeEvent(ctx.db, input.id)),
    grantCredits: platformAdminProcedure
      .input(
        z.strictObject({
          orgId: z.string().trim().min(1, "Choose an organization").max(64),
          credits: z
            .string()
            .trim()
            .regex(/^\d{1,9}(\.\d{1,6})?$/, "Credits must be a number like 25 or 2.5")
            .refine((v) => parseCreditsToMicros(v) > 0n, "Credits must be more than zero"),
          reason: z.string().trim().min(3, "Say why (3 characters at least)").max(200),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        const [org] = await ctx.db
          .select({ id: organizations.id })
          .from(organizations)
          .where(and(eq(organizations.id, input.orgId), eq(organizations.system, false)));
        if (!org) throw notFound("Organization");
        const posted = await grantCredits(ctx.db, {
          orgId: input.orgId,
          amountMicros: parseCreditsToMicros(input.credits),
          reason: input.reason,
          grantId: randomUUID(),
          actor: { type: "user", userId: ctx.user.userId },
        });
        return { transfer_id: posted.transfer.id };
      }),
  }),
});
