import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// Fake OpenAI and Mistral chat-completions servers. Payloads follow each provider's documented
// format, streams included, where they differ: OpenAI sends usage in a last chunk with empty
// `choices` (only when stream_options.include_usage is set); Mistral puts usage on the chunk that
// carries finish_reason and always sends it; error bodies are `{ error: {...} }` (OpenAI) and
// `{ object: "error", message, type, param, code }` (Mistral). Tests script the next answers.
// Like the real services, it honours max_tokens / max_completion_tokens (at most that many tokens,
// finish_reason "length"), and a stream can be framed the ways real servers frame it: events
// split across writes, CRLF line endings, `:` keep-alive comments between events.

export type Flavor = "openai" | "mistral";

export type Behaviour =
  | {
      kind: "ok";
      text?: string;
      promptTokens?: number;
      completionTokens?: number;
      cachedTokens?: number;
      omitUsage?: boolean;
      /** Pause between streamed chunks. */
      chunkDelayMs?: number;
      /** Write each SSE event in pieces, each piece its own write (a proxy or TCP may split them). */
      splitWrites?: boolean;
      /** End SSE lines with \r\n, as some servers do. */
      crlf?: boolean;
      /** Send `: keep-alive` comments between events, as OpenAI-compatible servers do when idle. */
      keepAlive?: boolean;
    }
  | { kind: "status"; status: number; message?: string; retryAfter?: string }
  | { kind: "hang" }
  | { kind: "slow"; delayMs: number; text?: string }
  | { kind: "cut"; text?: string; afterChunks: number }
  /** Streams some chunks, then goes silent with the connection open. */
  | { kind: "stall"; text?: string; afterChunks: number };

export type Received = { path: string; authorization: string | undefined; body: Record<string, unknown> };

export class FakeLlm {
  private server: Server | null = null;
  private readonly queue: Behaviour[] = [];
  /** Used when nothing is queued. */
  fallback: Behaviour = { kind: "ok" };
  readonly received: Received[] = [];
  /** How `GET /v1/models` (what health probes call) answers: 200 with the list, or this status. */
  modelsStatus = 200;
  /** How many times `GET /v1/models` was called. */
  modelListings = 0;
  modelsAuthorization: string | undefined;
  url = "";

