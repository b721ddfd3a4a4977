import { z } from "zod";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { getBalance, ListTransactionsInput, listTransactions, usageByDay } from "./queries";

// tRPC's infinite queries add `direction` to the input.
const TransactionsPage = ListTransactionsInput.extend({
  direction: z.enum(["forward", "backward"]).optional(),
});

export const billingRouter = router({
  balance: orgProcedure.query(({ ctx }) => getBalance({ ctx: ctx.service })),
  usageByDay: orgProcedure
    .input(z.strictObject({ days: z.number().int().min(1).max(90).default(14) }))
    .query(({ ctx, input }) => usageByDay({ ctx: ctx.service, days: input.days })),
  transactions: orgProcedure
    .input(TransactionsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listTransactions({ ctx: ctx.service, input })),
});
