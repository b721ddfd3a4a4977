import { describe, expect, it } from "vitest";
import { installFakeClock, now, nowMs } from "./clock";

describe("clock", () => {
  it("reads real time by default and fake time when installed", () => {
    const before = Date.now();
    expect(nowMs()).toBeGreaterThanOrEqual(before);
    const fake = installFakeClock("2030-05-01T00:00:00Z");
    expect(now().toISOString()).toBe("2030-05-01T00:00:00.000Z");
    fake.advance(1_500);
    expect(now().toISOString()).toBe("2030-05-01T00:00:01.500Z");
    fake.restore();
    expect(nowMs()).toBeGreaterThanOrEqual(before);
  });
});
