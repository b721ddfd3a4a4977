import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type IdempotencyRecord, idempotencyKeys } from "@/db/schema";
import { AppError } from "../errors";
import { now, nowMs } from "../platform/clock";
import { decryptSecret, encryptSecret } from "../platform/crypto";
import { getDbHandle } from "../platform/db";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { responseText } from "../platform/response-body";
import { getSecrets } from "../platform/secrets";
import { afterWrite, writeBehindQueue } from "../platform/write-behind";

// Idempotency-Key on writes: the first request with a key claims it, runs, and stores its
// response; a retry with the same key and the same request gets that response replayed; the same
// key on a different request is refused. A running request renews its claim every third of
// BRIKK_IDEMPOTENCY_LOCK_SECONDS (60), so only a claim whose process died lapses and can be taken
// over by a retry; a long stream keeps its claim to the end.

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A request renewing its claim longer than this has stalled; its claim is left to lapse. */
const MAX_RENEW_MS = 3_600_000;
const MAX_KEY_LENGTH = 255;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const REPLAYED_HEADERS = [
  "content-type",
  "location",
  "x-brikk-provider",
  "x-brikk-model",
  "x-brikk-fallback",
  "x-brikk-attempts",
  "x-brikk-cost-usd",
  "x-brikk-credits",
];

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

const CLAIM_SQL = `
  insert into idempotency_keys (scope, key, fingerprint, state, locked_until, expires_at, created_at)
  values ($1, $2, $3, 'in_progress', $4, $5, $6)
  on conflict (scope, key) do update set
    fingerprint = excluded.fingerprint, state = 'in_progress', locked_until = excluded.locked_until,
    response_status = null, response_headers = null, response_body = null,
    created_at = excluded.created_at, expires_at = excluded.expires_at
  where idempotency_keys.expires_at < excluded.created_at
  returning created_at`;

/**
 * `operation` names what the claim stands for: the key and when its record began. A retry that
 * takes over a crashed attempt's claim gets the same name (so effects named after it happen once);
 * the same key reused after its record expired is a new operation with a new name.
 */
export type Claim = { kind: "claimed"; operation: string } | { kind: "replay"; response: Response };

const operationOf = (key: string, createdAt: Date | string) => `${key}\n${new Date(createdAt).toISOString()}`;

export async function claim(db: Db, scope: string, key: string, fingerprint: string): Promise<Claim> {
  const at = now();
  const lockedUntil = new Date(at.getTime() + getEnv().idempotencyLockMs);
  const expiresAt = new Date(at.getTime() + IDEMPOTENCY_TTL_MS);
  // One round trip on the hot path: insert the claim, or replace a record whose 24 h are over
  // (an expired record is as good as absent). A returned row means the claim is ours.
  const handle = await getDbHandle();
  // Timestamps travel as ISO strings: drizzle configures postgres.js to serialise dates itself.
  const [inserted] = await handle.query<{ created_at: Date | string }>(CLAIM_SQL, [
    scope,
    key,
    fingerprint,
    lockedUntil.toISOString(),
    expiresAt.toISOString(),
    at.toISOString(),
  ]);
  if (inserted) return { kind: "claimed", operation: operationOf(key, inserted.created_at) };

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
    .returning({ createdAt: idempotencyKeys.createdAt });
  if (taken) return { kind: "claimed", operation: operationOf(key, taken.createdAt) };
  throw new AppError(
    "idempotency_in_progress",
    "A request with this Idempotency-Key is still running; retry shortly",
    {
      retryAfter: 1,
    },
  );
}

const RENEW_SQL = `
  update idempotency_keys set locked_until = $3
  where scope = $1 and key = $2 and state = 'in_progress'`;

/**
 * Keeps a claim from lapsing while its request runs (a stream may outlive the lock): renews it
 * every third of the lock until the returned stop() is called or `signal` aborts (the client left).
 */
export function keepClaimed(scope: string, key: string, signal?: AbortSignal): () => void {
  const lockMs = getEnv().idempotencyLockMs;
  const started = nowMs();
  const renew = async () => {
    if (nowMs() - started > MAX_RENEW_MS) return stop();
    const until = new Date(nowMs() + lockMs).toISOString();
    await (await getDbHandle()).query(RENEW_SQL, [scope, key, until]);
  };
  const timer = setInterval(
    () => {
      renew().catch((error) =>
        getLogger().error({ err: error, scope }, "could not renew an idempotency claim"),
      );
    },
    Math.max(100, Math.floor(lockMs / 3)),
  );
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    signal?.removeEventListener("abort", stop);
  };
  signal?.addEventListener("abort", stop, { once: true });
  return stop;
}

