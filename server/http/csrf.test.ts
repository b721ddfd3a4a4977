import { describe, expect, it } from "vitest";
import { assertSameOrigin, expectedOrigin } from "./csrf";

function req(method: string, headers: Record<string, string>) {
  return new Request("http://localhost:3000/api/v1/orgs", {
    method,
    headers: { host: "localhost:3000", ...headers },
  });
}

describe("CSRF origin check", () => {
  it("lets safe methods through without an Origin", () => {
    expect(() => assertSameOrigin(req("GET", {}), null)).not.toThrow();
  });

  it("accepts a same-origin POST and refuses a cross-site one", () => {
    expect(() => assertSameOrigin(req("POST", { origin: "http://localhost:3000" }), null)).not.toThrow();
    expect(() => assertSameOrigin(req("POST", { origin: "https://evil.example" }), null)).toThrowError(
      /Origin https:\/\/evil.example is not this site/,
    );
  });

  it("refuses a state-changing request with neither Origin nor Sec-Fetch-Site", () => {
    expect(() => assertSameOrigin(req("DELETE", {}), null)).toThrowError(/needs an Origin header/);
    expect(() => assertSameOrigin(req("PATCH", { "sec-fetch-site": "same-origin" }), null)).not.toThrow();
    expect(() => assertSameOrigin(req("PATCH", { "sec-fetch-site": "cross-site" }), null)).toThrow();
  });

  it("uses AUTH_URL when configured, and forwarded headers behind a proxy", () => {
    expect(expectedOrigin(new Headers({ host: "internal:3000" }), "https://brikk.example/app")).toBe(
      "https://brikk.example",
    );
    expect(
      expectedOrigin(
        new Headers({ host: "internal", "x-forwarded-host": "brikk.example", "x-forwarded-proto": "https" }),
        null,
      ),
    ).toBe("https://brikk.example");
    expect(expectedOrigin(new Headers(), null)).toBeNull();
  });
});
