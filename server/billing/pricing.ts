import { getEnv } from "../platform/env";

// What a paid call costs, in micro-credits (1 credit = 1,000,000). A MB is 1,000,000 bytes; the
// data part is computed per byte and rounded up once per call, so a call is never free by
// rounding and never charged twice for the same byte.

export type PaidService = "api_call" | "workflow";

export type Price = {
  service: PaidService;
  baseMicros: bigint;
  dataMicros: bigint;
  bytes: number;
  totalMicros: bigint;
};

const BYTES_PER_MB = 1_000_000n;

export function dataMicros(bytes: number, perMbMicros: bigint): bigint {
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error(`invalid byte count ${bytes}`);
  const exact = BigInt(bytes) * perMbMicros;
  return (exact + BYTES_PER_MB - 1n) / BYTES_PER_MB;
}

/** The price of one call: its base price plus the data it moved (request + response bodies). */
export function priceOf(service: PaidService, requestBytes: number, responseBytes: number): Price {
  const { prices } = getEnv();
  const baseMicros = service === "workflow" ? prices.workflowExecution : prices.apiCall;
  const bytes = requestBytes + responseBytes;
  const data = dataMicros(bytes, prices.perMb);
  return { service, baseMicros, dataMicros: data, bytes, totalMicros: baseMicros + data };
}
