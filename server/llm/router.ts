import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { LlmUsageByDayInput, RecentCallsInput } from "./schemas";
import { keyMeters, llmUsageByDay, recentCalls } from "./usage-dashboard";

export const llmRouter = router({
  usageByDay: orgProcedure
    .input(LlmUsageByDayInput)
    .query(({ ctx, input }) => llmUsageByDay({ ctx: ctx.service, input })),
  keyMeters: orgProcedure.query(({ ctx }) => keyMeters({ ctx: ctx.service })),
  recent: orgProcedure
    .input(RecentCallsInput)
    .query(({ ctx, input }) => recentCalls({ ctx: ctx.service, input })),
});
