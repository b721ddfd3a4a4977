import { describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import { CreateManagementKeyInput } from "./schemas";
import { createKey, listKeys, revokeKey } from "./service";
import { verifyApiKey } from "./verify";

const t = withTestDb();

describe("management keys", () => {
  it("are minted, listed and revoked by owners and admins only, scoped to their org", async () => {
    const owner = await createUser(t.db);
    const member = await createUser(t.db);
    const stranger = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    const ownerCtx = await orgContext(t.db, owner, owner.orgId);
    const memberCtx = await orgContext(t.db, member, owner.orgId);
    const parsed = CreateManagementKeyInput.parse({ name: "ci", scopes: ["agents:read", "agents:read"] });
    expect(parsed.scopes).toEqual(["agents:read"]);
    const input = { kind: "management" as const, ...parsed };
    await expect(createKey({ ctx: memberCtx, input })).rejects.toMatchObject({ code: "forbidden" });
    const key = await createKey({ ctx: ownerCtx, input });
    expect(key.secret).toMatch(/^brk_mgmt_/);
    expect((await listKeys({ ctx: ownerCtx, input: { kind: "management" } })).map((k) => k.id)).toEqual([
      key.id,
    ]);
    await expect(listKeys({ ctx: memberCtx, input: { kind: "management" } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(revokeKey({ ctx: memberCtx, input: { id: key.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const strangerCtx = await orgContext(t.db, stranger, stranger.orgId);
    await expect(revokeKey({ ctx: strangerCtx, input: { id: key.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeKey({ ctx: ownerCtx, input: { id: key.id } });
    expect(await verifyApiKey(t.db, key.secret)).toBeNull();
    expect(CreateManagementKeyInput.safeParse({ name: "x", scopes: ["billing:admin"] }).success).toBe(false);
    expect(CreateManagementKeyInput.safeParse({ name: "x", scopes: [] }).success).toBe(false);
  });
});
