import type { z } from "zod";
import type { Db } from "@/db/client";
import { auditCrossOrgProbe } from "../audit/cross-org";
import { readSessionFromHeaders, type SessionUser } from "../auth/session";
import type { Actor, OrgContext, ServiceContext, UserContext } from "../context";
import { AppError } from "../errors";
import { signatureHeadersOf } from "../keys/signing";
import { clientIp } from "../platform/client-ip";
import { getDb } from "../platform/db";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { getMetrics } from "../platform/metrics";
import type { ApiPolicyName } from "../platform/ratelimit-policies";
import { resolveRequestId } from "../platform/request-id";
import { runInRequestScope } from "../platform/request-scope";
import { jsonResponse } from "../platform/response-body";
import {
  type Access,
  assertAdmitted,
  authModeOf,
  orgContextOf,
  principalActor,
  type RequestFacts,
} from "./access";
import { authenticate, type Principal } from "./authenticate";
import { decodeBody, parseJsonBody, parseJsonText, parseWith, readBodyBytes, readBodyText } from "./body";
import { assertSameOrigin } from "./csrf";
import { errorCategory, policyOf } from "./error-taxonomy";
import {
  claim,
  fingerprintOf,
  idempotencyKeyOf,
  isEventStream,
  keepClaimed,
  settle,
  settleWhenStreamEnds,
} from "./idempotency";
import { openAiErrorResponse } from "./openai-error";
import type { OperationDocs } from "./operation-docs";
import { problemResponse } from "./problem";
import { enforceRateLimit } from "./rate-limit";
import { apiResponseHeaders } from "./security-headers";
import { StageTimer } from "./server-timing";

// The REST pipeline. A route handler is `endpoint(options, handler)`: it gets a request id,
// authentication, a size-limited and validated body, problem+json errors, an access-log line
// and metrics, in that order, whatever the handler does.

type Options<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
> = {
  /** Route template used as the metrics/log label, e.g. `/api/v1/orgs/{id}`. */
  route: string;
  /** Who may call it (see access.ts); the handler gets the caller's context ready. */
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** The success body's schema (JSON), as the API reference documents it; none for 204 or a stream. */
  response?: z.ZodType;
  bodyLimitBytes?: number;
  /** Health checks look at the database themselves; everything else gets it opened. */
  database?: boolean;
  /** `openai`: errors in OpenAI's `{ error: {...} }` shape (the OpenAI-compatible routes). */
  errorFormat?: "problem" | "openai";
  /** Named rate-limit policy; authenticated routes default to "default" (BRIKK_RATE_LIMIT_PER_MIN). */
  rateLimit?: ApiPolicyName | false;
  /** Its entry in the API reference (every /api/v1 route has one; see server/openapi). */
  docs?: OperationDocs;
};

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** What a route declares: who may call it, what it takes and what it answers. */
export type EndpointContract = Options<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** A public route acts as the system; a signed-in one as its user; an org route as its caller in the org. */
type ContextOf<A extends Access> = A extends "public"
  ? ServiceContext
  : A extends "signed-in"
    ? UserContext
    : OrgContext;

export type EndpointContext<B, Q, P, A extends Access> = {
  req: Request;
  /** The service context: database, actor, request id and (with an Idempotency-Key) operation id. */
  ctx: ContextOf<A>;
  body: B;
  query: Q;
  params: P;
  /** Lets the handler add org/agent ids to the access-log line. */
  annotate(fields: Record<string, string>): void;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  return jsonResponse(JSON.stringify(data), { ...init, headers });
}

