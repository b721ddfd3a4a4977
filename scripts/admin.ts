// npm run admin -- grant EMAIL | revoke EMAIL | grant-credits ORG_ID CREDITS REFERENCE [REASON]
//                  | stripe-events | retry-stripe-event EVENT_ID
// Platform administration from a shell with database access. In embedded mode the app must be
// stopped first: PGlite allows one process per data directory, and the lock says so.
import { setPlatformAdmin } from "@/server/auth/service";
import type { ServiceContext } from "@/server/context";
import { isAppError } from "@/server/errors";
import { grantCredits } from "@/server/ledger/grants";
import { GrantCreditsInput } from "@/server/ledger/schemas";
import { listFailedStripeEvents, retryStripeEvent } from "@/server/payments/webhook";
import { getDb } from "@/server/platform/db";
import { runCli } from "./run-cli";

const USAGE =
  "usage: npm run admin -- grant EMAIL | revoke EMAIL | grant-credits ORG_ID CREDITS REFERENCE [REASON] | stripe-events | retry-stripe-event EVENT_ID";

/** The operator at the terminal: audited as `cli`. */
async function cliContext(): Promise<ServiceContext> {
  return { db: await getDb(), actor: { type: "cli" } };
}

/** Failed Stripe events, one per line. */
async function stripeEventsCommand() {
  const events = await listFailedStripeEvents({ ctx: await cliContext() });
  if (events.length === 0) console.info("no failed Stripe events");
  for (const e of events) console.info(`${e.id}  ${e.type}  attempts=${e.attempts}  ${e.lastError ?? ""}`);
  return 0;
}

async function retryStripeEventCommand(eventId: string | undefined) {
  if (!eventId) {
    console.error(USAGE);
    return 2;
  }
  const outcome = await retryStripeEvent({ ctx: await cliContext(), input: { id: eventId } });
  console.info(`${outcome.event_id} (${outcome.type}): ${outcome.status}`);
  return 0;
}

/** The REFERENCE names the grant (a ticket, an invoice): running the command again changes nothing. */
async function grantCreditsCommand(args: string[]) {
  const [orgId, credits, reference, ...reason] = args;
  const parsed = GrantCreditsInput.safeParse({
    org_id: orgId ?? "",
    credits: credits ?? "",
    reference: reference ?? "",
    reason: reason.join(" ") || "granted from the CLI",
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
    console.error(USAGE);
    return 2;
  }
  try {
    const outcome = await grantCredits({
      ctx: await cliContext(),
      input: parsed.data,
    });
    console.info(
      outcome.created
        ? `granted ${outcome.credits} credits to ${outcome.org_id} (transfer ${outcome.transfer_id})`
        : `already granted: ${outcome.credits} credits to ${outcome.org_id} under reference ${parsed.data.reference} (transfer ${outcome.transfer_id}); nothing changed`,
    );
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(error.message);
    return error.code === "not_found" ? 1 : 3;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === "stripe-events") return stripeEventsCommand();
  if (command === "retry-stripe-event") return retryStripeEventCommand(args[0]);
  if (command === "grant-credits") return grantCreditsCommand(args);
  const email = args[0];
  if ((command !== "grant" && command !== "revoke") || !email) {
    console.error(USAGE);
    return 2;
  }
  const user = await setPlatformAdmin({
    ctx: await cliContext(),
    input: { email, value: command === "grant" },
  });
  console.info(`${user.email} is ${command === "grant" ? "now" : "no longer"} a platform admin`);
  return 0;
}

runCli(main);
