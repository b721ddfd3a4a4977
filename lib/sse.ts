// Server-sent events, split the way OpenAI and Mistral send them: `data:` lines, events separated
// by a blank line. Shared by the gateway (reading providers) and the playground (reading Brikk).

/** The `data` of each event, in order, `[DONE]` included; tolerant of chunks split anywhere. */
export async function* sseEvents(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of chunks) {
    buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    // CRLF and CR end lines too. A CR at the very end may be the first half of a CRLF split
    // across chunks: it waits for the next chunk, or it would end a line twice.
    buffer = buffer.replace(/\r\n|\r(?!$)/g, "\n");
    let boundary = buffer.indexOf("\n\n");
    while (boundary !== -1) {
      const data = buffer
        .slice(0, boundary)
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      buffer = buffer.slice(boundary + 2);
      if (data) yield data;
      boundary = buffer.indexOf("\n\n");
    }
  }
}

/** A web ReadableStream as an async iterable (Safari's streams are not iterable yet). */
export async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
