import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, memberships, organizations, users } from "@/db/schema";
import { withTestDb } from "@/test/db";
import { createUser, TEST_PASSWORD } from "@/test/factories";
import { setEnvForTests } from "../platform/env";
import { ensureDemoUser } from "./demo";
import { hashPassword, verifyPassword } from "./password";
import { SignUpInput } from "./schemas";
import { authenticateWithPassword, createPersonalOrgFor, setPlatformAdmin, signUp } from "./service";
import { mintSessionCookie, parseCookies, readSessionFromHeaders } from "./session";

const t = withTestDb();

describe("passwords", () => {
  it("hashes with argon2id and verifies", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "a long enough password")).toBe(true);
    expect(await verifyPassword(hash, "wrong")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });

  it("requires at least 10 characters and a valid email at sign-up", () => {
    const weak = SignUpInput.safeParse({ email: "a@example.com", password: "short" });
    expect(weak.success).toBe(false);
    expect(weak.error?.issues[0]?.message).toBe("password must be at least 10 characters");
    const badEmail = SignUpInput.safeParse({ email: "not-an-email", password: "long enough pw" });
    expect(badEmail.error?.issues[0]?.path).toEqual(["email"]);
  });
});

describe("sign-up", () => {
  it("creates the user, a personal org owned by them, and normalises the email", async () => {
    const input = SignUpInput.parse({
      email: "  Grace@Example.COM ",
      password: TEST_PASSWORD,
      name: "Grace",
    });
    const user = await signUp({ ctx: { db: t.db, actor: { type: "system" } }, input });
    expect(user.email).toBe("grace@example.com");
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, user.orgId));
    expect(org).toMatchObject({ name: "Grace's workspace", personal: true, createdBy: user.id });
    const [membership] = await t.db.select().from(memberships).where(eq(memberships.userId, user.id));
    expect(membership?.role).toBe("owner");
  });

  it("refuses a duplicate email with a clear conflict and creates nothing", async () => {
    const first = await createUser(t.db);
    const before = await t.db.select().from(organizations);
    await expect(
      signUp({
        ctx: { db: t.db, actor: { type: "system" } },
        input: { email: first.email, password: TEST_PASSWORD },
      }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already exists/),
    });
    expect(await t.db.select().from(organizations)).toHaveLength(before.length);
  });

  it("gives OAuth-created users a personal org", async () => {
    const [user] = await t.db.insert(users).values({ email: "octo@example.com", name: "Octo" }).returning();
    if (!user) throw new Error("insert failed");
    const org = await createPersonalOrgFor(t.db, user);
    expect(org).toMatchObject({ name: "Octo's workspace", personal: true });
  });
});

describe("password sign-in", () => {
  it("accepts the right password and gives the same answer for wrong password and unknown email", async () => {
    const user = await createUser(t.db);
    await expect(
      authenticateWithPassword({
        ctx: { db: t.db, actor: { type: "system" }, ip: "1.1.1.1" },
        input: { email: user.email, password: TEST_PASSWORD },
      }),
    ).resolves.toMatchObject({
      id: user.id,
    });
    // Awaited one at a time: a second pending rejection would be reported as unhandled.
    for (const email of [user.email, "ghost@example.com"]) {
      await expect(
        authenticateWithPassword({
          ctx: { db: t.db, actor: { type: "system" }, ip: "1.1.1.1" },
          input: { email, password: "nope nope nope" },
        }),
      ).rejects.toMatchObject({ code: "unauthorized", message: "Incorrect email or password" });
    }
    // Both failures land on the platform chain; the password never does.
    const failures = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "auth.sign_in_failed"));
    expect(failures.map((f) => [f.chain, f.outcome, f.metadata.email, f.metadata.known_user])).toEqual([
      ["platform", "failure", user.email, true],
      ["platform", "failure", "ghost@example.com", false],
    ]);
    expect(JSON.stringify(failures)).not.toContain("nope nope");
  });

  it("limits attempts per email and per IP, even with the right password", async () => {
    setEnvForTests({ BRIKK_SIGNIN_LIMIT: "3" });
    const user = await createUser(t.db);
    for (let i = 0; i < 3; i++) {
      await expect(
        authenticateWithPassword({
          ctx: { db: t.db, actor: { type: "system" }, ip: `10.0.0.${i}` },
          input: { email: user.email, password: "wrong wrong wrong" },
        }),
      ).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(
      authenticateWithPassword({
        ctx: { db: t.db, actor: { type: "system" }, ip: "10.0.0.9" },
        input: { email: user.email, password: TEST_PASSWORD },
      }),
    ).rejects.toMatchObject({
      code: "rate_limited",
      details: { retryAfter: expect.any(Number) },
    });
    for (let i = 0; i < 3; i++) {
      await authenticateWithPassword({
        ctx: { db: t.db, actor: { type: "system" }, ip: "9.9.9.9" },
        input: { email: `x${i}@example.com`, password: "whatever123" },
      }).catch(() => {});
    }
    await expect(
      authenticateWithPassword({
        ctx: { db: t.db, actor: { type: "system" }, ip: "9.9.9.9" },
        input: { email: "fresh@example.com", password: "whatever123" },
      }),
    ).rejects.toMatchObject({ code: "rate_limited", message: expect.stringMatching(/try again in/) });
  });
});

