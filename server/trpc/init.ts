import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { auditCrossOrgProbe } from "../audit/cross-org";
import { AppError, ERROR_MAP } from "../errors";
import { getLogger } from "../platform/logger";
import { fieldErrors, unstorableStrings } from "../validation";
import type { TRPCContext } from "./context";

// Input validation failures arrive as a ZodError or a Standard Schema error; both carry issues.
function hasIssues(cause: unknown): cause is Parameters<typeof fieldErrors>[0] {
  return typeof cause === "object" && cause !== null && Array.isArray((cause as { issues?: unknown }).issues);
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Internals never leave the server.
        stack: undefined,
        appCode: cause instanceof AppError ? cause.code : null,
        fieldErrors: hasIssues(cause) ? fieldErrors(cause) : null,
      },
    };
  },
});

/** Turns AppErrors thrown by services into tRPC errors with the mapped code. */
const errorMapping = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      if (cause.crossOrgProbe && ctx.user) {
        await auditCrossOrgProbe(ctx.db, cause, { type: "user", userId: ctx.user.userId });
      }
      throw new TRPCError({ code: ERROR_MAP[cause.code].trpc, message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      getLogger().error(
        { err: result.error.cause ?? result.error, path, request_id: ctx.requestId },
        "trpc error",
      );
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side" });
    }
  }
  return result;
});

/** Text PostgreSQL cannot store (U+0000, lone surrogates) is the caller's error, not a 500. */
const storableInput = t.middleware(async ({ next, getRawInput }) => {
  const problems = unstorableStrings(await getRawInput());
  const first = problems[0];
  if (first) {
    throw new AppError("unprocessable", `${first.pointer || "input"}: ${first.detail}`, { errors: problems });
  }
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const baseProcedure = t.procedure.use(errorMapping).use(storableInput);
export { t };
