import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { payloadTooLarge, READ_BODY_BYTES } from "../http/body";

// A `Request` backed by Node's IncomingMessage, built the way @hono/node-server builds its own:
// method, url, headers and signal are plain values, the body is read straight from the socket,
// and the full WHATWG Request (whose constructor, signal plumbing and body stream cost more CPU
// than the rest of a keyed echo call) is only made if a handler asks for something else. It is
// an instance of Request, and every Request property works: unknown ones go to the real thing.

const NODE = Symbol("node request");
const REAL = Symbol("real request");

type Backing = {
  req: IncomingMessage;
  res: ServerResponse;
  url: string;
  headers: Headers;
  aborter: AbortController | null;
  disconnected: boolean;
  bodyUsed: boolean;
};
type NodeRequest = Request & { [NODE]: Backing; [REAL]?: Request };

export function nodeRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const host = headers.get("host") ?? "localhost";
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  // The listener decided the client's address (listener.ts) and wrote it into req.headers; the
  // raw headers still hold whatever the client sent.
  const clientAddress = req.headers["x-forwarded-for"] ?? req.socket.remoteAddress;
  if (typeof clientAddress === "string") headers.set("x-forwarded-for", clientAddress);
  // Next.js fills these only when the client (or a proxy in front) did not: the CSRF check reads
  // them, so both paths must agree.
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", encrypted ? "https" : "http");
  if (!headers.has("x-forwarded-port") && req.socket.localPort) {
    headers.set("x-forwarded-port", String(req.socket.localPort));
  }
  const backing: Backing = {
    req,
    res,
    url: `http://${host}${req.url ?? "/"}`,
    headers,
    aborter: null,
    disconnected: false,
    bodyUsed: false,
  };
  // `close` also fires after a complete response; only an unfinished one means the client left.
  res.once("close", () => {
    if (res.writableFinished) return;
    backing.disconnected = true;
    backing.aborter?.abort(new Error("client disconnected"));
  });
  const request = Object.create(nodeRequestPrototype) as NodeRequest;
  request[NODE] = backing;
  return request;
}

function backingOf(request: Request): Backing {
  return (request as NodeRequest)[NODE];
}

function hasBody(backing: Backing): boolean {
  const method = backing.req.method;
  return method !== "GET" && method !== "HEAD";
}

/** The WHATWG Request, made once, on first use of anything the fast fields do not cover. */
function realRequest(request: Request): Request {
  const self = request as NodeRequest;
  if (!self[REAL]) {
    const backing = self[NODE];
    const streamed = hasBody(backing) && !backing.bodyUsed;
    backing.bodyUsed ||= streamed;
    self[REAL] = new Request(backing.url, {
      method: backing.req.method,
      headers: backing.headers,
      signal: signalOf(backing),
      body: streamed ? (Readable.toWeb(backing.req) as ReadableStream<Uint8Array>) : null,
      ...(streamed ? { duplex: "half" } : {}),
    } as RequestInit);
  }
  return self[REAL];
}

function signalOf(backing: Backing): AbortSignal {
  if (!backing.aborter) {
    backing.aborter = new AbortController();
    if (backing.disconnected) backing.aborter.abort(new Error("client disconnected"));
  }
  return backing.aborter.signal;
}

/** Reads at most `limit` bytes from the socket; a larger body is refused without buffering it. */
function readBytes(backing: Backing, limit: number): Promise<Uint8Array> {
  if (backing.bodyUsed) return Promise.reject(new TypeError("Body has already been read"));
  backing.bodyUsed = true;
  if (!hasBody(backing)) return Promise.resolve(new Uint8Array());
  const req = backing.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        // Stop reading, and close the connection after the 413: the rest of the body is never
        // read, so the connection could not carry another request anyway.
        req.pause();
        if (!backing.res.headersSent) backing.res.setHeader("connection", "close");
        reject(payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error("client disconnected while sending the body"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

const nodeRequestPrototype: object = (() => {
  const fast: PropertyDescriptorMap = {
    method: {
      get(this: Request) {
        return backingOf(this).req.method ?? "GET";
      },
    },
    url: {
      get(this: Request) {
        return backingOf(this).url;
      },
    },
    headers: {
      get(this: Request) {
        return backingOf(this).headers;
      },
    },
    signal: {
      get(this: Request) {
        return signalOf(backingOf(this));
      },
    },
    bodyUsed: {
      get(this: Request) {
        const real = (this as NodeRequest)[REAL];
        return real ? real.bodyUsed : backingOf(this).bodyUsed;
      },
    },
    [READ_BODY_BYTES]: {
      value(this: Request, limit: number) {
        const real = (this as NodeRequest)[REAL];
        // Once the real Request owns the socket's stream, bytes come through it.
        return real ? null : readBytes(backingOf(this), limit);
      },
    },
  };
  const prototype = Object.create(Request.prototype, fast);
  // Everything else — body, clone(), text(), json(), cache, … — is the real Request's.
  for (const name of Object.getOwnPropertyNames(Request.prototype)) {
    if (name === "constructor" || name in fast) continue;
    const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name);
    if (typeof descriptor?.value === "function") {
      Object.defineProperty(prototype, name, {
        value(this: Request, ...args: unknown[]) {
          const real = realRequest(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
          return real[name]?.(...args);
        },
      });
    } else if (descriptor?.get) {
      Object.defineProperty(prototype, name, {
        get(this: Request) {
          return (realRequest(this) as unknown as Record<string, unknown>)[name];
        },
      });
    }
  }
  return prototype;
})();
