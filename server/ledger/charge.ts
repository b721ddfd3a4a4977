import type { Price } from "../billing/pricing";
import { formatMicroCredits } from "../platform/money";
import { customerAccountId, pickRevenueShard } from "./accounts";
import { type CallLog, type ChargeOutcome, usageBatcher } from "./charge-batch";

/**
 * Charges one paid call to its organization: credits move from the org's account to a revenue
 * shard in one transfer whose id names the call (`transferId`), so it can never be charged twice,
 * with the call's log in the same commit. Too few credits: 402 `insufficient_credits` and nothing
 * happens. Concurrent charges are group-committed (see charge-batch.ts).
 */
export function charge(params: {
  orgId: string;
  /** Defaults to `usage:<callId>`. */
  transferId?: string;
  callId: string;
  price: Price;
  route: string;
  metadata?: Record<string, unknown>;
  log?: CallLog;
}): Promise<ChargeOutcome> {
  const { price } = params;
  return usageBatcher().charge({
    id: params.transferId ?? `usage:${params.callId}`,
    orgId: params.orgId,
    customerAccountId: customerAccountId(params.orgId),
    shardAccountId: pickRevenueShard(),
    amount: price.totalMicros,
    description: `${params.route} (${price.bytes} bytes)`,
    metadata: {
      service: price.service,
      route: params.route,
      call_id: params.callId,
      bytes: price.bytes,
      base: formatMicroCredits(price.baseMicros),
      data: formatMicroCredits(price.dataMicros),
      ...params.metadata,
    },
    log: params.log,
  });
}
