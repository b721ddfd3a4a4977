import { describe, expect, it } from "vitest";
import { resolveClientAddress, TrustedProxies } from "./client-address";
import { getEnv, setEnvForTests } from "./env";

describe("the client address", () => {
  const none = new TrustedProxies([]);
  const lb = new TrustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);

  it("is the socket's when the peer is no trusted proxy, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("198.51.100.4", "1.2.3.4", none)).toBe("198.51.100.4");
    expect(resolveClientAddress("::ffff:198.51.100.4", undefined, none)).toBe("198.51.100.4");
    expect(resolveClientAddress("198.51.100.4", "10.0.0.1", lb)).toBe("198.51.100.4");
    expect(resolveClientAddress(undefined, "1.2.3.4", lb)).toBe("unknown");
  });

  it("behind trusted proxies, is the rightmost entry that is not one of them", () => {
    // The client forged "6.6.6.6"; the load balancer appended the address it saw.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5", lb)).toBe("203.0.113.5");
    // Two proxy hops of ours: skip both.
    expect(resolveClientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.9.9.9", lb)).toBe("203.0.113.5");
    expect(resolveClientAddress("192.0.2.7", ["203.0.113.5", "::ffff:10.1.1.1"], lb)).toBe("203.0.113.5");
    expect(resolveClientAddress("2001:db8::1", "2001:db8::2, 2a00::9", lb)).toBe("2a00::9");
    // Only proxies in the chain: the leftmost is as far back as anyone vouches for.
    expect(resolveClientAddress("10.0.0.2", "10.0.0.3, 10.0.0.4", lb)).toBe("10.0.0.3");
    expect(resolveClientAddress("10.0.0.2", undefined, lb)).toBe("10.0.0.2");
  });

  it("reads BRIKK_TRUSTED_PROXIES as a CIDR list, empty by default, and refuses a bad entry", () => {
    expect(getEnv().trustedProxies.empty).toBe(true);
    setEnvForTests({ BRIKK_TRUSTED_PROXIES: "10.0.0.0/8, 2001:db8::/32" });
    expect(getEnv().trustedProxies.has("10.200.1.1")).toBe(true);
    expect(getEnv().trustedProxies.has("11.0.0.1")).toBe(false);
    expect(() => setEnvForTests({ BRIKK_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/BRIKK_TRUSTED_PROXIES/);
    expect(() => setEnvForTests({ BRIKK_TRUSTED_PROXIES: "proxy.local" })).toThrow(/BRIKK_TRUSTED_PROXIES/);
  });
});
