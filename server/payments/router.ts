import { listAnomalies } from "../billing/anomalies";
import { grantableOrgs, grantCredits } from "../ledger/grants";
import { GrantCreditsInput } from "../ledger/schemas";
import { infinitePage, ResourceRef } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure, platformAdminProcedure } from "../trpc/procedures";
import { getReceipt, listPayments, topupOptions } from "./queries";
import { ListPaymentsInput, StripeEventRef, TopupInput } from "./schemas";
import { createTopup } from "./topup";
import { listFailedStripeEvents, retryStripeEvent } from "./webhook";

const PaymentsPage = infinitePage(ListPaymentsInput);

export const paymentsRouter = router({
  options: orgProcedure.query(() => topupOptions()),
  topup: orgProcedure
    .input(TopupInput)
    .mutation(({ ctx, input }) => createTopup({ ctx: ctx.service, input })),
  list: orgProcedure
    .input(PaymentsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listPayments({ ctx: ctx.service, input })),
  receipt: orgProcedure.input(ResourceRef).query(({ ctx, input }) => getReceipt({ ctx: ctx.service, input })),
  anomalies: orgProcedure.query(({ ctx }) => listAnomalies({ ctx: ctx.service })),
  /** Platform administration: failed webhook events and credit grants. */
  admin: router({
    orgs: platformAdminProcedure.query(({ ctx }) => grantableOrgs({ ctx: ctx.service })),
    failedEvents: platformAdminProcedure.query(({ ctx }) => listFailedStripeEvents({ ctx: ctx.service })),
    retryEvent: platformAdminProcedure
      .input(StripeEventRef)
      .mutation(({ ctx, input }) => retryStripeEvent({ ctx: ctx.service, input })),
    grantCredits: platformAdminProcedure
      .input(GrantCreditsInput)
      .mutation(({ ctx, input }) => grantCredits({ ctx: ctx.service, input })),
  }),
});
