// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { dayBounds } from "./audit-filters";
import { AuditLog } from "./audit-log";
import { ChainStatus } from "./chain-status";

const t = withTestDb();
afterEach(cleanup);

describe("dayBounds", () => {
  it("spans whole local days and ignores empty or partial input", () => {
    const { from, to } = dayBounds("2026-03-04", "2026-03-05");
    expect(from).toEqual(new Date(2026, 2, 4));
    expect(to).toEqual(new Date(2026, 2, 5, 23, 59, 59, 999));
    expect(dayBounds("", "2026-13")).toEqual({ from: undefined, to: undefined });
  });
});

describe("AuditLog", () => {
  it("lists the org's events, filters by action and actor type, and opens one", async () => {
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Audited" }) });
    renderWithTRPC(<AuditLog />, { cookie: owner.cookie });
    expect(await screen.findByRole("button", { name: "agent.created" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "api_key.created" })).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Action starts with"), { target: { value: "api_key." } });
    await waitFor(() => expect(screen.queryByRole("button", { name: "agent.created" })).toBeNull());
    fireEvent.change(screen.getByLabelText("Actor type"), { target: { value: "key" } });
    expect(await screen.findByText("No audit events match these filters.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Actor type"), { target: { value: "user" } });
    fireEvent.click(await screen.findByRole("button", { name: "api_key.created" }));
    expect((await screen.findByLabelText("Event metadata")).textContent).toContain("brk_live_");
  });

  it("tells a member the log is for admins", async () => {
    const owner = await createUser(t.db);
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    renderWithTRPC(<AuditLog />, { cookie: `${member.cookie}; brikk_org=${owner.orgId}` });
    expect(await screen.findByText(/needs the admin role|admin/i)).toBeTruthy();
  });
});

describe("ChainStatus", () => {
  it("says intact, then names the break after a row is edited behind the app's back", async () => {
    const owner = await createUser(t.db);
    const first = renderWithTRPC(<ChainStatus />, { cookie: owner.cookie });
    expect(await screen.findByText(/Chain intact · \d+ rows verified/)).toBeTruthy();
    first.unmount();

    await t.db.execute(sql.raw("alter table audit_events disable trigger audit_events_no_update"));
    await t.db.execute(sql`update audit_events set action = 'forged' where org_id = ${owner.orgId}`);
    await t.db.execute(sql.raw("alter table audit_events enable trigger audit_events_no_update"));
    renderWithTRPC(<ChainStatus />, { cookie: owner.cookie });
    expect(await screen.findByText("Chain broken at row 1: a row was edited")).toBeTruthy();
  });
});
