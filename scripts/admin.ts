// npm run admin -- grant EMAIL | revoke EMAIL | grant-credits ORG_ID CREDITS [REASON]
//                  | stripe-events | retry-stripe-event EVENT_ID
// Platform administration from a shell with database access. In embedded mode the app must be
// stopped first: PGlite allows one process per data directory, and the lock says so.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { setPlatformAdmin } from "@/server/auth/service";
import { grantCredits } from "@/server/ledger/grants";
import { listFailedStripeEvents, retryStripeEvent } from "@/server/payments/webhook";
import { getDb } from "@/server/platform/db";
import { formatMicroCredits, parseCreditsToMicros } from "@/server/platform/money";
import { runCli } from "./run-cli";

const USAGE =
  "usage: npm run admin -- grant EMAIL | revoke EMAIL | grant-credits ORG_ID CREDITS [REASON] | stripe-events | retry-stripe-event EVENT_ID";

/** Failed Stripe events, one per line. */
async function stripeEventsCommand() {
  const events = await listFailedStripeEvents(await getDb());
  if (events.length === 0) console.info("no failed Stripe events");
  for (const e of events) console.info(`${e.id}  ${e.type}  attempts=${e.attempts}  ${e.lastError ?? ""}`);
  return 0;
}

async function retryStripeEventCommand(eventId: string | undefined) {
  if (!eventId) {
    console.error(USAGE);
    return 2;
  }
  const outcome = await retryStripeEvent(await getDb(), eventId);
  console.info(`${outcome.event_id} (${outcome.type}): ${outcome.status}`);
  return 0;
}

async function grantCreditsCommand(orgId: string | undefined, credits: string | undefined, reason: string) {
  if (!orgId || !credits) {
    console.error(USAGE);
    return 2;
  }
  let amountMicros: bigint;
  try {
    amountMicros = parseCreditsToMicros(credits);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (amountMicros <= 0n) {
    console.error("CREDITS must be more than zero");
    return 2;
  }
  const db = await getDb();
  const [org] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!org) {
    console.error(`No organization ${orgId}`);
    return 1;
  }
  const posted = await grantCredits(db, {
    orgId,
    amountMicros,
    reason,
    grantId: randomUUID(),
    actor: { type: "cli" },
  });
  console.info(
    `granted ${formatMicroCredits(amountMicros)} credits to ${orgId} (transfer ${posted.transfer.id})`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "stripe-events") return stripeEventsCommand();
  if (command === "retry-stripe-event") return retryStripeEventCommand(args[0]);
  if (command === "grant-credits") {
    return grantCreditsCommand(args[0], args[1], args.slice(2).join(" ") || "granted from the CLI");
  }
  const email = args[0];
  if ((command !== "grant" && command !== "revoke") || !email) {
    console.error(USAGE);
    return 2;
  }
  const user = await setPlatformAdmin(await getDb(), email, command === "grant");
  console.info(`${user.email} is ${command === "grant" ? "now" : "no longer"} a platform admin`);
  return 0;
}

runCli(main);
