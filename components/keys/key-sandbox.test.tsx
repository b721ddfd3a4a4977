// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as keysMe } from "@/app/api/v1/keys/me/route";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { withTestDb } from "@/test/db";
import { addMember, createUser, ORIGIN, orgContext } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { formatCountdown } from "./countdown";
import { KeySandbox } from "./key-sandbox";
import { TryKey } from "./try-key";

const t = withTestDb();
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function ownerWithAgent(name = "Sandboxed") {
  const owner = await createUser(t.db);
  const ctx = await orgContext(t.db, owner, owner.orgId);
  const created = await createAgent({ ctx, input: CreateAgentInput.parse({ name }) });
  return { owner, created };
}

describe("formatCountdown", () => {
  it("counts down in h:m:s, with days when long, and ends at zero", () => {
    expect(formatCountdown(3_600_000, 1_000)).toBe("00:59:59");
    expect(formatCountdown(90_061_000, 0)).toBe("1d 01:01:01");
    expect(formatCountdown(1_000, 1_000)).toBeNull();
  });
});

describe("KeySandbox", () => {
  it("creates a key, rotates it with a grace countdown, and revokes it", async () => {
    window.confirm = () => true;
    const { owner } = await ownerWithAgent();
    renderWithTRPC(<KeySandbox />, { cookie: owner.cookie });
    // Wait for the caller's role before acting: the forms appear only for writers.
    const name = await screen.findByLabelText("Key name");
    fireEvent.change(name, { target: { value: "sandbox key" } });
    // The button stays disabled until the org's agents have loaded (a key needs an agent); a
    // click before that does nothing, so wait for it, as a person would.
    const create = screen.getByRole("button", { name: "Create key" });
    await waitFor(() => expect(create).toHaveProperty("disabled", false));
    fireEvent.click(create);
    expect(await screen.findByLabelText("New API key")).toHaveProperty(
      "value",
      expect.stringMatching(/^brk_live_/),
    );
    expect(screen.getByLabelText("New signing secret")).toHaveProperty(
      "value",
      expect.stringMatching(/^brk_sig_/),
    );

    const row = (await screen.findByText("sandbox key")).closest("tr") as HTMLElement;
    fireEvent.change(screen.getByLabelText("Grace period on rotate"), { target: { value: "3600" } });
    fireEvent.click(within(row).getByRole("button", { name: "Rotate" }));
    expect(await screen.findByLabelText("New rotated API key")).toBeTruthy();
    await waitFor(() =>
      expect(within(row).getByLabelText(/^Old secret brk_live_\w+ works for 00:59:5\d$/)).toBeTruthy(),
    );

    fireEvent.click(within(row).getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(within(row).getByText("revoked")).toBeTruthy());
  });

  it("shows a viewer the keys but no way to change them", async () => {
    const { owner } = await ownerWithAgent("Watched");
    const viewer = await createUser(t.db);
    await addMember(t.db, owner.orgId, viewer.id, "viewer");
    renderWithTRPC(<KeySandbox />, { cookie: `${viewer.cookie}; brikk_org=${owner.orgId}` });
    expect(await screen.findByText("Watched")).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Rotate" })).toBeNull());
    expect(screen.queryByLabelText("Key name")).toBeNull();
  });
});

describe("TryKey", () => {
  it("calls the live keys/me route with the pasted key and shows the answer", async () => {
    const { owner, created } = await ownerWithAgent("Tried");
    const calls: RequestInit[] = [];
    vi.stubGlobal("fetch", (path: string, init: RequestInit) => {
      calls.push(init);
      return keysMe(new Request(`${ORIGIN}${path}`, init));
    });
    renderWithTRPC(<TryKey />, { cookie: owner.cookie });
    fireEvent.change(screen.getByLabelText("API key"), { target: { value: created.api_key.secret } });
    fireEvent.click(screen.getByRole("button", { name: "Call /keys/me" }));
    expect(await screen.findByText("HTTP 200")).toBeTruthy();
    expect(screen.getByLabelText("keys/me response").textContent).toContain(created.api_key.id);
    expect(calls[0]?.credentials).toBe("omit");

    fireEvent.change(screen.getByLabelText("API key"), { target: { value: "brk_live_nope" } });
    fireEvent.click(screen.getByRole("button", { name: "Call /keys/me" }));
    expect(await screen.findByText("HTTP 401")).toBeTruthy();
  });
});