// Stored responses can hold what is shown once (a new API key, a Stripe client secret): they are
// kept encrypted (AES-256-GCM, BRIKK_ENCRYPTION_KEY) and only the same caller's retry sees them.
const SEALED = "enc:";

function sealBody(body: string | null): string | null {
  return body === null ? null : SEALED + encryptSecret(body, getSecrets().BRIKK_ENCRYPTION_KEY);
}

function openBody(stored: string | null): string | null {
  if (stored === null || !stored.startsWith(SEALED)) return stored; // written before sealing
  return decryptSecret(stored.slice(SEALED.length), getSecrets().BRIKK_ENCRYPTION_KEY);
}

function replay(record: IdempotencyRecord): Response {
  const headers = new Headers(record.responseHeaders ?? {});
  headers.set("idempotent-replayed", "true");
  return new Response(openBody(record.responseBody), { status: record.responseStatus ?? 200, headers });
}

type Settled = {
  scope: string;
  key: string;
  status: number;
  headers: Record<string, string>;
  body: string | null;
};

const SETTLE_SQL = `
  update idempotency_keys as k
  set state = 'completed', response_status = v.status, response_headers = v.headers, response_body = v.body
  from unnest($1::text[], $2::text[], $3::int[], $4::jsonb[], $5::text[]) as v(scope, key, status, headers, body)
  where k.scope = v.scope and k.key = v.key`;

/** Completed outcomes of many requests in one prepared statement (see platform/write-behind.ts). */
async function writeSettled(rows: Settled[]): Promise<void> {
  await (await getDbHandle()).query(SETTLE_SQL, [
    rows.map((r) => r.scope),
    rows.map((r) => r.key),
    rows.map((r) => r.status),
    rows.map((r) => JSON.stringify(r.headers)),
    rows.map((r) => r.body),
  ]);
}

const settledQueue = () => writeBehindQueue<Settled>("idempotency_responses", writeSettled);

/**
 * Stores a replayable outcome (written behind the response: a retry in that window is told the
 * request is still in progress), or releases the key at once so a retry can run (401/402/403/
 * 429/5xx).
 */
export async function settle(db: Db, scope: string, key: string, response: Response): Promise<void> {
  if (!isReplayable(response.status)) {
    await db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers[name] = value;
  }
  const body = response.status === 204 ? null : await responseText(response);
  await afterWrite(
    settledQueue().enqueue({ scope, key, status: response.status, headers, body: sealBody(body) }),
  );
}

/** The scheduled purge: records past their 24 h are of no further use. */
export async function purgeExpiredIdempotencyKeys(db: DbOrTx): Promise<{ deleted: number }> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now()))
    .returning({ key: idempotencyKeys.key });
  return { deleted: rows.length };
}

export function isEventStream(response: Response): boolean {
  return (
    response.body !== null && (response.headers.get("content-type") ?? "").startsWith("text/event-stream")
  );
}

/**
 * Passes a streamed response through untouched and stores it for replay once it has ended (a
 * replay sends the whole stream at once). A stream that ends in an error is released instead; one
 * the client abandons stays claimed until the claim's 60 s lapse, and a retry after that runs.
 */
export function settleWhenStreamEnds(
  db: Db,
  scope: string,
  key: string,
  response: Response,
  onEnd: () => void = () => {},
): Response {
  const chunks: Uint8Array[] = [];
  const tee = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      chunks.push(chunk);
      controller.enqueue(chunk);
    },
    flush() {
      onEnd();
      const whole = new Response(Buffer.concat(chunks), {
        status: response.status,
        headers: response.headers,
      });
      void settle(db, scope, key, whole).catch((error) =>
        getLogger().error({ err: error, scope }, "could not store the idempotent stream"),
      );
    },
  });
  return new Response(response.body?.pipeThrough(tee) ?? null, {
    status: response.status,
    headers: response.headers,
  });
}
