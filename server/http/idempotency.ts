import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type IdempotencyRecord, idempotencyKeys } from "@/db/schema";
import { AppError } from "../errors";
import { now, nowMs } from "../platform/clock";

// Idempotency-Key on writes: the first request with a key claims it, runs, and stores its
// response; a retry with the same key and the same request gets that response replayed; the same
// key on a different request is refused; a claim left by a crash is released after LOCK_MS.

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
export const LOCK_MS = 60_000;
const MAX_KEY_LENGTH = 255;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const REPLAYED_HEADERS = ["content-type", "location"];

export function idempotencyKeyOf(req: Request): string | null {
  if (!WRITE_METHODS.has(req.method)) return null;
  const key = req.headers.get("idempotency-key");
  if (key === null) return null;
  if (key.trim() === "" || key.length > MAX_KEY_LENGTH) {
    throw new AppError("bad_request", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}

export function fingerprintOf(req: Request, rawBody: string): string {
  const url = new URL(req.url);
  return createHash("sha256").update(`${req.method}\n${url.pathname}${url.search}\n${rawBody}`).digest("hex");
}

/** Stored and replayed: success, and 4xx that say the request itself is wrong. */
export function isReplayable(status: number): boolean {
  return (status >= 200 && status < 300) || [400, 404, 409, 410, 413, 415, 422].includes(status);
}

export type Claim = { kind: "claimed" } | { kind: "replay"; response: Response };

export async function claim(db: Db, scope: string, key: string, fingerprint: string): Promise<Claim> {
  const at = now();
  const lockedUntil = new Date(at.getTime() + LOCK_MS);
  // Expired records are as good as absent.
  await db
    .delete(idempotencyKeys)
    .where(
      and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), lt(idempotencyKeys.expiresAt, at)),
    );
  const [inserted] = await db
    .insert(idempotencyKeys)
    .values({
      scope,
      key,
      fingerprint,
      state: "in_progress",
      lockedUntil,
      expiresAt: new Date(at.getTime() + IDEMPOTENCY_TTL_MS),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted) return { kind: "claimed" };

  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!existing) return claim(db, scope, key, fingerprint); // released between our two statements
  if (existing.fingerprint !== fingerprint) {
    throw new AppError("idempotency_key_mismatch", "This Idempotency-Key was used with a different request");
  }
  if (existing.state === "completed") return { kind: "replay", response: replay(existing) };
  if (existing.lockedUntil.getTime() > nowMs()) {
    throw new AppError(
      "idempotency_in_progress",
      "A request with this Idempotency-Key is still running; retry shortly",
      {
        retryAfter: 1,
      },
    );
  }
  // The first attempt died holding the claim: take it over, unless another retry just did.
  const [taken] = await db
    .update(idempotencyKeys)
    .set({ lockedUntil })
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.state, "in_progress"),
        lt(idempotencyKeys.lockedUntil, at),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (taken) return { kind: "claimed" };
  throw new AppError(
    "idempotency_in_progress",
    "A request with this Idempotency-Key is still running; retry shortly",
    {
      retryAfter: 1,
    },
  );
}

function replay(record: IdempotencyRecord): Response {
  const headers = new Headers(record.responseHeaders ?? {});
  headers.set("idempotent-replayed", "true");
  return new Response(record.responseBody ?? null, { status: record.responseStatus ?? 200, headers });
}

/** Stores a replayable outcome, or releases the key so a retry can run (401/402/403/429/5xx). */
export async function settle(db: Db, scope: string, key: string, response: Response): Promise<void> {
  const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
  if (!isReplayable(response.status)) {
    await db.delete(idempotencyKeys).where(where);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  await db
    .update(idempotencyKeys)
    .set({
      state: "completed",
      responseStatus: response.status,
      responseHeaders: headers,
      responseBody: response.status === 204 ? null : await response.clone().text(),
    })
    .where(where);
}

/** The scheduled purge: records past their 24 h are of no further use. */
export async function purgeExpiredIdempotencyKeys(db: DbOrTx): Promise<{ deleted: number }> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now()))
    .returning({ key: idempotencyKeys.key });
  return { deleted: rows.length };
}
