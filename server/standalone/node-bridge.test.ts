import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendWebResponse, toWebRequest } from "./node-bridge";

type Handler = (req: Request) => Promise<Response>;
const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer(async (req, res) =>
    sendWebResponse(res, await handler(toWebRequest(req, res))),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("Node request → Web Request", () => {
  it("passes method, url, headers and body through, and sets X-Forwarded-* only when absent", async () => {
    let seen: Request | null = null;
    let body = "";
    const base = await serve(async (req) => {
      seen = req;
      body = await req.text();
      return new Response(null, { status: 204 });
    });
    await fetch(`${base}/api/v1/echo?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-custom": "a" },
      body: '{"message":"hi"}',
    });
    const req = seen as unknown as Request;
    expect(req.method).toBe("POST");
    expect(new URL(req.url).pathname + new URL(req.url).search).toBe("/api/v1/echo?x=1");
    expect(req.headers.get("x-custom")).toBe("a");
    expect(req.headers.get("x-forwarded-for")).toBe("127.0.0.1");
    expect(req.headers.get("x-forwarded-proto")).toBe("http");
    expect(req.headers.get("x-forwarded-host")).toBe(new URL(base).host);
    expect(body).toBe('{"message":"hi"}');

    await fetch(`${base}/`, { headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https" } });
    const forwarded = seen as unknown as Request;
    expect(forwarded.headers.get("x-forwarded-for")).toBe("203.0.113.9");
    expect(forwarded.headers.get("x-forwarded-proto")).toBe("https");
    expect(forwarded.body).toBeNull();
  });

  it("aborts the request's signal when the client goes away before the response", async () => {
    let aborted: () => void = () => {};
    const wasAborted = new Promise<void>((resolve) => (aborted = resolve));
    const base = await serve(
      (req) =>
        new Promise((resolve) => {
          req.signal.addEventListener("abort", () => {
            aborted();
            resolve(new Response("late"));
          });
        }),
    );
    const client = new AbortController();
    const call = fetch(base, { signal: client.signal }).catch((error: Error) => error.name);
    setTimeout(() => client.abort(), 50);
    expect(await call).toBe("AbortError");
    await wasAborted;
  });
});

describe("Web Response → Node response", () => {
  it("writes status, headers and every Set-Cookie", async () => {
    const base = await serve(async () => {
      const headers = new Headers({ "content-type": "application/json", "x-brikk-model": "local/brikk-1" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response('{"ok":true}', { status: 201, headers });
    });
    const res = await fetch(base);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-brikk-model")).toBe("local/brikk-1");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("sends each chunk of a stream as it comes, not when the stream ends", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const base = await serve(async () => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode("data: first\n\n"));
          await gate;
          controller.enqueue(encoder.encode("data: second\n\n"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const res = await fetch(base);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: first\n\n");
    release();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe("data: second\n\n");
  });

  it("cuts the connection when the body fails after the status went out", async () => {
    const base = await serve(async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("partial"));
          setTimeout(() => controller.error(new Error("upstream died")), 20);
        },
      });
      return new Response(body);
    });
    const outcome = await new Promise<string>((resolve) => {
      httpRequest(base, (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve("clean end"));
        res.on("error", () => resolve("cut"));
        res.on("aborted", () => resolve("cut"));
      }).end();
    });
    expect(outcome).toBe("cut");
  });

  it("stops reading the body when the client disconnects mid-stream", async () => {
    let cancelled: () => void = () => {};
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    const base = await serve(async () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(64 * 1024));
          return new Promise((resolve) => setTimeout(resolve, 5));
        },
        cancel() {
          cancelled();
        },
      });
      return new Response(body);
    });
    const client = new AbortController();
    const res = await fetch(base, { signal: client.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    client.abort();
    await wasCancelled;
  });
});
