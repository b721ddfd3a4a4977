import { z } from "zod";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { getBalance, ListTransactionsInput, listTransactions } from "./queries";

// tRPC's infinite queries add `direction` to the input.
const TransactionsPage = ListTransactionsInput.extend({
  direction: z.enum(["forward", "backward"]).optional(),
});

export const billingRouter = router({
  balance: orgProcedure.query(({ ctx }) => getBalance({ ctx: ctx.service })),
  transactions: orgProcedure
    .input(TransactionsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listTransactions({ ctx: ctx.service, input })),
});
