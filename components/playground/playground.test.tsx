// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithTRPC } from "@/test/render";
import { Playground } from "./playground";
import { requestBody, runChat, sseData } from "./run-chat";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function streamOf(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;

function sseResponse(parts: string[], headers: Record<string, string> = {}) {
  return new Response(streamOf(...parts), {
    status: 200,
    headers: { "content-type": "text/event-stream", ...headers },
  });
}

describe("the playground's chat client", () => {
  it("reads SSE events split anywhere across chunks", async () => {
    const whole = `${chunk("Hel")}${chunk("lo")}data: [DONE]\n\n`;
    const seen: string[] = [];
    for await (const data of sseData(streamOf(whole.slice(0, 7), whole.slice(7, 40), whole.slice(40))))
      seen.push(data);
    expect(seen.at(-1)).toBe("[DONE]");
    expect(seen.slice(0, 2).map((d) => JSON.parse(d).choices[0].delta.content)).toEqual(["Hel", "lo"]);
  });

  it("builds the request, collects the stream, the cost and the Brikk headers", async () => {
    expect(
      requestBody({
        apiKey: "",
        model: "local/brikk-1",
        system: " ",
        message: "hi",
        maxTokens: null,
        stream: false,
      }),
    ).toEqual({
      model: "local/brikk-1",
      messages: [{ role: "user", content: "hi" }],
      stream: false,
    });
    const fetchMock = vi.fn(async () =>
      sseResponse(
        [
          chunk("Ho"),
          chunk("la"),
          `data: ${JSON.stringify({ choices: [], brikk: { cost_usd: "0.000006" } })}\n\n`,
          "data: [DONE]\n\n",
        ],
        {
          "x-brikk-provider": "mistral",
          "x-brikk-model": "mistral/mistral-small-latest",
          "x-brikk-fallback": "true",
          "content-length": "1",
        },
      ),
    );
    vi.stubGlobal("fetch", fetchMock);
    let clock = 0;
    const texts: string[] = [];
    const run = await runChat(
      {
        apiKey: " brk_live_x ",
        model: "openai/gpt-4o-mini",
        system: "Be brief",
        message: "hi",
        maxTokens: 50,
        stream: true,
      },
      (text) => texts.push(text),
      new AbortController().signal,
      () => (clock += 10),
    );
    expect(texts).toEqual(["Ho", "Hola"]);
    expect(run).toMatchObject({
      text: "Hola",
      costUsd: "0.000006",
      provider: "mistral",
      fallback: true,
      ttftMs: 10,
      error: null,
    });
    expect(run.headers.map(([name]) => name)).toEqual([
      "x-brikk-fallback",
      "x-brikk-model",
      "x-brikk-provider",
    ]);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).authorization).toBe("Bearer brk_live_x");
    expect(JSON.parse(init.body as string)).toMatchObject({
      max_tokens: 50,
      messages: [{ role: "system" }, { role: "user" }],
    });
  });

  it("reports an OpenAI-shaped error and a stream cut mid-way", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(JSON.stringify({ error: { message: "The model 'x' does not exist" } }), { status: 400 }),
    );
    const request = { apiKey: "", model: "x", system: "", message: "hi", maxTokens: null, stream: true };
    const refused = await runChat(request, () => {}, new AbortController().signal);
    expect(refused).toMatchObject({ status: 400, error: "The model 'x' does not exist" });
    vi.stubGlobal("fetch", async () =>
      sseResponse([chunk("par"), `data: ${JSON.stringify({ error: { message: "interrupted" } })}\n\n`]),
    );
    const cut = await runChat(request, () => {}, new AbortController().signal);
    expect(cut).toMatchObject({ text: "par", error: "interrupted" });
  });
});

describe("Playground", () => {
  it("lists the models, streams the answer and shows how it was routed", async () => {
    vi.stubGlobal("fetch", async (url: string) =>
      url === "/api/v1/models"
        ? new Response(
            JSON.stringify({
              data: [
                { id: "local/brikk-1", owned_by: "local" },
                { id: "openai/gpt-4o", owned_by: "openai" },
              ],
            }),
          )
        : sseResponse([chunk("[local] "), chunk("Recibí"), "data: [DONE]\n\n"], {
            "x-brikk-provider": "local",
            "x-brikk-model": "local/brikk-1",
            "x-brikk-cost-usd": "0.000000",
          }),
    );
    renderWithTRPC(<Playground />, { cookie: "" });
    expect(await screen.findByRole("option", { name: "openai/gpt-4o" })).toBeTruthy();
    const key = screen.getByLabelText("API key (optional)") as HTMLInputElement;
    expect(key.type).toBe("password");
    fireEvent.click(screen.getByRole("button", { name: "Show API key" }));
    expect(key.type).toBe("text");
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByText("[local] Recibí")).toBeTruthy();
    expect(screen.getByText("provider local")).toBeTruthy();
    expect(screen.getByText("$0.000000")).toBeTruthy();
  });
});
