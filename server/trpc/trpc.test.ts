import { describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { withTestDb } from "@/test/db";
import { addMember, createUser, ORIGIN } from "@/test/factories";
import { ACTIVE_ORG_COOKIE } from "../auth/cookies";
import { createCaller } from "../root/app-router";
import { createTRPCContext } from "./context";

const t = withTestDb();

async function callerFor(cookie?: string, extra = "") {
  const headers = new Headers({ cookie: [cookie, extra].filter(Boolean).join("; ") });
  const resHeaders = new Headers();
  const ctx = await createTRPCContext({ headers, resHeaders });
  return { caller: createCaller(ctx), resHeaders };
}

describe("tRPC procedure ladder", () => {
  it("rejects signed-out callers of signed-in and org procedures", async () => {
    const { caller } = await callerFor();
    await expect(caller.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.orgs.current()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("resolves the active org from the cookie, falling back to the personal org for foreign ids", async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const { caller } = await callerFor(alice.cookie);
    const team = await caller.orgs.create({ name: "Alice team" });
    const inTeam = await callerFor(alice.cookie, `${ACTIVE_ORG_COOKIE}=${team.id}`);
    expect((await inTeam.caller.orgs.current()).id).toBe(team.id);
    const spoofed = await callerFor(alice.cookie, `${ACTIVE_ORG_COOKIE}=${bob.orgId}`);
    expect((await spoofed.caller.orgs.current()).id).toBe(alice.orgId);
  });

  it("switches org only to one the user belongs to, setting the cookie", async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const { caller, resHeaders } = await callerFor(alice.cookie);
    await expect(caller.orgs.switch({ orgId: bob.orgId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(resHeaders.get("set-cookie")).toBeNull();
    const team = await caller.orgs.create({ name: "Second" });
    await caller.orgs.switch({ orgId: team.id });
    expect(resHeaders.get("set-cookie")).toContain(`${ACTIVE_ORG_COOKIE}=${team.id}`);
  });

  it("maps service errors to tRPC codes with the app code, and validates input", async () => {
    const owner = await createUser(t.db);
    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    const { caller } = await callerFor(viewer.cookie, `${ACTIVE_ORG_COOKIE}=${owner.orgId}`);
    await expect(caller.orgs.invite({ email: "x@example.com", role: "member" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/your role is viewer/),
    });
    await expect(caller.orgs.rename({ name: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Text PostgreSQL cannot store is refused up front, not a 500 from the database.
    const own = (await callerFor(owner.cookie)).caller;
    await expect(own.orgs.rename({ name: "nul\u0000byte" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      message: "/name: text may not contain U+0000 or unpaired surrogates",
    });
    const members = await caller.orgs.members();
    expect(members).toHaveLength(2);
  });
});

describe("/api/trpc over HTTP", () => {
  it("serves batched queries and refuses cross-site mutations", async () => {
    const user = await createUser(t.db);
    const query = await trpcGet(
      new Request(`${ORIGIN}/api/trpc/me,orgs.list?batch=1&input=${encodeURIComponent("{}")}`, {
        headers: { cookie: user.cookie, host: "localhost:3000" },
      }),
    );
    expect(query.status).toBe(200);
    const [me] = await query.json();
    expect(me.result.data.json.email).toBe(user.email);

    const mutation = (origin: string) =>
      trpcPost(
        new Request(`${ORIGIN}/api/trpc/orgs.create`, {
          method: "POST",
          headers: {
            cookie: user.cookie,
            host: "localhost:3000",
            origin,
            "content-type": "application/json",
          },
          body: JSON.stringify({ json: { name: "Via HTTP" } }),
        }),
      );
    const crossSite = await mutation("https://evil.example");
    expect(crossSite.status).toBe(403);
    const sameSite = await mutation(ORIGIN);
    expect(sameSite.status).toBe(200);
    expect(sameSite.headers.get("set-cookie")).toContain(ACTIVE_ORG_COOKIE);
    const invalid = await trpcPost(
      new Request(`${ORIGIN}/api/trpc/orgs.create`, {
        method: "POST",
        headers: {
          cookie: user.cookie,
          host: "localhost:3000",
          origin: ORIGIN,
          "content-type": "application/json",
        },
        body: JSON.stringify({ json: { name: "ok name", extra: 1 } }),
      }),
    );
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(body.error.json.data.fieldErrors).toEqual([
      { pointer: "/extra", detail: 'unknown field "extra"' },
    ]);
    // superjson encodes undefined as null plus a type hint; what matters is that no stack leaves.
    expect(body.error.json.data.stack ?? null).toBeNull();
  });
});
