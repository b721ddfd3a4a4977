import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, auditEvents } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import { verifyApiKey } from "../keys/verify";
import { CreateAgentInput, ListAgentsInput, PatchAgentInput, ReplaceAgentInput } from "./schemas";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "./service";

const t = withTestDb();

async function owner() {
  const user = await createUser(t.db);
  return { user, ctx: await orgContext(t.db, user, user.orgId) };
}

describe("agents", () => {
  it("creates an agent with its first key, shown once, that authenticates", async () => {
    const { ctx } = await owner();
    const created = await createAgent({
      ctx,
      input: CreateAgentInput.parse({
        name: "Scout",
        tags: ["search", "search", "en"],
        metadata: { tier: 1 },
      }),
    });
    expect(created.agent).toMatchObject({
      name: "Scout",
      status: "active",
      tags: ["search", "en"],
      org_id: ctx.org.id,
    });
    expect(created.api_key.secret).toMatch(/^brk_live_[0-9A-Za-z]{43}$/);
    expect(created.api_key.prefix).toBe(created.api_key.secret.slice(0, 15));
    expect(created.api_key.soft_cap_usd).toBe("5.000000");
    expect(created.api_key.expires_at?.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
    const verified = await verifyApiKey(t.db, created.api_key.secret);
    expect(verified?.agent?.id).toBe(created.agent.id);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.orgId, ctx.org.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["agent.created", "api_key.created"]));
    expect(JSON.stringify(audit)).not.toContain(created.api_key.secret);
  });

  it("lists with status and text filters and cursor pagination, scoped to the org", async () => {
    const { ctx } = await owner();
    const other = await owner();
    for (const name of ["alpha", "beta", "gamma", "delta", "epsilon"]) {
      await createAgent({
        ctx,
        input: CreateAgentInput.parse({ name, status: name === "beta" ? "inactive" : "active" }),
      });
    }
    await createAgent({ ctx: other.ctx, input: CreateAgentInput.parse({ name: "alpha-foreign" }) });
    const first = await listAgents({ ctx, input: ListAgentsInput.parse({ limit: "2" }) });
    expect(first.data.map((a) => a.name)).toEqual(["epsilon", "delta"]);
    const second = await listAgents({
      ctx,
      input: ListAgentsInput.parse({ limit: 2, cursor: first.next_cursor }),
    });
    expect(second.data.map((a) => a.name)).toEqual(["gamma", "beta"]);
    const third = await listAgents({
      ctx,
      input: ListAgentsInput.parse({ limit: 2, cursor: second.next_cursor }),
    });
    expect(third).toMatchObject({ data: [{ name: "alpha" }], next_cursor: null });
    expect(
      (await listAgents({ ctx, input: ListAgentsInput.parse({ status: "inactive" }) })).data.map(
        (a) => a.name,
      ),
    ).toEqual(["beta"]);
    expect(
      (await listAgents({ ctx, input: ListAgentsInput.parse({ q: "LPH" }) })).data.map((a) => a.name),
    ).toEqual(["alpha"]);
    expect((await listAgents({ ctx, input: ListAgentsInput.parse({ q: "%" }) })).data).toEqual([]);
    expect(ListAgentsInput.safeParse({ limit: "101" }).success).toBe(false);
  });

  it("replaces with PUT, patches with PATCH, and answers 404 for another org's agent", async () => {
    const { ctx } = await owner();
    const other = await owner();
    const { agent } = await createAgent({
      ctx,
      input: CreateAgentInput.parse({ name: "Worker", description: "does work", tags: ["a"] }),
    });
    const patched = await updateAgent({
      ctx,
      input: { id: agent.id, patch: PatchAgentInput.parse({ description: "still works" }) },
    });
    expect(patched).toMatchObject({ name: "Worker", description: "still works", tags: ["a"] });
    const replaced = await updateAgent({
      ctx,
      input: { id: agent.id, patch: ReplaceAgentInput.parse({ name: "Worker 2" }) },
    });
    expect(replaced).toMatchObject({ name: "Worker 2", description: null, tags: [], metadata: {} });
    await expect(getAgent({ ctx: other.ctx, input: { id: agent.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      updateAgent({ ctx: other.ctx, input: { id: agent.id, patch: { name: "stolen" } } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(PatchAgentInput.safeParse({}).success).toBe(false);
    expect(
      CreateAgentInput.safeParse({ name: "x", metadata: { blob: "y".repeat(17_000) } }).error?.issues[0]
        ?.path,
    ).toEqual(["metadata"]);
  });

  it("soft-deletes: gone from lists and lookups, keys stop working, the row stays", async () => {
    const { ctx } = await owner();
    const created = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Doomed" }) });
    expect(await verifyApiKey(t.db, created.api_key.secret)).not.toBeNull();
    await deleteAgent({ ctx, input: { id: created.agent.id } });
    expect((await listAgents({ ctx, input: ListAgentsInput.parse({}) })).data).toEqual([]);
    await expect(getAgent({ ctx, input: { id: created.agent.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await verifyApiKey(t.db, created.api_key.secret)).toBeNull();
    const [row] = await t.db.select().from(agents).where(eq(agents.id, created.agent.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    await expect(deleteAgent({ ctx, input: { id: created.agent.id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("lets viewers read only, and only admins delete", async () => {
    const { user, ctx } = await owner();
    const viewer = await createUser(t.db);
    const member = await createUser(t.db);
    await addMember(t.db, user.orgId, viewer.id, "viewer");
    await addMember(t.db, user.orgId, member.id, "member");
    const { agent } = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Shared" }) });
    const viewerCtx = await orgContext(t.db, viewer, user.orgId);
    expect((await listAgents({ ctx: viewerCtx, input: ListAgentsInput.parse({}) })).data).toHaveLength(1);
    await expect(
      createAgent({ ctx: viewerCtx, input: CreateAgentInput.parse({ name: "no" }) }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const memberCtx = await orgContext(t.db, member, user.orgId);
    await updateAgent({ ctx: memberCtx, input: { id: agent.id, patch: { status: "inactive" } } });
    await expect(deleteAgent({ ctx: memberCtx, input: { id: agent.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("lets only admins and owners make an agent public or private, audited; PUT resets it to private", async () => {
    const { user, ctx } = await owner();
    const member = await createUser(t.db);
    await addMember(t.db, user.orgId, member.id, "member");
    const memberCtx = await orgContext(t.db, member, user.orgId);
    await expect(
      createAgent({ ctx: memberCtx, input: CreateAgentInput.parse({ name: "loud", public: true }) }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const { agent } = await createAgent({ ctx: memberCtx, input: CreateAgentInput.parse({ name: "quiet" }) });
    expect(agent.public).toBe(false);
    await expect(
      updateAgent({ ctx: memberCtx, input: { id: agent.id, patch: { public: true } } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    // Sending the value it already has changes nothing, so a member's full PUT still works.
    await updateAgent({
      ctx: memberCtx,
      input: { id: agent.id, patch: ReplaceAgentInput.parse({ name: "quiet" }) },
    });
    const shown = await updateAgent({ ctx, input: { id: agent.id, patch: { public: true } } });
    expect(shown.public).toBe(true);
    const reset = await updateAgent({
      ctx,
      input: { id: agent.id, patch: ReplaceAgentInput.parse({ name: "quiet" }) },
    });
    expect(reset.public).toBe(false);
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, agent.id));
    const changes = audit.filter((a) => a.action === "agent.visibility_changed").map((a) => a.metadata);
    expect(changes).toEqual([{ public: true }, { public: false }]);
  });

  it("keeps a persona for the panel: set on create, changed by PATCH, cleared with null, checked field by field", async () => {
    const { ctx } = await owner();
    const persona = {
      system_prompt: "Tu es une juriste prudente.",
      model: "mistral/mistral-small-latest",
      language: "fr",
    };
    const { agent } = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Juriste", persona }) });
    expect(agent.persona).toEqual(persona);
    const changed = await updateAgent({
      ctx,
      input: { id: agent.id, patch: PatchAgentInput.parse({ persona: { ...persona, language: "ar" } }) },
    });
    expect(changed.persona?.language).toBe("ar");
    expect((await getAgent({ ctx, input: { id: agent.id } })).persona?.language).toBe("ar");
    const cleared = await updateAgent({
      ctx,
      input: { id: agent.id, patch: PatchAgentInput.parse({ persona: null }) },
    });
    expect(cleared.persona).toBeNull();
    const invalid = CreateAgentInput.safeParse({ name: "x", persona: { ...persona, language: "xx" } });
    expect(invalid.error?.issues[0]?.path).toEqual(["persona", "language"]);
    const long = CreateAgentInput.safeParse({
      name: "x",
      persona: { ...persona, system_prompt: "a".repeat(4001) },
    });
    expect(long.error?.issues[0]?.message).toBe("persona.system_prompt must be at most 4000 characters");
  });
});
