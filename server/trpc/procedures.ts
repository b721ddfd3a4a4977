import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { type Role, users } from "@/db/schema";
import type { OrgContext, UserContext } from "../context";
import { sessionOrgContext } from "../orgs/service";
import { clientIp } from "../platform/client-ip";
import { runInRequestScope } from "../platform/request-scope";
import { hasRole } from "../roles";
import { baseProcedure } from "./init";

// The ladder: public -> signed in -> org-scoped (membership checked, role checked).

// Every procedure runs in the request's scope, so audit rows know the caller's IP and user agent.
export const publicProcedure = baseProcedure.use(({ ctx, next }) =>
  runInRequestScope(
    {
      requestId: ctx.requestId,
      ip: clientIp(ctx.headers),
      userAgent: ctx.headers.get("user-agent"),
    },
    () => next(),
  ),
);

export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  const service: UserContext = {
    db: ctx.db,
    actor: { type: "user", userId: ctx.user.userId },
    requestId: ctx.requestId,
  };
  return next({ ctx: { ...ctx, user: ctx.user, service } });
});

// Resolved once per HTTP request even when a batch calls several org procedures.
const orgCache = new WeakMap<Headers, Promise<OrgContext>>();

export const orgProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  let pending = orgCache.get(ctx.headers);
  if (!pending) {
    pending = sessionOrgContext(ctx.service, ctx.preferredOrgId);
    orgCache.set(ctx.headers, pending);
  }
  return next({ ctx: { ...ctx, service: await pending } });
});

/** Org-scoped and at least `role`. Services check roles too; this fails fast for whole routers. */
export function roleProcedure(role: Role) {
  return orgProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.service.role, role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This needs the ${role} role; yours is ${ctx.service.role}`,
      });
    }
    return next();
  });
}

/** Platform administrators only (granted with `npm run admin -- grant EMAIL`), checked per call. */
export const platformAdminProcedure = signedInProcedure.use(async ({ ctx, next }) => {
  const [user] = await ctx.db
    .select({ isPlatformAdmin: users.isPlatformAdmin })
    .from(users)
    .where(eq(users.id, ctx.user.userId));
  if (!user?.isPlatformAdmin) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This needs a platform administrator" });
  }
  return next();
});
