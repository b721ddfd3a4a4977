import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { readBodyBytes } from "../http/body";
import { sendWebResponse } from "./node-bridge";
import { nodeRequest } from "./node-request";

type Handler = (req: Request) => Promise<Response>;
const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer(async (req, res) => sendWebResponse(res, await handler(nodeRequest(req, res))));
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

describe("Node request → Request", () => {
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

  it("is a Request: body through readBodyBytes straight from the socket, or through the real Request", async () => {
    const seen: Array<Record<string, unknown>> = [];
    const base = await serve(async (req) => {
      const url = new URL(req.url);
      if (url.pathname === "/direct") {
        const bytes = await readBodyBytes(req, Number(url.searchParams.get("limit") ?? 10_000)).catch(
          (error: Error) => error.message,
        );
        seen.push({
          bytes: typeof bytes === "string" ? bytes : Buffer.from(bytes).toString(),
          used: req.bodyUsed,
        });
      } else {
        const copy = req.clone();
        seen.push({
          instance: req instanceof Request,
          text: await req.text(),
          copy: await copy.json(),
          used: req.bodyUsed,
          mode: req.mode,
          tag: Object.prototype.toString.call(req),
        });
      }
      return new Response(null, { status: 204 });
    });
    const body = JSON.stringify({ message: "x".repeat(2000) });
    await fetch(`${base}/direct`, { method: "POST", body });
    await fetch(`${base}/direct?limit=100`, { method: "POST", body });
    // Chunked (no Content-Length): the limit is enforced while reading.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const refused = await fetch(`${base}/direct?limit=100`, {
      method: "POST",
      body: chunked,
      duplex: "half",
    } as RequestInit);
    // The unread rest of the body would block the connection: it is closed after the answer.
    const closed = refused.headers.get("connection");
    await fetch(`${base}/real`, { method: "POST", body: '{"a":1}' });
    expect(seen[0]).toEqual({ bytes: body, used: true });
    // Refused from the declared length before a byte is read.
    expect(seen[1]).toEqual({ bytes: "Request body exceeds the limit of 100 bytes", used: false });
    expect(seen[2]).toEqual({ bytes: "Request body exceeds the limit of 100 bytes", used: true });
    expect(closed).toBe("close");
    expect(seen[3]).toEqual({
      instance: true,
      text: '{"a":1}',
      copy: { a: 1 },
      used: true,
      mode: "cors",
      tag: "[object Request]",
    });
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

  it("answers 500 when Node refuses a header the handler set, and keeps serving", async () => {
    const base = await serve(async (req) =>
      new URL(req.url).pathname === "/bad"
        ? new Response("x", { headers: { "x-bad": "a\u0001b" } })
        : new Response("fine"),
    );
    const bad = await fetch(`${base}/bad`);
    expect(bad.status).toBe(500);
    expect(bad.headers.get("x-bad")).toBeNull();
    expect(await (await fetch(`${base}/ok`)).text()).toBe("fine");
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
