import { describe, expect, it } from "vitest";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import {
  CreateManagementKeyInput,
  createManagementKey,
  listManagementKeys,
  revokeManagementKey,
} from "./management";
import { verifyApiKey } from "./service";

const t = withTestDb();

describe("management keys", () => {
  it("are minted and revoked by owners and admins only, scoped to their org", async () => {
    const owner = await createUser(t.db);
    const member = await createUser(t.db);
    const stranger = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    const ownerCtx = await orgContext(t.db, owner, owner.orgId);
    const memberCtx = await orgContext(t.db, member, owner.orgId);
    const input = CreateManagementKeyInput.parse({ name: "ci", scopes: ["agents:read", "agents:read"] });
    expect(input.scopes).toEqual(["agents:read"]);
    await expect(createManagementKey({ ctx: memberCtx, input })).rejects.toMatchObject({ code: "forbidden" });
    const key = await createManagementKey({ ctx: ownerCtx, input });
    expect(key.secret).toMatch(/^brk_mgmt_/);
    expect((await listManagementKeys({ ctx: ownerCtx })).map((k) => k.id)).toEqual([key.id]);
    await expect(revokeManagementKey({ ctx: memberCtx, keyId: key.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    const strangerCtx = await orgContext(t.db, stranger, stranger.orgId);
    await expect(revokeManagementKey({ ctx: strangerCtx, keyId: key.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeManagementKey({ ctx: ownerCtx, keyId: key.id });
    expect(await verifyApiKey(t.db, key.secret)).toBeNull();
    expect(CreateManagementKeyInput.safeParse({ name: "x", scopes: ["billing:admin"] }).success).toBe(false);
    expect(CreateManagementKeyInput.safeParse({ name: "x", scopes: [] }).success).toBe(false);
  });
});
