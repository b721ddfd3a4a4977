import { z } from "zod";
import { DaysWindow } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { keyMeters, llmUsageByDay, recentCalls } from "./usage-dashboard";

export const llmRouter = router({
  usageByDay: orgProcedure
    .input(DaysWindow)
    .query(({ ctx, input }) => llmUsageByDay({ ctx: ctx.service, days: input.days })),
  keyMeters: orgProcedure.query(({ ctx }) => keyMeters({ ctx: ctx.service })),
  recent: orgProcedure
    .input(z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => recentCalls({ ctx: ctx.service, limit: input.limit })),
});
