// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { agents, apiKeys } from "@/db/schema";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { withTestDb } from "@/test/db";
import { addMember, createUser, orgContext } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { AgentDetail } from "./agent-detail";

const push = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ push, refresh: vi.fn() }) }));

const t = withTestDb();
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function ownerWithAgent() {
  const owner = await createUser(t.db);
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const created = await createAgent({
    ctx,
    input: CreateAgentInput.parse({ name: "Detail", description: "before" }),
  });
  return { owner, agent: created.agent, keyId: created.api_key.id };
}

describe("AgentDetail", () => {
  it("edits the agent, adds and revokes keys, and deletes it", async () => {
    window.confirm = () => true;
    const { owner, agent, keyId } = await ownerWithAgent();
    renderWithTRPC(<AgentDetail id={agent.id} />, { cookie: owner.cookie });
    const description = (await screen.findByLabelText("Description")) as HTMLInputElement;
    await waitFor(() => expect(description.value).toBe("before"));
    // The form is editable once the caller's role has loaded too.
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Save changes" })).toHaveProperty("disabled", false),
    );
    fireEvent.change(description, { target: { value: "after" } });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "inactive" } });
    fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    const [saved] = await t.db.select().from(agents).where(eq(agents.id, agent.id));
    expect(saved).toMatchObject({ description: "after", status: "inactive" });

    fireEvent.change(screen.getByLabelText("New key name"), { target: { value: "second" } });
    fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(((await screen.findByLabelText("New API key")) as HTMLInputElement).value).toMatch(/^brk_live_/);
    expect(((await screen.findByLabelText("New signing secret")) as HTMLInputElement).value).toMatch(
      /^brk_sig_/,
    );
    await waitFor(() => expect(screen.getAllByRole("button", { name: "Revoke" })).toHaveLength(2));

    // Signing: require it for the first key, then issue it a new signing secret.
    fireEvent.click(screen.getAllByRole("button", { name: "Require signing" })[0] as HTMLElement);
    await waitFor(async () => {
      const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
      expect(row?.requireSignature).toBe(true);
    });
    expect(await screen.findByRole("button", { name: "Allow bearer" })).toBeTruthy();
    const [before] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
    fireEvent.click(screen.getAllByRole("button", { name: "New signing secret" })[0] as HTMLElement);
    await waitFor(async () => {
      const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
      expect(row?.signingSecretEncrypted).not.toBe(before?.signingSecretEncrypted);
    });

    fireEvent.click(screen.getAllByRole("button", { name: "Revoke" })[0] as HTMLElement);
    await waitFor(async () => {
      const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
      expect(row?.revokedAt).toBeInstanceOf(Date);
    });
    expect(await screen.findByText("revoked")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Delete agent" }));
    await waitFor(() => expect(push).toHaveBeenCalledWith("/app/agents"));
    const [deleted] = await t.db.select().from(agents).where(eq(agents.id, agent.id));
    expect(deleted?.deletedAt).toBeInstanceOf(Date);
  });

  it("shows viewers a read-only page without delete, and a clear message for a missing agent", async () => {
    const { owner, agent } = await ownerWithAgent();
    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    renderWithTRPC(<AgentDetail id={agent.id} />, { cookie: `${viewer.cookie}; brikk_org=${owner.orgId}` });
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveProperty("disabled", true));
    expect(screen.queryByRole("button", { name: "Delete agent" })).toBeNull();
    expect(screen.queryByLabelText("New key name")).toBeNull();
    cleanup();
    renderWithTRPC(<AgentDetail id="agt_missing" />, { cookie: owner.cookie });
    expect(await screen.findByText("This agent does not exist or was deleted.")).toBeTruthy();
  });
});
