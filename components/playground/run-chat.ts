import { chunksOf, sseEvents } from "@/lib/sse";

// The playground's client for /api/v1/chat/completions: sends the request (as the pasted key, or
// as the signed-in user), reads a stream as it arrives, and collects what the page shows: the
// text, the Brikk headers, latency, time to first token, cost.

export type ChatRun = {
  text: string;
  status: number;
  headers: [string, string][];
  latencyMs: number;
  ttftMs: number | null;
  costUsd: string | null;
  provider: string | null;
  model: string | null;
  fallback: boolean;
  error: string | null;
};

export type ChatRunRequest = {
  apiKey: string;
  model: string;
  system: string;
  message: string;
  maxTokens: number | null;
  stream: boolean;
};

const SHOWN = /^(x-brikk-|x-ratelimit-|retry-after|x-request-id|idempotent-replayed)/;

/** `data:` payloads of an SSE response body, in order (including a final error event). */
export function sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  return sseEvents(chunksOf(body));
}

export function requestBody(req: ChatRunRequest): Record<string, unknown> {
  const messages = [
    ...(req.system.trim() ? [{ role: "system", content: req.system }] : []),
    { role: "user", content: req.message },
  ];
  return {
    model: req.model,
    messages,
    stream: req.stream,
    ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
  };
}

export async function runChat(
  req: ChatRunRequest,
  onText: (text: string) => void,
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): Promise<ChatRun> {
  const started = now();
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (req.apiKey.trim()) headers.authorization = `Bearer ${req.apiKey.trim()}`;
  const res = await fetch("/api/v1/chat/completions", {
    method: "POST",
    headers,
    body: JSON.stringify(requestBody(req)),
    signal,
  });
  const run: ChatRun = {
    text: "",
    status: res.status,
    headers: [...res.headers.entries()].filter(([name]) => SHOWN.test(name)).sort(),
    latencyMs: 0,
    ttftMs: null,
    costUsd: res.headers.get("x-brikk-cost-usd"),
    provider: res.headers.get("x-brikk-provider"),
    model: res.headers.get("x-brikk-model"),
    fallback: res.headers.get("x-brikk-fallback") === "true",
    error: null,
  };
  const streamed = (res.headers.get("content-type") ?? "").startsWith("text/event-stream");
  if (!res.ok || !streamed || !res.body) {
    const body = (await res.json().catch(() => null)) as {
      error?: { message?: string };
      choices?: { message?: { content?: string } }[];
    } | null;
    if (!res.ok) run.error = body?.error?.message ?? `HTTP ${res.status}`;
    run.text = body?.choices?.[0]?.message?.content ?? "";
    onText(run.text);
  } else {
    for await (const data of sseData(res.body)) {
      if (data === "[DONE]") break;
      const chunk = JSON.parse(data) as {
        choices?: { delta?: { content?: string } }[];
        error?: { message?: string };
        brikk?: { cost_usd?: string };
      };
      if (chunk.error) run.error = chunk.error.message ?? "The stream was interrupted";
      const piece = chunk.choices?.[0]?.delta?.content ?? "";
      if (piece) {
        run.ttftMs ??= Math.round(now() - started);
        run.text += piece;
        onText(run.text);
      }
      if (chunk.brikk?.cost_usd) run.costUsd = chunk.brikk.cost_usd;
    }
  }
  run.latencyMs = Math.round(now() - started);
  return run;
}
