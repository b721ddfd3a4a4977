import { infinitePage } from "../schemas";
import { router } from "../trpc/init";
import { orgProcedure } from "../trpc/procedures";
import { auditChainStatus, listAuditEvents } from "./queries";
import { ListAuditInput } from "./schemas";

// tRPC's infinite queries add `direction` to the input.
const ListAuditPage = infinitePage(ListAuditInput);

export const auditRouter = router({
  list: orgProcedure
    .input(ListAuditPage)
    .query(({ ctx, input: { direction: _, ...input } }) => listAuditEvents({ ctx: ctx.service, input })),
  verify: orgProcedure.query(({ ctx }) => auditChainStatus({ ctx: ctx.service })),
});
