import { flushRateLimitRollup } from "../audit/rate-limit-rollup";
import { getLogger } from "../platform/logger";
import { flushAllWriteBehind } from "../platform/write-behind";

/** Writes what is queued behind responses (usage events, the rate-limit audit rollup). */
export async function flushBeforeExit(): Promise<void> {
  try {
    await Promise.all([flushAllWriteBehind(), flushRateLimitRollup({ all: true })]);
  } catch (error) {
    getLogger().error({ err: error }, "could not write queued rows before exit");
  }
}
