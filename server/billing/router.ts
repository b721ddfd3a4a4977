import { infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { getBalance, listTransactions, usageByDay } from "./queries";
import { ListTransactionsInput, UsageByDayInput } from "./schemas";

const TransactionsPage = infinitePage(ListTransactionsInput);

export const billingRouter = router({
  balance: orgProcedure.query(({ ctx }) => getBalance({ ctx: ctx.service })),
  usageByDay: orgProcedure
    .input(UsageByDayInput)
    .query(({ ctx, input }) => usageByDay({ ctx: ctx.service, input })),
  transactions: orgProcedure
    .input(TransactionsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listTransactions({ ctx: ctx.service, input })),
});
