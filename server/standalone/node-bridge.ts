import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

// Turns Node's request into the Web `Request` a route handler takes and writes the handler's
// `Response` back, the way Next.js does for its own route handlers: the same headers reach the
// handler (X-Forwarded-* set only when absent), a client that goes away aborts `req.signal`, and a
// streamed body is written chunk by chunk with backpressure.

export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const host = headers.get("host") ?? "localhost";
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  // Next.js fills these only when the client (or a proxy in front) did not: clientIp() and the
  // CSRF check read them, so both listeners must agree.
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) {
    headers.set("x-forwarded-for", req.socket.remoteAddress);
  }
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", encrypted ? "https" : "http");
  if (!headers.has("x-forwarded-port") && req.socket.localPort) {
    headers.set("x-forwarded-port", String(req.socket.localPort));
  }

  const aborter = new AbortController();
  // `close` also fires after a complete response; only an unfinished one means the client left.
  res.once("close", () => {
    if (!res.writableFinished) aborter.abort(new Error("client disconnected"));
  });

  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(`http://${host}${req.url ?? "/"}`, {
    method,
    headers,
    signal: aborter.signal,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    // Node's fetch requires this for a streamed request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  res.once("close", stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      // Flush each chunk as it comes (a streamed completion's tokens must not wait for more).
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    // The body failed after the status was sent: cut the connection so the client sees an
    // incomplete response rather than a clean end.
    res.destroy();
  } finally {
    res.off("close", stop);
  }
}

/** Resolves when the socket takes writes again, or when it has gone (a `drain` that never comes). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
