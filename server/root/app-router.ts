import { eq } from "drizzle-orm";
import { users } from "@/db/schema/index";
import { agentsRouter } from "../agents/router";
import { auditRouter } from "../audit/router";
import { billingRouter } from "../billing/router";
import { echoRouter } from "../echo/router";
import { keysRouter } from "../keys/router";
import { llmRouter } from "../llm/router";
import { orgsRouter } from "../orgs/router";
import { panelRouter } from "../panel/router";
import { paymentsRouter } from "../payments/router";
import { reputationRouter } from "../reputation/router";
import { createCallerFactory, router } from "../trpc/init";
import { signedInProcedure } from "../trpc/procedures";

export const appRouter = router({
  me: signedInProcedure.query(async ({ ctx }) => {
    const [user] = await ctx.db
      .select({ id: users.id, email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin })
      .from(users)
      .where(eq(users.id, ctx.user.userId));
    return user ?? null;
  }),
  orgs: orgsRouter,
  agents: agentsRouter,
  echo: echoRouter,
  keys: keysRouter,
  audit: auditRouter,
  billing: billingRouter,
  payments: paymentsRouter,
  llm: llmRouter,
  panel: panelRouter,
  reputation: reputationRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
