// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CreateAgentInput } from "@/server/agents/schemas";
import { createAgent } from "@/server/agents/service";
import { echo } from "@/server/echo/service";
import { withTestDb } from "@/test/db";
import { createUser, keyContext, orgContext } from "@/test/factories";
import { renderWithTRPC } from "@/test/render";
import { LogsTable } from "./logs-table";
import { parseMetadata, sendEcho } from "./send-echo";

const t = withTestDb();
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("echo console helpers", () => {
  it("accepts only a JSON object as metadata", () => {
    expect(parseMetadata("")).toEqual({ ok: true, value: undefined });
    expect(parseMetadata('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseMetadata("[1]")).toEqual({ ok: false, error: "Metadata must be a JSON object" });
    expect(parseMetadata("{nope")).toEqual({ ok: false, error: "Metadata is not valid JSON" });
  });

  it("sends with the agent key when given, and reports status, request id and rate-limit headers", async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ echo: "hi" }), {
          status: 200,
          headers: {
            "x-request-id": "req_1",
            "x-ratelimit-limit": "50",
            "x-ratelimit-remaining": "49",
            "x-ratelimit-reset": "60",
          },
        }),
    );
    vi.stubGlobal("fetch", fetchMock);
    const result = await sendEcho(
      { endpoint: "/api/v1/echo", message: "hi", metadata: "", apiKey: " brk_live_x " },
      { trace: "t" },
    );
    expect(result).toMatchObject({
      status: 200,
      ok: true,
      requestId: "req_1",
      rateLimit: { limit: "50", remaining: "49" },
    });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/echo");
    expect(init.headers).toMatchObject({ authorization: "Bearer brk_live_x" });
    expect(init.credentials).toBe("omit");
    expect(JSON.parse(String(init.body))).toEqual({ message: "hi", metadata: { trace: "t" } });
  });
});

describe("LogsTable", () => {
  it("lists the org's messages and opens one to show request and response", async () => {
    const owner = await createUser(t.db);
    const ctx = await orgContext(t.db, owner, owner.orgId);
    const { api_key } = await createAgent({ ctx, input: CreateAgentInput.parse({ name: "Logger" }) });
    await echo({
      ctx: await keyContext(t.db, api_key.secret),
      input: { message: "logged message", metadata: {} },
    });
    renderWithTRPC(<LogsTable />, { cookie: owner.cookie });
    fireEvent.click(await screen.findByRole("button", { name: "logged message" }));
    expect(await screen.findByText(/request \(\d+ bytes\)/)).toBeTruthy();
    expect(screen.getAllByText(/logged message/).length).toBeGreaterThan(1);
  });
});
