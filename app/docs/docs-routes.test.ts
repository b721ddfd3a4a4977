import { describe, expect, it } from "vitest";
import { GET as openApiJson } from "@/app/openapi.json/route";
import { openApiJson as build } from "@/server/openapi/serve";
import { getEnv } from "@/server/platform/env";
import { GET as scalarScript } from "./assets/scalar.js/route";
import { GET as reference } from "./route";

describe("GET /openapi.json", () => {
  it("serves the document built from the routes, with an ETag that answers 304", async () => {
    const res = openApiJson(new Request("http://localhost/openapi.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const text = await res.text();
    expect(text).toBe(build(getEnv()));
    expect(JSON.parse(text).openapi).toBe("3.1.0");
    const etag = res.headers.get("etag") as string;
    const again = openApiJson(
      new Request("http://localhost/openapi.json", { headers: { "if-none-match": etag } }),
    );
    expect(again.status).toBe(304);
  });
});

describe("GET /docs", () => {
  it("loads Scalar from this server under the request's nonce, and nothing from anywhere else", async () => {
    const res = await reference(new Request("http://localhost/docs", { headers: { "x-nonce": "n0nce" } }));
    const html = await res.text();
    expect(res.headers.get("content-type")).toContain("text/html");
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(2);
    for (const tag of scripts) expect(tag).toContain('nonce="n0nce"');
    expect(html).toMatch(/src="\/docs\/assets\/scalar\.js\?v=[0-9a-f]{16}"/);
    // No CDN, no font service: every URL in the page is this origin's.
    expect(html.match(/https?:\/\/[^\s"'<>]+/g) ?? []).toEqual([]);
    expect(html).toContain('"withDefaultFonts":false');
    expect(html).toContain('"url":"/openapi.json"');
  });

  it("serves Scalar's bundle as JavaScript, cached for good", async () => {
    const res = await scalarScript();
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
  });

  it("escapes what it writes into the page", async () => {
    const res = await reference(
      new Request("http://localhost/docs", { headers: { "x-nonce": '"><script>' } }),
    );
    expect(await res.text()).not.toContain('"><script>');
  });
});
