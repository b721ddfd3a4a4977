// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyApiKey } from "@/server/keys/verify";
import { withTestDb } from "@/test/db";
import { addMember, createUser } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { AgentsTable } from "./agents-table";
import { parseTags } from "./create-agent-dialog";
import { keyState } from "./key-status";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));

const t = withTestDb();
afterEach(cleanup);

describe("AgentsTable", () => {
  it("starts empty, creates an agent, and shows its working key once", async () => {
    const owner = await createUser(t.db);
    renderWithTRPC(<AgentsTable />, { cookie: owner.cookie });
    expect(await screen.findByText("No agents yet")).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "New agent" })).toHaveProperty("disabled", false),
    );
    fireEvent.click(screen.getByRole("button", { name: "New agent" }));
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "Scout" } });
    fireEvent.change(screen.getByLabelText("Tags"), { target: { value: "search, en" } });
    fireEvent.click(screen.getByRole("button", { name: "Create agent" }));
    const secret = (await screen.findByLabelText("New API key")) as HTMLInputElement;
    expect(secret.type).toBe("password");
    fireEvent.click(screen.getByRole("button", { name: "Show API key" }));
    expect(secret.type).toBe("text");
    expect(screen.getByText(/You will not see this API key again/)).toBeTruthy();
    expect((await verifyApiKey(t.db, secret.value))?.agent?.name).toBe("Scout");
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(await screen.findByRole("link", { name: "Scout" })).toBeTruthy();
  });

  it("filters by text and says so when nothing matches; viewers cannot create", async () => {
    const owner = await createUser(t.db);
    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    renderWithTRPC(<AgentsTable />, { cookie: `${viewer.cookie}; brikk_org=${owner.orgId}` });
    expect(await screen.findByText("No agents yet")).toBeTruthy();
    expect(screen.getByRole("button", { name: "New agent" })).toHaveProperty("disabled", true);
    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "zzz" } });
    expect(await screen.findByText("No agents match these filters")).toBeTruthy();
  });
});

describe("agent helpers", () => {
  it("parses comma-separated tags", () => {
    expect(parseTags(" a, b ,,c ")).toEqual(["a", "b", "c"]);
  });

  it("warns about keys that expire within 14 days", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const inDays = (d: number) => new Date(now + d * 86_400_000);
    expect(keyState({ revoked_at: null, expires_at: inDays(30) }, now)).toEqual({
      label: "active",
      tone: "success",
    });
    expect(keyState({ revoked_at: null, expires_at: inDays(13.5) }, now).label).toBe("expires in 14 days");
    expect(keyState({ revoked_at: null, expires_at: inDays(0.2) }, now).label).toBe("expires in 1 day");
    expect(keyState({ revoked_at: null, expires_at: inDays(-1) }, now).label).toBe("expired");
    expect(keyState({ revoked_at: new Date(now), expires_at: null }, now).label).toBe("revoked");
    expect(keyState({ revoked_at: null, expires_at: null }, now).label).toBe("active");
  });
});
