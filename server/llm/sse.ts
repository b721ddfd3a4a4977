import { UpstreamError } from "./provider";

// Server-sent events as OpenAI and Mistral send them: `data: <json>` events separated by a blank
// line, ended by `data: [DONE]`. A stream that ends without [DONE] was cut, and says so.

/** The `data` of each event of a byte stream, until [DONE]; throws if the stream ends before it. */
export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    buffer = buffer.replace(/\r\n?/g, "\n");
    let boundary = buffer.indexOf("\n\n");
    while (boundary !== -1) {
      const event = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = event
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data === "[DONE]") return;
      if (data) yield data;
      boundary = buffer.indexOf("\n\n");
    }
  }
  throw new UpstreamError("protocol", "the upstream stream ended before [DONE]");
}

const encoder = new TextEncoder();

/** One SSE event carrying JSON. */
export function sseEvent(data: unknown): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
}

export const SSE_DONE = encoder.encode("data: [DONE]\n\n");
