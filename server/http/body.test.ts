import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { toPointer } from "../validation";
import { parseJsonBody, readBodyText } from "./body";

const Schema = z.strictObject({
  name: z.string().min(2, "name must be at least 2 characters"),
  tags: z.array(z.string()).optional(),
  nested: z.strictObject({ a: z.number() }).optional(),
});

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return new Request("http://x/api", { method: "POST", body, headers });
}

async function codeOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("toPointer", () => {
  it("builds RFC 6901 pointers, escaping ~ and /", () => {
    expect(toPointer([])).toBe("");
    expect(toPointer(["tags", 0])).toBe("/tags/0");
    expect(toPointer(["a/b", "c~d"])).toBe("/a~1b/c~0d");
  });
});

describe("parseJsonBody", () => {
  it("refuses text PostgreSQL cannot store, naming each field", async () => {
    const error = await codeOf(
      parseJsonBody(post(JSON.stringify({ name: "a\u0000b", tags: ["ok", "\ud800"] })), Schema, 1024),
    );
    expect(error.code).toBe("unprocessable");
    expect(error.details.errors).toEqual([
      { pointer: "/name", detail: "text may not contain U+0000 or unpaired surrogates" },
      { pointer: "/tags/1", detail: "text may not contain U+0000 or unpaired surrogates" },
    ]);
  });

  it("returns the parsed value", async () => {
    expect(await parseJsonBody(post('{"name":"ok"}'), Schema, 1024)).toEqual({ name: "ok" });
  });

  it("answers 413 from Content-Length before reading", async () => {
    const req = post("x".repeat(10), { "content-type": "application/json", "content-length": "5000" });
    expect((await codeOf(parseJsonBody(req, Schema, 1024))).status).toBe(413);
  });

  it("answers 413 while streaming when no length is declared", async () => {
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(200)));
        controller.close();
      },
    });
    const req = new Request("http://x", { method: "POST", body: chunks, duplex: "half" } as RequestInit);
    expect((await codeOf(readBodyText(req, 1024))).code).toBe("payload_too_large");
  });

  it("answers 400 for malformed JSON", async () => {
    const error = await codeOf(parseJsonBody(post('{"name":'), Schema, 1024));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_json");
  });

  it("answers 415 for a non-JSON body", async () => {
    const error = await codeOf(parseJsonBody(post("name=x", { "content-type": "text/plain" }), Schema, 1024));
    expect(error.status).toBe(415);
  });

  it("answers 422 with one pointer per bad field, unknown fields included", async () => {
    const body = JSON.stringify({ name: "x", tags: ["ok", 3], nested: { a: 1, b: 2 }, extra: true });
    const error = await codeOf(parseJsonBody(post(body), Schema, 1024));
    expect(error.status).toBe(422);
    const pointers = (error.details.errors ?? []).map((e) => e.pointer).sort();
    expect(pointers).toEqual(["/extra", "/name", "/nested/b", "/tags/1"]);
    expect(error.details.errors?.find((e) => e.pointer === "/extra")?.detail).toBe('unknown field "extra"');
    expect(error.message).toMatch(/^Invalid body: /);
  });

  it("validates an empty body as {} so required fields are named", async () => {
    const error = await codeOf(parseJsonBody(post(""), Schema, 1024));
    expect(error.details.errors).toEqual([{ pointer: "/name", detail: expect.stringContaining("") }]);
  });

  it("reports a non-object body at the root pointer", async () => {
    const error = await codeOf(parseJsonBody(post("[1,2]"), Schema, 1024));
    expect(error.details.errors?.[0]?.pointer).toBe("");
  });
});
