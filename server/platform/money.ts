// Money is exact: USD amounts are bigint micro-dollars (1 USD = 1,000,000), parsed from and
// printed as decimal strings, never through a float.

const MICROS_PER_USD = 1_000_000n;
const DECIMAL_USD = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

export function parseUsdToMicros(value: string): bigint {
  const match = DECIMAL_USD.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a USD amount with at most 6 decimals`);
  const whole = BigInt(match[1] ?? "0");
  const fraction = BigInt((match[2] ?? "").padEnd(6, "0"));
  return whole * MICROS_PER_USD + fraction;
}

/** "5.000000"-style decimal string with all six digits, so JSON never carries a float. */
export function formatMicrosAsUsd(micros: bigint): string {
  const sign = micros < 0n ? "-" : "";
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / MICROS_PER_USD}.${(abs % MICROS_PER_USD).toString().padStart(6, "0")}`;
}
