import { sseEvents } from "@/lib/sse";
import { UpstreamError } from "./provider";

// Server-sent events as OpenAI and Mistral send them: `data: <json>` events separated by a blank
// line, ended by `data: [DONE]`. A stream that ends without [DONE] was cut, and says so.

/** The `data` of each event of a byte stream, until [DONE]; throws if the stream ends before it. */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  for await (const data of sseEvents(body)) {
    if (data === "[DONE]") return;
    yield data;
  }
  throw new UpstreamError("protocol", "the upstream stream ended before [DONE]");
}

const encoder = new TextEncoder();

/** One SSE event carrying JSON. */
export function sseEvent(data: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
}

export const SSE_DONE = encoder.encode("data: [DONE]\n\n");