  constructor(readonly flavor: Flavor) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next answers, in order. */
  next(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  reset(): void {
    this.queue.length = 0;
    this.received.length = 0;
    this.fallback = { kind: "ok" };
    this.modelsStatus = 200;
    this.modelListings = 0;
  }

  /** `GET /v1/models` in each provider's list format (Mistral adds capabilities per model). */
  private listModels(res: ServerResponse): void {
    this.modelListings++;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (this.modelsStatus !== 200) {
      json(this.modelsStatus, this.errorBody(this.modelsStatus, `fake ${this.modelsStatus}`));
      return;
    }
    const created = 1_700_000_000;
    const data =
      this.flavor === "mistral"
        ? ["mistral-small-latest", "mistral-large-latest"].map((id) => ({
            id,
            object: "model",
            created,
            owned_by: "mistralai",
            capabilities: { completion_chat: true, function_calling: true, vision: false },
          }))
        : ["gpt-4o-mini", "gpt-4o"].map((id) => ({ id, object: "model", created, owned_by: "openai" }));
    json(200, { object: "list", data });
  }

  private errorBody(status: number, message: string) {
    if (this.flavor === "mistral") {
      return {
        object: "error",
        message,
        type: status === 429 ? "rate_limited" : "invalid_request_error",
        param: null,
        code: String(status),
      };
    }
    return {
      error: {
        message,
        type: status >= 500 ? "server_error" : "invalid_request_error",
        param: null,
        code: null,
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      this.modelsAuthorization = req.headers.authorization;
      return this.listModels(res);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    this.received.push({ path: req.url ?? "", authorization: req.headers.authorization, body });
    const behaviour = this.queue.shift() ?? this.fallback;
    if (behaviour.kind === "hang") return; // never answers; the client's timeout must fire
    if (behaviour.kind === "status") {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (behaviour.retryAfter) headers["retry-after"] = behaviour.retryAfter;
      res.writeHead(behaviour.status, headers);
      res.end(
        JSON.stringify(this.errorBody(behaviour.status, behaviour.message ?? `fake ${behaviour.status}`)),
      );
      return;
    }
    if (behaviour.kind === "slow") await new Promise((r) => setTimeout(r, behaviour.delayMs));
    const maxTokens = Number(body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY);
    const fullText = ("text" in behaviour && behaviour.text) || "Hello from the fake upstream.";
    // One word is one token here; a real model stops at max_tokens and says "length".
    const allWords = fullText.split(/(?<= )/);
    const truncated = allWords.length > maxTokens;
    const text = truncated ? allWords.slice(0, maxTokens).join("") : fullText;
    const finishReason = truncated ? "length" : "stop";
    const model = String(body.model);
    const usage = {
      prompt_tokens: behaviour.kind === "ok" ? (behaviour.promptTokens ?? 12) : 12,
      completion_tokens: Math.min(behaviour.kind === "ok" ? (behaviour.completionTokens ?? 7) : 7, maxTokens),
      total_tokens: 0,
      ...(behaviour.kind === "ok" && behaviour.cachedTokens
        ? { prompt_tokens_details: { cached_tokens: behaviour.cachedTokens } }
        : {}),
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const omitUsage = behaviour.kind === "ok" && behaviour.omitUsage === true;
    const id = `chatcmpl-fake-${this.received.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream !== true) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: text },
              finish_reason: finishReason,
              logprobs: null,
            },
          ],
          ...(omitUsage ? {} : { usage }),
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const framing: { crlf?: boolean; keepAlive?: boolean; splitWrites?: boolean } =
      behaviour.kind === "ok" ? behaviour : {};
    const eol = framing.crlf ? "\r\n" : "\n";
    const write = async (event: string) => {
      if (framing.keepAlive) res.write(`: keep-alive${eol}${eol}`);
      if (!framing.splitWrites) return void res.write(event);
      // Three pieces, each flushed on its own turn: the reader sees partial lines and events.
      const cuts = [Math.floor(event.length / 3), Math.floor((2 * event.length) / 3)];
      for (const piece of [event.slice(0, cuts[0]), event.slice(cuts[0], cuts[1]), event.slice(cuts[1])]) {
        res.write(piece);
        await new Promise((r) => setImmediate(r));
      }
    };
    const send = (data: unknown) => write(`data: ${JSON.stringify(data)}${eol}${eol}`);
    const words = text.split(/(?<= )/);
    const chunk = (delta: object, finish: string | null, extra: object = {}) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [
        { index: 0, delta, finish_reason: finish, ...(this.flavor === "openai" ? { logprobs: null } : {}) },
      ],
      ...extra,
    });
    await send(chunk({ role: "assistant", content: "" }, null));
    for (const [i, word] of words.entries()) {
      if (behaviour.kind === "cut" && i >= behaviour.afterChunks) {
        res.destroy(); // the connection drops mid-answer
        return;
      }
      if (behaviour.kind === "stall" && i >= behaviour.afterChunks) return; // silent, still open
      await send(chunk({ content: word }, null));
      const pause = behaviour.kind === "ok" ? (behaviour.chunkDelayMs ?? 0) : 0;
      await new Promise((r) => (pause ? setTimeout(r, pause) : setImmediate(r)));
    }
    const includeUsage =
      (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (this.flavor === "mistral") {
      await send(chunk({ content: "" }, finishReason, omitUsage ? {} : { usage }));
    } else {
      await send(chunk({}, finishReason));
      if (includeUsage && !omitUsage)
        await send({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
    }
    await write(`data: [DONE]${eol}${eol}`);
    res.end();
  }
}
