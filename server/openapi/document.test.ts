import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OpenApiContract } from "@/test/openapi-contract";
import { ERROR_MAP, type ErrorCode } from "../errors";
import { errorCatalogue } from "../http/error-catalogue";
import { parseEnv } from "../platform/env";
import { apiOperations, buildOpenApiDocument } from "./document";
import { errorCodesOf } from "./errors";

// biome-ignore lint/suspicious/noExplicitAny: the test walks a JSON document; its expectations check the shapes
type Json = Record<string, any>;
const doc = buildOpenApiDocument(parseEnv({}), "test") as Json;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const templateOf = (file: string) =>
  `/${path.dirname(file).split(path.sep).join("/")}`.replace("/app", "").replace(/\[(\w+)\]/g, "{$1}");

describe("the OpenAPI document and the route files", () => {
  it("documents every method every /api/v1 route file exports, and nothing else", async () => {
    const exported: string[] = [];
    for (const file of routeFiles("app/api/v1")) {
      const module = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
      for (const method of METHODS) if (module[method]) exported.push(`${method} ${templateOf(file)}`);
    }
    const documented = Object.entries(doc.paths as Json).flatMap(([p, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(exported.sort());
    expect(documented.length).toBe(42);
  });

  it("names every operation once, with a summary, a tag, its security and its cost", () => {
    const ids = apiOperations().map((op) => op.contract.docs?.id);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((doc.tags as Json[]).map((t) => t.name));
    for (const item of Object.values(doc.paths as Json)) {
      for (const op of Object.values(item as Json) as Json[]) {
        expect(op.summary, op.operationId).toBeTruthy();
        expect(tags.has(op.tags[0]), op.operationId).toBe(true);
        expect(Array.isArray(op.security), op.operationId).toBe(true);
        expect(op["x-brikk-credits"], op.operationId).toHaveProperty("charged");
      }
    }
  });

  it("gives each error response the codes answered with its status, each in the catalogue", () => {
    const catalogue = new Map(errorCatalogue().map((entry) => [entry.code, entry]));
    for (const [p, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json) as Array<[string, Json]>) {
        const openai = p.endsWith("/chat/completions") || p.endsWith("/models");
        for (const [status, response] of Object.entries(op.responses as Json)) {
          if (Number(status) < 400) continue;
          const extra = (response as Json).content[openai ? "application/json" : "application/problem+json"]
            .schema.allOf[1];
          const codes: ErrorCode[] = openai
            ? extra.properties.error.properties.code.enum
            : extra.properties.code.enum;
          expect(codes.length, `${method} ${p} ${status}`).toBeGreaterThan(0);
          for (const code of codes) {
            expect(catalogue.has(code)).toBe(true);
            if (!openai) expect(ERROR_MAP[code].http, `${method} ${p} ${code}`).toBe(Number(status));
            expect((response as Json).description).toContain(`/docs/errors#${code}`);
          }
        }
      }
    }
  });

  it("derives the pipeline's errors from the contract", () => {
    const op = (id: string) => {
      const found = apiOperations().find((o) => o.contract.docs?.id === id);
      if (!found) throw new Error(id);
      return errorCodesOf(found.method, found.contract);
    };
    // A paid write admitting keys and sessions: auth, signatures, CSRF, idempotency, validation, credits.
    expect(op("echo")).toEqual(
      expect.arrayContaining([
        "unauthorized",
        "signature_invalid",
        "csrf_failed",
        "idempotency_in_progress",
        "idempotency_key_mismatch",
        "invalid_json",
        "unprocessable",
        "insufficient_credits",
        "rate_limited",
      ]),
    );
    // A read by id: 404, no idempotency, no CSRF, no body errors.
    expect(op("getAgent")).toContain("not_found");
    expect(op("getAgent")).not.toContain("idempotency_in_progress");
    expect(op("getAgent")).not.toContain("csrf_failed");
    expect(op("getAgent")).not.toContain("invalid_json");
    // Keys only, any kind: nothing to forbid by the declaration; sessions are 401.
    expect(op("getCallingKey")).not.toContain("forbidden");
    // Public: no auth errors at all.
    expect(op("getHealth")).not.toContain("unauthorized");
  });

  it("keeps its examples true to the schemas (answers checked with closed objects)", () => {
    const withExamples = apiOperations().filter((o) => o.contract.docs?.examples?.request);
    expect(withExamples.length).toBeGreaterThan(8);
    for (const { contract } of withExamples) {
      const parsed = contract.body?.safeParse(contract.docs?.examples?.request);
      expect(parsed?.success, `${contract.docs?.id}: ${parsed?.error?.message}`).toBe(true);
    }
    const checker = new OpenApiContract(doc);
    const answers = apiOperations().filter((o) => o.contract.docs?.examples?.response);
    expect(answers.length).toBeGreaterThanOrEqual(3);
    for (const { contract } of answers) {
      const docs = contract.docs as NonNullable<typeof contract.docs>;
      expect(
        checker.bodyProblems(docs.id, docs.status ?? 200, "application/json", docs.examples?.response),
      ).toEqual([]);
    }
  });

  it("prices paid operations from the live environment", () => {
    const priced = buildOpenApiDocument(parseEnv({ CREDITS_PER_API_CALL: "2.5" }), "test") as Json;
    expect(priced.paths["/api/v1/echo"].post["x-brikk-credits"]).toMatchObject({
      charged: true,
      per_call: "2.500000",
    });
    expect(doc.paths["/api/v1/echo"].post["x-brikk-credits"].per_call).toBe("1.000000");
    expect(doc.paths["/api/v1/coordination/echo"].post["x-brikk-credits"].per_call).toBe("10.000000");
    expect(doc.paths["/api/v1/chat/completions"].post["x-brikk-credits"]).toMatchObject({
      per_usd_of_tokens: "100",
    });
    expect(doc.paths["/api/v1/agents"].get["x-brikk-credits"]).toEqual({ charged: false, summary: "Free." });
  });

  it("documents the stream of chat completions and the OpenAI error shape", () => {
    const chat = doc.paths["/api/v1/chat/completions"].post;
    expect(chat.responses["200"].content["text/event-stream"].schema.$ref).toBe(
      "#/components/schemas/ChatCompletionChunk",
    );
    expect(chat.responses["400"].content["application/json"].schema.allOf[0].$ref).toBe(
      "#/components/schemas/OpenAiError",
    );
    expect(Object.keys(chat.responses["200"].headers)).toEqual(
      expect.arrayContaining([
        "X-Brikk-Provider",
        "X-Brikk-Cost-USD",
        "X-Brikk-Budget-Remaining",
        "X-RateLimit-Limit",
      ]),
    );
    expect(chat.responses["429"].headers["Retry-After"].required).toBe(true);
  });

  it("documents the security each route's access admits", () => {
    const security = (p: string, method: string) => doc.paths[p][method].security as Json[];
    expect(security("/api/v1/coordination/health", "get")).toEqual([]);
    expect(security("/api/v1/orgs", "get")).toEqual([{ sessionCookie: [] }]);
    expect(security("/api/v1/keys/me", "get")).toEqual([
      { bearerAuth: [] },
      { apiKeyHeader: [] },
      { hmacKeyId: [], hmacTimestamp: [], hmacSignature: [] },
    ]);
    expect(security("/api/v1/agents", "get")).toContainEqual({ sessionCookie: [] });
    expect(Object.keys(doc.components.securitySchemes)).toHaveLength(6);
  });
});
