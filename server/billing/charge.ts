import { customerAccountId, pickRevenueShard } from "../ledger/accounts";
import { formatMicroCredits } from "../platform/money";
import type { Price } from "./pricing";
import { usageBatcher } from "./usage-batch";

/**
 * Charges one paid call to its organization: credits move from the org's account to a revenue
 * shard in one transfer whose id names the call, so it can never be charged twice. Too few
 * credits: 402 `insufficient_credits` and nothing happens. Concurrent charges are group-committed
 * (see usage-batch.ts).
 */
export function chargeUsage(params: {
  orgId: string;
  callId: string;
  price: Price;
  route: string;
  metadata?: Record<string, unknown>;
}): Promise<void> {
  const { price } = params;
  return usageBatcher().charge({
    id: `usage:${params.callId}`,
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
  });
}
