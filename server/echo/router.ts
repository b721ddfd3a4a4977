import { infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { ListLogsInput } from "./schemas";
import { listLogs } from "./service";

// tRPC's infinite queries add `direction`; the REST schema stays strict without it.
const LogsPage = infinitePage(ListLogsInput);

export const echoRouter = router({
  logs: orgProcedure
    .input(LogsPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listLogs({ ctx: ctx.service, input })),
});