export function endpoint<
  A extends Access,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  options: Options<B, Q, P> & { access: A },
  handler: (ctx: EndpointContext<Infer<B>, Infer<Q>, Infer<P>, A>) => Promise<Response | unknown>,
) {
  const serve = async (req: Request, routeContext: RouteContext | undefined, requestId: string) => {
    const started = performance.now();
    const timing = new StageTimer();
    const logFields: Record<string, string> = {};
    let limitHeaders: Record<string, string> | null = null;
    let idempotency: { scope: string; key: string; operation: string; stopRenewing: () => void } | null =
      null;
    let response: Response;
    let user: SessionUser | null = null;
    let principal: Principal | null = null;
    try {
      const env = getEnv();
      const auth = authModeOf(options.access);
      let rawBytes: Uint8Array | null = null;
      if (auth === "session") {
        user = await readSessionFromHeaders(req.headers);
        if (!user) throw new AppError("unauthorized", "Sign in to use this endpoint");
        logFields.user_id = user.userId;
        assertSameOrigin(req, env.authUrl);
      } else if (auth === "key" || auth === "any") {
        const signature = signatureHeadersOf(req.headers);
        if (signature === "incomplete") {
          throw new AppError(
            "signature_invalid",
            "Signed requests need all of X-Brikk-Key-Id, X-Brikk-Timestamp and X-Brikk-Signature",
          );
        }
        // The signature covers the body's bytes, so they are read (size-limited) before auth.
        if (signature) rawBytes = await readBodyBytes(req, options.bodyLimitBytes ?? env.bodyLimitBytes);
        const signed = signature && rawBytes ? { headers: signature, body: rawBytes } : null;
        principal = await authenticate(req, await openDatabase(), auth, signed);
        Object.assign(logFields, principalLogFields(principal));
        // Cookies ride along on cross-site requests; keys do not, so only sessions need the check.
        if (principal.kind === "user") assertSameOrigin(req, env.authUrl);
        if (typeof options.access === "object") assertAdmitted(principal, options.access);
      }
      timing.mark("auth");
      const policy = options.rateLimit ?? (auth === "none" ? false : "default");
      if (policy) {
        const caller = principal ?? (user ? { kind: "session" as const, userId: user.userId } : null);
        limitHeaders = await enforceRateLimit(req, caller, policy);
      }
      timing.mark("ratelimit");
      const bodyLimit = options.bodyLimitBytes ?? env.bodyLimitBytes;
      const scope = principal?.org.id ?? (user ? `user:${user.userId}` : null);
      const key = env.idempotencyEnabled && scope ? idempotencyKeyOf(req) : null;
      let rawBody: string | null = rawBytes ? decodeBody(rawBytes) : null;
      if (key && scope) {
        rawBody ??= await readBodyText(req, bodyLimit);
        const claimed = await claim(await openDatabase(), scope, key, fingerprintOf(req, rawBody));
        if (claimed.kind === "replay") throw new Replay(claimed.response);
        idempotency = {
          scope,
          key,
          operation: claimed.operation,
          stopRenewing: keepClaimed(scope, key, req.signal),
        };
      }
      timing.mark("idempotency");
      const params = options.params
        ? parseWith(options.params, (await routeContext?.params) ?? {}, "path")
        : undefined;
      const query = options.query
        ? parseWith(options.query, Object.fromEntries(new URL(req.url).searchParams), "query")
        : undefined;
      const body = options.body
        ? rawBody !== null
          ? parseJsonText(rawBody, req.headers.get("content-type"), options.body)
          : await parseJsonBody(req, options.body, bodyLimit)
        : undefined;
      timing.mark("validate");
      const db = options.database === false ? (null as unknown as Db) : await openDatabase();
      const request = {
        requestId,
        operationId: idempotency?.operation ?? null,
        arrivedAt: started,
        signal: req.signal,
        mark: (stage: string) => timing.mark(stage),
      };
      const ctx = contextFor(db, request, principal, user);
      const result = await handler({
        req,
        ctx: ctx as ContextOf<A>,
        body: body as Infer<B>,
        query: query as Infer<Q>,
        params: params as Infer<P>,
        annotate: (fields) => Object.assign(logFields, fields),
      });
      timing.mark("handler");
      response = result instanceof Response ? result : json(result);
      response.headers.set("x-request-id", requestId);
      for (const [name, value] of Object.entries(limitHeaders ?? {})) response.headers.set(name, value);
      if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    } catch (error) {
      if (error instanceof Replay) {
        response = error.response;
        response.headers.set("x-request-id", requestId);
        for (const [name, value] of Object.entries(limitHeaders ?? {})) response.headers.set(name, value);
        timing.mark("replay");
        response.headers.set("server-timing", timing.header());
        setApiHeaders(req, response);
        record(req, options.route, response.status, started, requestId, logFields);
        return response;
      }
      const category = errorCategory(error);
      getMetrics().errors.inc({ category });
      const policy = policyOf(category);
      if (policy) getMetrics().policyRejections.inc({ policy });
      if (!(error instanceof AppError)) {
        getLogger().error({ err: error, request_id: requestId, route: options.route }, "unhandled error");
      } else if (error.crossOrgProbe) {
        await auditCrossOrgProbe(await openDatabase(), error, actorOf(principal, user));
      }
      response =
        options.errorFormat === "openai"
          ? openAiErrorResponse(error, requestId, limitHeaders ?? undefined)
          : problemResponse(error, requestId, limitHeaders ?? undefined);
    }
    if (idempotency && isEventStream(response)) {
      // A stream is stored once it has ended; the client gets every chunk as it comes.
      response = settleWhenStreamEnds(
        await openDatabase(),
        idempotency.scope,
        idempotency.key,
        response,
        idempotency.stopRenewing,
      );
    } else if (idempotency) {
      idempotency.stopRenewing();
      await settle(await openDatabase(), idempotency.scope, idempotency.key, response).catch((error) =>
        getLogger().error({ err: error, request_id: requestId }, "could not store the idempotent response"),
      );
      timing.mark("settle");
    }
    response.headers.set("server-timing", timing.header());
    setApiHeaders(req, response);
    record(req, options.route, response.status, started, requestId, logFields);
    return response;
  };
  const handle = (req: Request, routeContext?: RouteContext): Promise<Response> => {
    const requestId = resolveRequestId(req.headers.get("x-request-id"));
    const scope = { requestId, ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
    return runInRequestScope(scope, () => serve(req, routeContext, requestId));
  };
  // The declaration travels with the handler: the route tests check real answers against it, and
  // the API reference is generated from it.
  return Object.assign(handle, { contract: options as EndpointContract });
}

function contextFor(
  db: Db,
  request: RequestFacts,
  principal: Principal | null,
  user: SessionUser | null,
): ServiceContext {
  if (principal) return orgContextOf(principal, db, request);
  return { db, actor: actorOf(null, user), ...request };
}

function actorOf(principal: Principal | null, user: SessionUser | null): Actor {
  if (principal) return principalActor(principal);
  return user ? { type: "user", userId: user.userId } : { type: "system" };
}

/** Thrown to short-circuit the pipeline with a stored response. */
class Replay {
  constructor(readonly response: Response) {}
}

function principalLogFields(principal: Principal): Record<string, string> {
  if (principal.kind === "user") return { user_id: principal.user.userId, org_id: principal.org.id };
  const fields: Record<string, string> = { key_id: principal.key.key.id, org_id: principal.org.id };
  if (principal.key.agent) fields.agent_id = principal.key.agent.id;
  return fields;
}

async function openDatabase(): Promise<Db> {
  try {
    return await getDb();
  } catch (error) {
    getLogger().error({ err: error }, "database unavailable");
    throw new AppError("service_unavailable", "The database is unavailable; retry shortly", {
      retryAfter: 5,
    });
  }
}

function record(
  req: Request,
  route: string,
  status: number,
  started: number,
  requestId: string,
  fields: Record<string, string>,
): void {
  const seconds = (performance.now() - started) / 1000;
  const labels = { method: req.method, route, status: String(status) };
  const metrics = getMetrics();
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, seconds);
  getLogger().info(
    {
      request_id: requestId,
      method: req.method,
      route,
      path: new URL(req.url).pathname,
      status,
      duration_ms: Math.round(seconds * 1000 * 100) / 100,
      ip: clientIp(req.headers),
      ...fields,
    },
    "request",
  );
}

function setApiHeaders(req: Request, response: Response): void {
  for (const [name, value] of Object.entries(apiResponseHeaders(req.headers.get("origin"), getEnv()))) {
    response.headers.set(name, value);
  }
}
