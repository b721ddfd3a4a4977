import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { newId } from "@/db/ids";
import { type EchoEndpoint, type MessageLog, messageLogs } from "@/db/schema";
import { chargeUsage } from "../billing/charge";
import { priceOf } from "../billing/pricing";
import type { OrgContext } from "../context";
import { now } from "../platform/clock";
import { getDbHandle } from "../platform/db";
import { afterWrite, writeBehindQueue } from "../platform/write-behind";
import type { EchoInput, ListLogsInput } from "./schemas";

const INSERT_LOGS_SQL = `
  insert into message_logs (id, org_id, agent_id, key_id, user_id, endpoint, request_id, request, response,
    request_bytes, response_bytes, latency_ms, status, created_at)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::echo_endpoint[],
    $7::text[], $8::jsonb[], $9::jsonb[], $10::int[], $11::int[], $12::int[], $13::int[], $14::timestamptz[])`;

type LogRow = Omit<MessageLog, "request" | "response"> & {
  request: EchoInput;
  response: Record<string, unknown>;
};

/** Batches of rows as one prepared statement, column by column (unnest): the hot path's insert. */
function messageLogQueue() {
  return writeBehindQueue<LogRow>("message_logs", async (rows) => {
    const column = <K extends keyof LogRow>(key: K) => rows.map((r) => r[key]);
    await (await getDbHandle()).query(INSERT_LOGS_SQL, [
      column("id"),
      column("orgId"),
      column("agentId"),
      column("keyId"),
      column("userId"),
      column("endpoint"),
      column("requestId"),
      rows.map((r) => JSON.stringify(r.request)),
      rows.map((r) => JSON.stringify(r.response)),
      column("requestBytes"),
      column("responseBytes"),
      column("latencyMs"),
      column("status"),
      rows.map((r) => r.createdAt.toISOString()),
    ]);
  });
}

/** Who sent an echo, as the pipeline authenticated them. */
export type EchoCaller = {
  method: "api_key" | "hmac_signature" | "session";
  agent: { id: string; name: string } | null;
  keyId: string | null;
  userId: string | null;
  signatureVerified: boolean;
};

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
export async function echo({
  ctx,
  input,
  caller,
  endpoint,
  startedAt,
}: {
  ctx: OrgContext;
  input: EchoInput;
  caller: EchoCaller;
  endpoint: EchoEndpoint;
  startedAt: number;
}): Promise<Record<string, unknown>> {
  const receivedAt = now();
  const response =
    endpoint === "coordination_echo"
      ? coordinationResponse(input, ctx, caller, receivedAt)
      : simpleResponse(input, ctx, receivedAt);
  const id = newId("message");
  const requestBytes = Buffer.byteLength(JSON.stringify(input));
  const responseBytes = Buffer.byteLength(JSON.stringify(response));
  // Paid before it is answered: too few credits is a 402 and nothing is logged. The charge is
  // named after the log row, so one call can only ever be charged once.
  await chargeUsage({
    orgId: ctx.org.id,
    callId: id,
    route: endpoint === "coordination_echo" ? "/api/v1/coordination/echo" : "/api/v1/echo",
    price: priceOf(endpoint === "coordination_echo" ? "workflow" : "api_call", requestBytes, responseBytes),
    metadata: { request_id: ctx.requestId ?? null, agent_id: caller.agent?.id ?? null },
  });
  // Written behind the response (batched), unless BRIKK_WRITE_BEHIND_MS=0.
  await afterWrite(
    messageLogQueue().enqueue({
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
    }),
  );
  return response;
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
 * The org's echo logs, newest first. `onlyAgentId` confines an agent key to its own agent's
 * logs whatever filter it asks for.
 */
export async function listLogs({
  ctx,
  input,
  onlyAgentId,
}: {
  ctx: OrgContext;
  input: ListLogsInput;
  onlyAgentId?: string;
}): Promise<{ data: MessageLogView[]; next_cursor: string | null }> {
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
