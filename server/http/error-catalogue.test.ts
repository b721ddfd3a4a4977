import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_MAP } from "../errors";
import { errorCatalogue } from "./error-catalogue";

describe("the error catalogue (/docs/errors)", () => {
  const entries = errorCatalogue();

  it("has one entry per code the API answers, with its status, meaning and what to do", () => {
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [code, { http }] of Object.entries(ERROR_MAP)) {
      const entry = entries.find((e) => e.code === code);
      expect(entry?.status, code).toBe(http);
      expect(entry?.meaning.length, code).toBeGreaterThan(20);
      expect(entry?.action.length, code).toBeGreaterThan(10);
    }
  });

  it("includes the code a cut stream ends with", () => {
    const streamed = [...readFileSync("server/llm/chat.ts", "utf8").matchAll(/code: "(\w+)"/g)].map(
      (m) => m[1],
    );
    expect(streamed).toContain("provider_stream_cut");
    for (const code of streamed) expect(entries.map((e) => e.code)).toContain(code);
  });

  it("orders entries by status", () => {
    const statuses = entries.flatMap((e) => (e.status === "stream" ? [] : [e.status]));
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
  });
});
