import type { ServerResponse } from "node:http";
import { getLogger } from "../platform/logger";
import { knownBodyText } from "../platform/response-body";

// Writes a route handler's Web `Response` to Node's response the way Next.js does: every header
// (each Set-Cookie on its own line), a streamed body chunk by chunk with backpressure, and a body
// that fails midway as a cut connection, never as a clean end. A JSON body this server built
// itself is written from its text, without reading it back through the Response's stream.

/** Never rejects: a failure is logged and answered with a 500, or a cut connection. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  try {
    await writeResponse(res, response);
  } catch (error) {
    // A header value Node refuses (it is stricter than Headers), or a socket error. An unhandled
    // rejection here would end the process.
    getLogger().error({ err: error }, "could not write the response");
    if (res.headersSent) {
      res.destroy();
    } else {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
    }
  }
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  const text = knownBodyText(response);
  if (text !== undefined) {
    res.setHeader("content-length", Buffer.byteLength(text));
    res.end(text);
    return;
  }
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
