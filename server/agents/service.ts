import { and, desc, eq, ilike, isNull, lt, or, type SQL } from "drizzle-orm";
import { type Agent, type AgentPersona, agents, apiKeys } from "@/db/schema";
import { notFoundInOrg } from "../audit/cross-org";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { notFound } from "../errors";
import { type IssuedKey, insertApiKey } from "../keys/service";
import { evictCachedKey } from "../keys/verify";
import { now } from "../platform/clock";
import { assertRole } from "../roles";
import type { AgentRef, CreateAgentInput, ListAgentsInput, UpdateAgentInput } from "./schemas";

export type AgentView = {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  status: Agent["status"];
  tags: string[];
  metadata: Record<string, unknown>;
  public: boolean;
  persona: AgentPersona | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

export function toAgentView(agent: Agent): AgentView {
  return {
    id: agent.id,
    org_id: agent.orgId,
    name: agent.name,
    description: agent.description,
    status: agent.status,
    tags: agent.tags,
    metadata: agent.metadata,
    public: agent.public,
    persona: agent.persona,
    created_by: agent.createdBy,
    created_at: agent.createdAt,
    updated_at: agent.updatedAt,
  };
}

const userIdOf = (ctx: OrgContext) => (ctx.actor.type === "user" ? ctx.actor.userId : null);

/** Scoped lookup: another org's agent, a deleted one and a missing one are the same 404. */
export async function getAgentOrThrow(ctx: OrgContext, id: string): Promise<Agent> {
  const [agent] = await ctx.db
    .select()
    .from(agents)
    .where(and(eq(agents.id, id), eq(agents.orgId, ctx.org.id), isNull(agents.deletedAt)));
  if (!agent) throw await notFoundInOrg(ctx, "agent", id);
  return agent;
}

export async function createAgent({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: CreateAgentInput;
}): Promise<{ agent: AgentView; api_key: IssuedKey }> {
  assertRole(ctx.role, "member", "create agents");
  if (input.public) assertRole(ctx.role, "admin", "make an agent public");
  return ctx.db.transaction(async (tx) => {
    const [agent] = await tx
      .insert(agents)
      .values({
        orgId: ctx.org.id,
        name: input.name,
        description: input.description ?? null,
        status: input.status,
        tags: input.tags,
        metadata: input.metadata,
        public: input.public,
        persona: input.persona,
        createdBy: userIdOf(ctx),
      })
      .returning();
    if (!agent) throw new Error("agent insert returned nothing");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "agent.created",
      target: { type: "agent", id: agent.id },
      metadata: { name: agent.name, public: agent.public },
      requestId: ctx.requestId,
    });
    const apiKey = await insertApiKey(tx, ctx, { agentId: agent.id, kind: "agent", name: input.key_name });
    return { agent: toAgentView(agent), api_key: apiKey };
  });
}

export type AgentPage = { data: AgentView[]; next_cursor: string | null };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAgents({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: ListAgentsInput;
}): Promise<AgentPage> {
  const filters: (SQL | undefined)[] = [eq(agents.orgId, ctx.org.id), isNull(agents.deletedAt)];
  if (input.status) filters.push(eq(agents.status, input.status));
  if (input.q) {
    const pattern = `%${escapeLike(input.q)}%`;
    filters.push(or(ilike(agents.name, pattern), ilike(agents.description, pattern)));
  }
  // Ids sort by creation time, so the last id seen is the cursor.
  if (input.cursor) filters.push(lt(agents.id, input.cursor));
  const rows = await ctx.db
    .select()
    .from(agents)
    .where(and(...filters))
    .orderBy(desc(agents.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    data: page.map(toAgentView),
    next_cursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function getAgent({ ctx, input }: { ctx: OrgContext; input: AgentRef }): Promise<AgentView> {
  return toAgentView(await getAgentOrThrow(ctx, input.id));
}

export async function updateAgent({
  ctx,
  input: { id, patch: input },
}: {
  ctx: OrgContext;
  input: UpdateAgentInput;
}): Promise<AgentView> {
  assertRole(ctx.role, "member", "change agents");
  return ctx.db.transaction(async (tx) => {
    const before = await getAgentOrThrow({ ...ctx, db: tx }, id);
    const visibilityChanges = input.public !== undefined && input.public !== before.public;
    if (visibilityChanges) assertRole(ctx.role, "admin", "change whether an agent is public");
    const [agent] = await tx
      .update(agents)
      .set(input)
      .where(and(eq(agents.id, before.id), eq(agents.orgId, ctx.org.id)))
      .returning();
    if (!agent) throw notFound("Agent");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "agent.updated",
      target: { type: "agent", id },
      metadata: { fields: Object.keys(input) },
      requestId: ctx.requestId,
    });
    if (visibilityChanges) {
      await recordAudit(tx, {
        orgId: ctx.org.id,
        actor: ctx.actor,
        action: "agent.visibility_changed",
        target: { type: "agent", id },
        metadata: { public: agent.public },
        requestId: ctx.requestId,
      });
    }
    if (input.status && input.status !== before.status) await evictAgentKeys(tx, id);
    return toAgentView(agent);
  });
}

/** Soft delete: the agent leaves every list and its keys stop working; its history stays. */
export async function deleteAgent({
  ctx,
  input: { id },
}: {
  ctx: OrgContext;
  input: AgentRef;
}): Promise<void> {
  assertRole(ctx.role, "admin", "delete agents");
  await ctx.db.transaction(async (tx) => {
    const agent = await getAgentOrThrow({ ...ctx, db: tx }, id);
    await tx.update(agents).set({ deletedAt: now() }).where(eq(agents.id, agent.id));
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "agent.deleted",
      target: { type: "agent", id },
      metadata: { name: agent.name },
      requestId: ctx.requestId,
    });
    await evictAgentKeys(tx, id);
  });
}

async function evictAgentKeys(tx: OrgContext["db"], agentId: string): Promise<void> {
  const keys = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.agentId, agentId));
  for (const key of keys) evictCachedKey(key.id);
}
