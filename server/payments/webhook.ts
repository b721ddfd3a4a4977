import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { type StripeEvent, stripeEvents } from "@/db/schema";
import type { ServiceContext } from "../context";
import { AppError, notFound } from "../errors";
import { nowMs } from "../platform/clock";
import { getLogger } from "../platform/logger";
import { EVENT_HANDLERS, paymentIntentIdOf } from "./events";
import type { StripeEventRef } from "./schemas";
import { requireStripeConfig, stripeClient } from "./stripe";

// Stripe webhooks. The signature (STRIPE_WEBHOOK_SECRET, checked by the SDK over the raw body) is
// the only authentication. Each event is applied in one transaction that first claims its id in
// stripe_events: a concurrent duplicate waits on that row and then finds it processed, a
// redelivery finds it at once. A failed event is stored as failed (Stripe redelivers it; admins
// can retry it) and only a failed event may be processed again.

export type WebhookOutcome = {
  event_id: string;
  type: string;
  status: "processed" | "ignored" | "duplicate";
};

export async function verifyStripeEvent(rawBody: string, signature: string | null): Promise<Stripe.Event> {
  const { webhookSecret } = requireStripeConfig();
  if (!webhookSecret) {
    throw new AppError("service_unavailable", "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)");
  }
  if (!signature) throw new AppError("bad_request", "The Stripe-Signature header is missing");
  try {
    return await stripeClient().webhooks.constructEventAsync(rawBody, signature, webhookSecret);
  } catch {
    throw new AppError("bad_request", "The Stripe-Signature header does not match this payload");
  }
}

export async function processStripeEvent({
  ctx: { db },
  input: event,
}: {
  ctx: ServiceContext;
  input: Stripe.Event;
}): Promise<WebhookOutcome> {
  const handler = EVENT_HANDLERS[event.type];
  const status = handler ? "processed" : "ignored";
  const row = {
    id: event.id,
    type: event.type,
    payload: event as unknown as Record<string, unknown>,
    paymentIntentId: paymentIntentIdOf(event),
  };
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(stripeEvents)
        .values({ ...row, status, processedAt: new Date(nowMs()) })
        .onConflictDoUpdate({
          target: stripeEvents.id,
          set: {
            status,
            attempts: sql`${stripeEvents.attempts} + 1`,
            lastError: null,
            processedAt: new Date(nowMs()),
          },
          setWhere: eq(stripeEvents.status, "failed"),
        })
        .returning({ id: stripeEvents.id });
      if (claimed.length === 0) return { event_id: event.id, type: event.type, status: "duplicate" as const };
      if (handler) await handler(tx, event);
      return { event_id: event.id, type: event.type, status };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    getLogger().error({ err: error, event_id: event.id, type: event.type }, "stripe event failed");
    await db
      .insert(stripeEvents)
      .values({ ...row, status: "failed", lastError: message.slice(0, 1000) })
      .onConflictDoUpdate({
        target: stripeEvents.id,
        set: { attempts: sql`${stripeEvents.attempts} + 1`, lastError: message.slice(0, 1000) },
        setWhere: eq(stripeEvents.status, "failed"),
      });
    throw new AppError(
      "internal",
      `Event ${event.id} could not be processed; it is stored and will be retried`,
    );
  }
}

/** Runs a stored event that failed again, from its stored payload (dashboard button and CLI). */
export async function retryStripeEvent({
  ctx,
  input: { id: eventId },
}: {
  ctx: ServiceContext;
  input: StripeEventRef;
}): Promise<WebhookOutcome> {
  const [stored] = await ctx.db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
  if (!stored) throw notFound("Stripe event");
  if (stored.status !== "failed") {
    throw new AppError("conflict", `Event ${eventId} is ${stored.status}; only failed events can be retried`);
  }
  return processStripeEvent({ ctx, input: stored.payload as unknown as Stripe.Event });
}

export type StripeEventView = Pick<
  StripeEvent,
  "id" | "type" | "status" | "attempts" | "lastError" | "paymentIntentId" | "receivedAt" | "processedAt"
>;

/** Failed events, oldest first: what an admin should look at. */
export async function listFailedStripeEvents({ ctx }: { ctx: ServiceContext }): Promise<StripeEventView[]> {
  return ctx.db
    .select({
      id: stripeEvents.id,
      type: stripeEvents.type,
      status: stripeEvents.status,
      attempts: stripeEvents.attempts,
      lastError: stripeEvents.lastError,
      paymentIntentId: stripeEvents.paymentIntentId,
      receivedAt: stripeEvents.receivedAt,
      processedAt: stripeEvents.processedAt,
    })
    .from(stripeEvents)
    .where(eq(stripeEvents.status, "failed"))
    .orderBy(stripeEvents.receivedAt)
    .limit(100);
}
