import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Answer, OpenApiContract } from "./openapi-contract";

// The contract checker the e2e spec runs must be able to fail: each kind of drift between an
// answer and the document is caught here on a hand-made answer.

const contract = new OpenApiContract(JSON.parse(readFileSync("client/openapi.json", "utf8")));
const ok: Answer = {
  status: 200,
  headers: {
    "content-type": "application/json",
    "x-request-id": "req_1",
    "x-ratelimit-limit": "60",
    "x-ratelimit-remaining": "59",
    "x-ratelimit-reset": "42",
  },
  text: JSON.stringify({ echo: "hi", request_id: "req_1", timestamp: "2026-12-05T10:00:00.000Z" }),
};
const check = (answer: Partial<Answer>, op = "echo", method = "POST") =>
  contract.problems(op, method, { ...ok, ...answer, headers: { ...ok.headers, ...answer.headers } });

describe("the OpenAPI contract checker", () => {
  it("accepts an answer the document describes", () => {
    expect(check({})).toEqual([]);
  });

  it("refuses an undocumented status, a wrong or extra field, a wrong content type", () => {
    expect(check({ status: 418 })[0]).toMatch(/status 418 is not documented/);
    expect(check({ text: JSON.stringify({ echo: 1, request_id: null, timestamp: "x" }) })[0]).toMatch(/body/);
    expect(
      check({
        text: JSON.stringify({
          echo: "a",
          request_id: null,
          timestamp: "2026-12-05T10:00:00.000Z",
          secret: "leak",
        }),
      })[0],
    ).toMatch(/additional properties/);
    expect(check({ headers: { "content-type": "text/html" } })[0]).toMatch(/content type text\/html/);
  });

  it("refuses a missing required header, a malformed one and an undocumented Brikk header", () => {
    const { "x-request-id": _, ...rest } = ok.headers;
    expect(contract.problems("echo", "POST", { ...ok, headers: rest })[0]).toMatch(
      /required header X-Request-Id/,
    );
    expect(check({ headers: { "x-ratelimit-remaining": "many" } })[0]).toMatch(/X-RateLimit-Remaining/);
    expect(check({ headers: { "x-brikk-secret-sauce": "1" } })[0]).toMatch(
      /x-brikk-secret-sauce is not documented/,
    );
  });

  it("checks a problem's code against the codes documented for its status", () => {
    const problem = (code: string) =>
      check({
        status: 402,
        headers: { "content-type": "application/problem+json" },
        text: JSON.stringify({
          type: `/docs/errors#${code}`,
          title: "t",
          status: 402,
          detail: "d",
          code,
          request_id: "r",
        }),
      });
    expect(problem("insufficient_credits")).toEqual([]);
    expect(problem("budget_exceeded")[0]).toMatch(/body/);
  });

  it("checks each event of a stream and its end", () => {
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    const stream = (text: string) =>
      contract.problems("createChatCompletion", "POST", {
        status: 200,
        headers: {
          ...ok.headers,
          "content-type": "text/event-stream",
          "x-brikk-provider": "local",
          "x-brikk-model": "m",
          "x-brikk-fallback": "false",
          "x-brikk-attempts": "1",
        },
        text,
      });
    expect(stream(`${chunk("a")}${chunk("b")}data: [DONE]\n\n`)).toEqual([]);
    expect(stream(`${chunk("a")}${chunk("b")}`)[0]).toMatch(/ends with neither \[DONE\] nor run_ended/);
    expect(stream(`${chunk("a")}data: {"object":"nope"}\n\ndata: [DONE]\n\n`)[0]).toMatch(/event/);
  });

  it("names an operation the document lacks, or a wrong method", () => {
    expect(check({}, "mintMoney")[0]).toMatch(/not in the document/);
    expect(check({}, "echo", "GET")[0]).toMatch(/is POST/);
  });
});
