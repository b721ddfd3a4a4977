import { z } from "zod";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { ListLogsInput } from "./schemas";
import { listLogs } from "./service";

// tRPC's infinite queries add `direction`; the REST schema stays strict without it.
const LogsPage = ListLogsInput.extend({ direction: z.enum(["forward", "backward"]).optional() });

export const echoRouter = router({
  logs: orgProcedure
    .input(LogsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listLogs({ ctx: ctx.service, input })),
});
