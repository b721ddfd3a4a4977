// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { memberships } from "@/db/schema";
import { ACTIVE_ORG_COOKIE } from "@/server/auth/cookies";
import { verifyApiKey } from "@/server/keys/verify";
import { withTestDb } from "@/test/db";
import { addMember, createUser } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { InviteMemberForm } from "./invite-member-form";
import { ManagementKeys } from "./management-keys";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

const t = withTestDb();
afterEach(cleanup);

async function team() {
  const owner = await createUser(t.db, { name: "Owner" });
  const admin = await createUser(t.db, { name: "Admin" });
  const viewer = await createUser(t.db, { name: "Viewer" });
  await addMember(t.db, owner.orgId, admin.id, "admin");
  await addMember(t.db, owner.orgId, viewer.id, "viewer");
  const cookieFor = (user: { cookie: string }) => `${user.cookie}; ${ACTIVE_ORG_COOKIE}=${owner.orgId}`;
  return { owner, admin, viewer, cookieFor };
}

/** The role select of a member, once it offers `roles` (the caller's own role loads separately). */
async function roleSelect(email: string, roles: string[]): Promise<HTMLElement> {
  const select = await screen.findByLabelText(`Role of ${email}`);
  await waitFor(() =>
    expect(
      within(select)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(roles),
  );
  return select;
}

describe("MembersTable", () => {
  it("lets an owner change any role and saves it", async () => {
    const { owner, viewer, cookieFor } = await team();
    renderWithTRPC(<MembersTable />, { cookie: cookieFor(owner) });
    const select = await roleSelect(viewer.email, ["viewer", "member", "admin", "owner"]);
    fireEvent.change(select, { target: { value: "member" } });
    await waitFor(async () => {
      const [row] = await t.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, viewer.id), eq(memberships.orgId, owner.orgId)));
      expect(row?.role).toBe("member");
    });
  });

  it("shows an admin only the roles they may grant, and the owner read-only", async () => {
    const { owner, admin, viewer, cookieFor } = await team();
    renderWithTRPC(<MembersTable />, { cookie: cookieFor(admin) });
    await roleSelect(viewer.email, ["viewer", "member"]);
    expect(screen.getByLabelText(`Role of ${owner.email}`)).toHaveProperty("disabled", true);
    expect(await screen.findByText(`${admin.email} (you)`)).toBeTruthy();
  });

  it("shows the server's refusal when the last owner tries to step down", async () => {
    const { owner, cookieFor } = await team();
    renderWithTRPC(<MembersTable />, { cookie: cookieFor(owner) });
    const select = await roleSelect(owner.email, ["viewer", "member", "admin", "owner"]);
    fireEvent.change(select, { target: { value: "admin" } });
    expect(await screen.findByText(/at least one owner/)).toBeTruthy();
  });
});

describe("InviteMemberForm and PendingInvitations", () => {
  it("creates an invite link, shows it once, and lists the pending invitation", async () => {
    const { owner, cookieFor } = await team();
    renderWithTRPC(
      <>
        <InviteMemberForm />
        <PendingInvitations />
      </>,
      { cookie: cookieFor(owner) },
    );
    expect(await screen.findByText("No pending invitations.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "new.person@example.com" } });
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Create invite link" })).toHaveProperty("disabled", false),
    );
    fireEvent.click(screen.getByRole("button", { name: "Create invite link" }));
    const link = (await screen.findByLabelText("Invite link")) as HTMLInputElement;
    expect(link.value).toMatch(/\/invite\/[\w-]{40,}$/);
    expect(await screen.findByText("new.person@example.com")).toBeTruthy();
  });

  it("explains that viewers cannot invite and disables the form", async () => {
    const { viewer, cookieFor } = await team();
    renderWithTRPC(<InviteMemberForm />, { cookie: cookieFor(viewer) });
    expect(await screen.findByText("Only owners and admins can invite members.")).toBeTruthy();
    expect(screen.getByLabelText("Email")).toHaveProperty("disabled", true);
  });

  it("shows a server validation error next to the field", async () => {
    const { owner, admin, cookieFor } = await team();
    renderWithTRPC(<InviteMemberForm />, { cookie: cookieFor(owner) });
    await waitFor(() => expect(screen.getByLabelText("Email")).toHaveProperty("disabled", false));
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: admin.email } });
    fireEvent.click(screen.getByRole("button", { name: "Create invite link" }));
    expect(await screen.findByText(/is already a member/)).toBeTruthy();
  });
});

describe("ManagementKeys", () => {
  it("lets an owner mint a scoped key that works against the API, and hides itself from members", async () => {
    const { owner, admin, cookieFor } = await team();
    renderWithTRPC(<ManagementKeys />, { cookie: cookieFor(owner) });
    expect(await screen.findByText("No management keys yet.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Key name"), { target: { value: "ci" } });
    fireEvent.click(screen.getByLabelText("agents:write"));
    fireEvent.click(screen.getByRole("button", { name: "Create management key" }));
    const secret = ((await screen.findByLabelText("New management key")) as HTMLInputElement).value;
    expect(secret).toMatch(/^brk_mgmt_/);
    const verified = await verifyApiKey(t.db, secret);
    expect(verified?.key.scopes.sort()).toEqual(["agents:read", "agents:write"]);
    cleanup();
    const member = await createUser(t.db);
    await addMember(t.db, owner.orgId, member.id, "member");
    const { container } = renderWithTRPC(<ManagementKeys />, { cookie: cookieFor(member) });
    await waitFor(() => expect(container.innerHTML).toBe(""));
    expect(admin.id).toBeDefined();
  });
});
