import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, matchApiRoute } from "./api-routes";

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

describe("the lean listener's route table", () => {
  it("lists every public API route file except the Stripe webhook (it carries no Authorization)", () => {
    const templates = routeFiles("app/api/v1")
      .map((file) => `/${path.dirname(file).split(path.sep).join("/")}`.replace("/app", ""))
      .filter((template) => template !== "/api/v1/billing/webhooks/stripe")
      .sort();
    expect(API_ROUTES.map(([template]) => template).sort()).toEqual(templates);
  });

  it("matches static paths before dynamic ones, as Next's router does", async () => {
    const me = matchApiRoute("GET", "/api/v1/keys/me");
    const byId = matchApiRoute("GET", "/api/v1/keys/key_123");
    expect(me?.params).toEqual({});
    expect(byId?.params).toEqual({ id: "key_123" });
    expect(me?.handler).not.toBe(byId?.handler);
    expect(matchApiRoute("POST", "/api/v1/keys/rotate")?.params).toEqual({});
    expect(matchApiRoute("POST", "/api/v1/keys/key_9/rotate")?.params).toEqual({ id: "key_9" });
  });

  it("decodes dynamic segments and leaves malformed ones to Next", () => {
    expect(matchApiRoute("GET", "/api/v1/agents/a%20b")?.params).toEqual({ id: "a b" });
    expect(matchApiRoute("GET", "/api/v1/agents/%E0%A4%A")).toBeNull();
    expect(matchApiRoute("GET", "/api/v1/agents//keys")).toBeNull();
  });

  it("leaves unknown paths, trailing slashes and methods a route does not export to Next", () => {
    expect(matchApiRoute("GET", "/api/v1/nope")).toBeNull();
    expect(matchApiRoute("POST", "/api/v1/chat/completions/")).toBeNull();
    expect(matchApiRoute("GET", "/api/v1/chat/completions")).toBeNull();
    expect(matchApiRoute("HEAD", "/api/v1/models")).toBeNull();
    expect(matchApiRoute("OPTIONS", "/api/v1/models")).toBeNull();
    expect(matchApiRoute("DELETE", "/api/v1/agents/a/keys")).toBeNull();
    expect(matchApiRoute("POST", "/api/v1/chat/completions")).not.toBeNull();
  });
});
