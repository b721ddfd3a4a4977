// Money is exact: USD amounts are bigint micro-dollars (1 USD = 1,000,000) and credits are bigint
// micro-credits (1 credit = 1,000,000), parsed from and printed as decimal strings, never through
// a float.

export const MICROS = 1_000_000n;
const DECIMAL = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

function parseDecimalMicros(value: string, what: string): bigint {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not ${what} with at most 6 decimals`);
  const whole = BigInt(match[1] ?? "0");
  const fraction = BigInt((match[2] ?? "").padEnd(6, "0"));
  return whole * MICROS + fraction;
}

/** "5.000000"-style decimal string with all six digits, so JSON never carries a float. */
function formatMicros(micros: bigint): string {
  const sign = micros < 0n ? "-" : "";
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / MICROS}.${(abs % MICROS).toString().padStart(6, "0")}`;
}

export const parseUsdToMicros = (value: string) => parseDecimalMicros(value, "a USD amount");
export const formatMicrosAsUsd = formatMicros;
export const parseCreditsToMicros = (value: string) => parseDecimalMicros(value, "a credit amount");
export const formatMicroCredits = formatMicros;

/** Math.min/Math.max for bigint amounts (micro-credits, cents) (the Math functions take numbers only). */
export const bigMin = (a: bigint, b: bigint): bigint => (a <= b ? a : b);
export const bigMax = (a: bigint, b: bigint): bigint => (a >= b ? a : b);
