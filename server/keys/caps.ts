import type { ApiKey } from "@/db/schema";
import { getEnv } from "../platform/env";

// A key's daily spend caps: its own when set, the server's defaults (BRIKK_DEFAULT_SOFT_CAP_USD,
// BRIKK_DEFAULT_HARD_CAP_USD) when null, so a key on the default follows a changed default.

export type EffectiveCaps = { soft: bigint; hard: bigint; softIsDefault: boolean; hardIsDefault: boolean };

export function effectiveCaps(key: Pick<ApiKey, "softCapUsdMicros" | "hardCapUsdMicros">): EffectiveCaps {
  const defaults = getEnv().defaultCaps;
  return {
    soft: key.softCapUsdMicros ?? defaults.softUsdMicros,
    hard: key.hardCapUsdMicros ?? defaults.hardUsdMicros,
    softIsDefault: key.softCapUsdMicros === null,
    hardIsDefault: key.hardCapUsdMicros === null,
  };
}
