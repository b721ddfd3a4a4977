import { infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { ListRunsInput, RunRef, SeatOptionsInput, StartRunInput } from "./schemas";
import { seatOptions } from "./seats";
import { cancelRun, getRun, listRuns, startRun } from "./service";

/** The run list as an infinite query pages it (tRPC adds `direction`). */
const RunsPage = infinitePage(ListRunsInput);

export const panelRouter = router({
  seatOptions: orgProcedure
    .input(SeatOptionsInput)
    .query(({ ctx, input }) => seatOptions({ ctx: ctx.service, input })),
  start: orgProcedure
    .input(StartRunInput)
    .mutation(({ ctx, input }) => startRun({ ctx: ctx.service, input })),
  list: orgProcedure
    .input(RunsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listRuns({ ctx: ctx.service, input })),
  get: orgProcedure.input(RunRef).query(({ ctx, input }) => getRun({ ctx: ctx.service, input })),
  cancel: orgProcedure.input(RunRef).mutation(({ ctx, input }) => cancelRun({ ctx: ctx.service, input })),
});
