import { createHash } from "node:crypto";
import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { newId } from "@/db/ids";
import { type EchoEndpoint, type MessageLog, messageLogs } from "@/db/schema";
import { priceOf } from "../billing/pricing";
import type { Actor, OrgContext } from "../context";
import { charge } from "../ledger/charge";
import { now } from "../platform/clock";
import type { EchoInput, ListLogsInput } from "./schemas";

/** Who sent an echo, as the pipeline authenticated them. */
type EchoCaller = {
  method: "api_key" | "hmac_signature" | "session";
  agent: { id: string; name: string } | null;
  keyId: string | null;
  userId: string | null;
  signatureVerified: boolean;
};

function callerOf(actor: Actor): EchoCaller {
  if (actor.type === "api_key") {
    return {
      method: actor.signed ? "hmac_signature" : "api_key",
      agent: actor.agent,
      keyId: actor.keyId,
      userId: null,
      signatureVerified: actor.signed,
    };
  }
  const userId = actor.type === "user" ? actor.userId : null;
  return { method: "session", agent: null, keyId: null, userId, signatureVerified: false };
}

/** `POST /api/v1/coordination/echo`: the message back with who sent it and when, logged and charged. */
export function coordinationEcho({ ctx, input }: { ctx: OrgContext; input: EchoInput }) {
  return echoOnce(ctx, input, "coordination_echo");
}

/** `POST /api/v1/echo`: the message back with the request id and a timestamp, logged and charged. */
export function echo({ ctx, input }: { ctx: OrgContext; input: EchoInput }) {
  return echoOnce(ctx, input, "echo");
}

function coordinationResponse(input: EchoInput, ctx: OrgContext, caller: EchoCaller, receivedAt: Date) {
  return {
    echo: input.message,
    metadata: input.metadata,
    agent: caller.agent,
    org: { id: ctx.org.id, name: ctx.org.name },
    auth: { method: caller.method, key_id: caller.keyId, signature_verified: caller.signatureVerified },
    request_id: ctx.requestId ?? null,
    received_at: receivedAt.toISOString(),
    responded_at: now().toISOString(),
  };
}

function simpleResponse(input: EchoInput, ctx: OrgContext, receivedAt: Date) {
  return { echo: input.message, request_id: ctx.requestId ?? null, timestamp: receivedAt.toISOString() };
}

/**
 * Echoes the message back and logs the exchange. The message is data, never markup or SQL: it is
 * stored as sent and returned verbatim.
 */
async function echoOnce(
  ctx: OrgContext,
  input: EchoInput,
  endpoint: EchoEndpoint,
): Promise<Record<string, unknown>> {
  const startedAt = ctx.arrivedAt ?? performance.now();
  const caller = callerOf(ctx.actor);
  const receivedAt = now();
  const response =
    endpoint === "coordination_echo"
      ? coordinationResponse(input, ctx, caller, receivedAt)
      : simpleResponse(input, ctx, receivedAt);
  const id = newId("message");
  const requestBytes = Buffer.byteLength(JSON.stringify(input));
  const responseBytes = Buffer.byteLength(JSON.stringify(response));
  // Paid before it is answered, with its log in the same commit: too few credits is a 402 and
  // nothing is logged. The charge is named after the call (or, with an Idempotency-Key, after the
  // key), so one call is charged and logged once even when a crash makes the client retry it.
  const transferId = ctx.operationId ? keyedTransferId(ctx.org.id, ctx.operationId) : `usage:${id}`;
  const charged = await charge({
    orgId: ctx.org.id,
    transferId,
    callId: id,
    route: endpoint === "coordination_echo" ? "/api/v1/coordination/echo" : "/api/v1/echo",
    price: priceOf(endpoint === "coordination_echo" ? "workflow" : "api_call", requestBytes, responseBytes),
    metadata: { request_id: ctx.requestId ?? null, agent_id: caller.agent?.id ?? null },
    log: {
      id,
      orgId: ctx.org.id,
      agentId: caller.agent?.id ?? null,
      keyId: caller.keyId,
      userId: caller.userId,
      endpoint,
      requestId: ctx.requestId ?? "",
      request: input,
      response,
      requestBytes,
      responseBytes,
      latencyMs: Math.max(0, Math.round(performance.now() - startedAt)),
      status: 200,
      createdAt: receivedAt,
    },
  });
  if (charged.created) return response;
  // Already charged under this key: the first run was answered (or its process died before its
  // stored answer was written). Answer what it answered, from its log.
  return (await loggedResponse(ctx, transferId)) ?? response;
}

/** The transfer id of a call made with an Idempotency-Key: the same for every retry of it. */
function keyedTransferId(orgId: string, operationId: string): string {
  return `usage:idem:${createHash("sha256").update(`${orgId}\n${operationId}`).digest("hex").slice(0, 40)}`;
}

async function loggedResponse(ctx: OrgContext, transferId: string): Promise<Record<string, unknown> | null> {
  const [row] = rowsOf<{ response: Record<string, unknown> }>(
    await ctx.db.execute(sql`
      select m.response from ledger_transfers t
      join message_logs m on m.id = t.metadata->>'call_id' and m.org_id = ${ctx.org.id}
      where t.id = ${transferId}`),
  );
  return row?.response ?? null;
}

export type MessageLogView = {
  id: string;
  agent_id: string | null;
  endpoint: EchoEndpoint;
  request_id: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  request_bytes: number;
  response_bytes: number;
  latency_ms: number;
  status: number;
  created_at: Date;
};

const toView = (row: MessageLog): MessageLogView => ({
  id: row.id,
  agent_id: row.agentId,
  endpoint: row.endpoint,
  request_id: row.requestId,
  request: row.request,
  response: row.response,
  request_bytes: row.requestBytes,
  response_bytes: row.responseBytes,
  latency_ms: row.latencyMs,
  status: row.status,
  created_at: row.createdAt,
});

/**
 * The org's echo logs, newest first. An agent key sees its own agent's logs only, whatever
 * filter it asks for; sessions and management keys see the org's.
 */
export async function listLogs({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ListLogsInput;
}): Promise<{ data: MessageLogView[]; next_cursor: string | null }> {
  const actor = ctx.actor;
  const onlyAgentId =
    actor.type === "api_key" && actor.kind === "agent" ? (actor.agent?.id ?? "none") : undefined;
  const filters: (SQL | undefined)[] = [eq(messageLogs.orgId, ctx.org.id)];
  const agentId = onlyAgentId ?? input.agent_id;
  if (agentId) filters.push(eq(messageLogs.agentId, agentId));
  if (onlyAgentId && input.agent_id && input.agent_id !== onlyAgentId) return { data: [], next_cursor: null };
  if (input.endpoint) filters.push(eq(messageLogs.endpoint, input.endpoint));
  if (input.cursor) filters.push(lt(messageLogs.id, input.cursor));
  const rows = await ctx.db
    .select()
    .from(messageLogs)
    .where(and(...filters))
    .orderBy(desc(messageLogs.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    data: page.map(toView),
    next_cursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
