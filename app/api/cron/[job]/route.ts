import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { endpoint, json } from "@/server/http/endpoint";
import { isJobName } from "@/server/jobs/registry";
import { runJob } from "@/server/jobs/runner";
import { getEnv } from "@/server/platform/env";

function authorized(header: string | null, secret: string): boolean {
  const given = Buffer.from(header ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// GET /api/cron/{job} — Vercel Cron's convention: `Authorization: Bearer $CRON_SECRET`.
export const GET = endpoint(
  { route: "/api/cron/{job}", access: "public", params: z.object({ job: z.string() }) },
  async ({ req, ctx, params }) => {
    const secret = getEnv().cronSecret;
    if (!secret) throw new AppError("not_found", "Cron routes are disabled: set CRON_SECRET to enable them");
    if (!authorized(req.headers.get("authorization"), secret)) {
      throw new AppError("unauthorized", "Cron calls need Authorization: Bearer $CRON_SECRET");
    }
    if (!isJobName(params.job)) throw new AppError("not_found", `No job named ${params.job}`);
    const outcome = await runJob(ctx.db, params.job, "cron");
    return json({ job: params.job, ...outcome }, { status: outcome.status === "failed" ? 500 : 200 });
  },
);
