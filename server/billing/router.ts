import { DaysWindow, infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { getBalance, ListTransactionsInput, listTransactions, usageByDay } from "./queries";

const TransactionsPage = infinitePage(ListTransactionsInput);

export const billingRouter = router({
  balance: orgProcedure.query(({ ctx }) => getBalance({ ctx: ctx.service })),
  usageByDay: orgProcedure
    .input(DaysWindow)
    .query(({ ctx, input }) => usageByDay({ ctx: ctx.service, days: input.days })),
  transactions: orgProcedure
    .input(TransactionsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listTransactions({ ctx: ctx.service, input })),
});