describe("sessions", () => {
  it("reads a session minted with the app's secret and rejects other secrets", async () => {
    const cookie = await mintSessionCookie({ id: "usr_1", email: "a@example.com" });
    expect(await readSessionFromHeaders(new Headers({ cookie }))).toEqual({
      userId: "usr_1",
      email: "a@example.com",
    });
    setEnvForTests({ AUTH_SECRET: "another-secret-that-is-also-32-characters-long" });
    const { resetSecretsForTests } = await import("../platform/secrets");
    resetSecretsForTests();
    expect(await readSessionFromHeaders(new Headers({ cookie }))).toBeNull();
  });

  it("joins chunked cookies and tolerates junk", async () => {
    const cookie = await mintSessionCookie({ id: "usr_2", email: "b@example.com" });
    const value = cookie.split("=")[1] ?? "";
    const chunked = `authjs.session-token.0=${value.slice(0, 40)}; authjs.session-token.1=${value.slice(40)}; junk; x=%E0%A4%A`;
    expect(await readSessionFromHeaders(new Headers({ cookie: chunked }))).toMatchObject({ userId: "usr_2" });
    expect(parseCookies("a=1; b=%20x; =bad").get("b")).toBe(" x");
    expect(await readSessionFromHeaders(new Headers())).toBeNull();
  });
});

describe("demo user and platform admins", () => {
  it("creates the demo login once and repairs its password when it changed", async () => {
    expect(await ensureDemoUser(t.db, "demo@example.com", "first demo password")).toBe("created");
    expect(await ensureDemoUser(t.db, "demo@example.com", "first demo password")).toBe("unchanged");
    expect(await ensureDemoUser(t.db, "demo@example.com", "second demo password")).toBe("updated");
    await expect(
      authenticateWithPassword({
        ctx: { db: t.db, actor: { type: "system" }, ip: "ip" },
        input: { email: "demo@example.com", password: "second demo password" },
      }),
    ).resolves.toBeDefined();
  });

  it("grants and revokes platform admin by email, audited", async () => {
    const user = await createUser(t.db);
    await setPlatformAdmin({
      ctx: { db: t.db, actor: { type: "cli" } },
      input: { email: user.email.toUpperCase(), value: true },
    });
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.isPlatformAdmin).toBe(true);
    await setPlatformAdmin({
      ctx: { db: t.db, actor: { type: "cli" } },
      input: { email: user.email, value: false },
    });
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(events.map((e) => e.action)).toEqual(["platform_admin.granted", "platform_admin.revoked"]);
    await expect(
      setPlatformAdmin({
        ctx: { db: t.db, actor: { type: "cli" } },
        input: { email: "nobody@example.com", value: true },
      }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
