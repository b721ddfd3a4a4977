import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations } from "@/db/schema";
import { listAnomalies } from "../billing/anomalies";
import { grantCredits } from "../ledger/grants";
import { GrantCreditsInput } from "../ledger/schemas";
import { infinitePage, ResourceRef } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure, platformAdminProcedure } from "../trpc/procedures";
import { getReceipt, ListPaymentsInput, listPayments, topupOptions } from "./queries";
import { createTopup, topupInputSchema } from "./topup";
import { listFailedStripeEvents, retryStripeEvent } from "./webhook";

const PaymentsPage = infinitePage(ListPaymentsInput);

export const paymentsRouter = router({
  options: orgProcedure.query(() => topupOptions()),
  topup: orgProcedure
    .input((raw) => topupInputSchema().parse(raw))
    .mutation(({ ctx, input }) => createTopup({ ctx: ctx.service, input })),
  list: orgProcedure
    .input(PaymentsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listPayments({ ctx: ctx.service, input })),
  receipt: orgProcedure.input(ResourceRef).query(({ ctx, input }) => getReceipt({ ctx: ctx.service, input })),
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
      .input(GrantCreditsInput)
      .mutation(({ ctx, input }) => grantCredits({ ctx: ctx.service, input })),
  }),
});
