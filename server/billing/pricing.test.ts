import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests, setEnvForTests } from "../platform/env";
import { dataMicros, priceOf } from "./pricing";

afterEach(resetEnvForTests);

describe("pricing", () => {
  it("charges 0.1 credit per MB per byte, rounded up once per call", () => {
    const perMb = 100_000n; // 0.1 credit
    expect(dataMicros(0, perMb)).toBe(0n);
    expect(dataMicros(1, perMb)).toBe(1n); // 0.1 micro-credit rounds up to 1
    expect(dataMicros(10, perMb)).toBe(1n); // exactly 1 micro-credit
    expect(dataMicros(11, perMb)).toBe(2n);
    expect(dataMicros(1_000_000, perMb)).toBe(100_000n);
    expect(dataMicros(2_500_001, perMb)).toBe(250_001n);
  });

  it("refuses byte counts that are not whole and non-negative", () => {
    expect(() => dataMicros(-1, 1n)).toThrow(/invalid byte count/);
    expect(() => dataMicros(1.5, 1n)).toThrow(/invalid byte count/);
  });

  it("adds the base price of the service to the data", () => {
    expect(priceOf("api_call", 400, 600)).toEqual({
      service: "api_call",
      baseMicros: 1_000_000n,
      dataMicros: 100n,
      bytes: 1000,
      totalMicros: 1_000_100n,
    });
    expect(priceOf("workflow", 0, 0).totalMicros).toBe(10_000_000n);
  });

  it("reads prices from the environment, exactly", () => {
    setEnvForTests({
      CREDITS_PER_API_CALL: "0.000001",
      CREDITS_PER_MB: "3",
      CREDITS_PER_WORKFLOW_EXECUTION: "2.5",
    });
    expect(priceOf("api_call", 1, 0)).toMatchObject({ baseMicros: 1n, dataMicros: 3n, totalMicros: 4n });
    expect(priceOf("workflow", 0, 0).totalMicros).toBe(2_500_000n);
  });

  it("refuses prices that are not exact decimals", () => {
    expect(() => setEnvForTests({ CREDITS_PER_MB: "0.1234567" })).toThrow(/CREDITS_PER_MB/);
    expect(() => setEnvForTests({ CREDITS_PER_API_CALL: "-1" })).toThrow(/CREDITS_PER_API_CALL/);
  });
});
