import { describe, expect, it } from "vitest";
import { sseEvents } from "./sse";

async function collect(chunks: string[]): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const data of sseEvents(source())) out.push(data);
  return out;
}

describe("server-sent events", () => {
  const stream =
    'data: {"a":1}\r\n\r\n: keep-alive\r\n\r\ndata: line one\r\ndata: line two\r\n\r\ndata: [DONE]\r\n\r\n';

  it("reads CRLF events, skips comments, and joins multi-line data", async () => {
    expect(await collect([stream])).toEqual(['{"a":1}', "line one\nline two", "[DONE]"]);
  });

  it("reads the same events whatever the chunk boundaries, a CRLF split in two included", async () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = stream.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
      expect(await collect(chunks), `chunks of ${size}`).toEqual(['{"a":1}', "line one\nline two", "[DONE]"]);
    }
    const atCr = stream.indexOf("\r\ndata: line two") + 1;
    expect(await collect([stream.slice(0, atCr), stream.slice(atCr)])).toEqual([
      '{"a":1}',
      "line one\nline two",
      "[DONE]",
    ]);
  });
});
