import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

// A small fake of the Stripe API, enough for top-ups: PaymentIntents (create, retrieve), charges
// and refunds, speaking Stripe's HTTP (form-encoded requests, JSON objects, error envelopes). The
// real SDK is pointed at it through STRIPE_API_URL. It insists on an Idempotency-Key for every
// POST, as the app must send one, replays the first response for a repeated key and answers
// `idempotency_error` when the key comes back with other parameters, as Stripe does. It can be
// told to fail the next API calls (429, 500, or no answer at all) to test what a caller does when
// Stripe is having a bad day; like Stripe, it does not store a failed reply under its key. Control calls (`/_fake/...`) play the customer and the bank: they make a payment succeed,
// fail or be refunded and deliver the matching webhooks, signed like Stripe signs them.

export type FakeIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  currency: string;
  status: string;
  client_secret: string;
  metadata: Record<string, string>;
  description: string | null;
  latest_charge: string | null;
  last_payment_error: { message: string } | null;
  created: number;
};

export type FakeCharge = {
  id: string;
  object: "charge";
  amount: number;
  amount_refunded: number;
  payment_intent: string;
  receipt_url: string;
  refunded: boolean;
  status: string;
  created: number;
};

export type RecordedRequest = { method: string; path: string; idempotencyKey: string | null; body: string };

/** How the next API call fails: an HTTP status with Stripe's error body, or no answer at all. */
export type StripeFailure = 429 | 500 | "timeout";

export type FakeStripeOptions = {
  /** Where webhooks go; events are only returned when unset. */
  webhookUrl?: string;
  webhookSecret?: string;
  port?: number;
};

const signer = new Stripe("sk_test_fake_signer");
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

/** Stripe's form encoding: `metadata[org_id]=x` → { metadata: { org_id: "x" } }. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter(Boolean);
    let node = out;
    path.forEach((segment, i) => {
      if (i === path.length - 1) node[segment] = value;
      else {
        node[segment] ??= {};
        node = node[segment] as Record<string, unknown>;
      }
    });
  }
  return out;
}

export class FakeStripe {
  readonly intents = new Map<string, FakeIntent>();
  readonly charges = new Map<string, FakeCharge>();
  readonly requests: RecordedRequest[] = [];
  private readonly replies = new Map<string, { status: number; body: unknown; params: string }>();
  private readonly failures: StripeFailure[] = [];
  private server: Server | null = null;
  url = "";

  constructor(private readonly options: FakeStripeOptions = {}) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(this.options.port ?? 0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next API calls (not control calls) fail this way, one failure per call, in order. */
  failNext(...failures: StripeFailure[]): this {
    this.failures.push(...failures);
    return this;
  }

  resetFailures(): void {
    this.failures.length = 0;
  }

  /** A webhook event in Stripe's shape. */
  event(type: string, object: object): Stripe.Event {
    return {
      id: newId("evt"),
      object: "event",
      api_version: "2025-01-01",
      created: now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    } as unknown as Stripe.Event;
  }

  /** The Stripe-Signature header for a payload, as Stripe computes it. */
  signature(payload: string, secret = this.options.webhookSecret ?? ""): string {
    return signer.webhooks.generateTestHeaderString({ payload, secret });
  }

  /** Delivers an event to the webhook URL; returns the HTTP status and body. */
  async deliver(event: Stripe.Event): Promise<{ status: number; body: unknown }> {
    if (!this.options.webhookUrl) throw new Error("no webhook URL configured");
    const payload = JSON.stringify(event);
    const res = await fetch(this.options.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": this.signature(payload) },
      body: payload,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  /** The customer paid: the intent and its charge succeed. Returns the events Stripe would send. */
  succeed(intentId: string): Stripe.Event[] {
    const intent = this.mustIntent(intentId);
    const charge: FakeCharge = {
      id: newId("ch"),
      object: "charge",
      amount: intent.amount,
      amount_refunded: 0,
      payment_intent: intent.id,
      receipt_url: `${this.url}/receipts/${intent.id}`,
      refunded: false,
      status: "succeeded",
      created: now(),
    };
    this.charges.set(charge.id, charge);
    Object.assign(intent, { status: "succeeded", latest_charge: charge.id, last_payment_error: null });
    return [
      this.event("charge.succeeded", { ...charge }),
      this.event("payment_intent.succeeded", { ...intent }),
    ];
  }

  fail(intentId: string, message = "Your card was declined."): Stripe.Event[] {
    const intent = this.mustIntent(intentId);
    Object.assign(intent, { status: "requires_payment_method", last_payment_error: { message } });
    return [this.event("payment_intent.payment_failed", { ...intent })];
  }

  /** Refunds `amount` cents more (cumulative on the charge, like Stripe). */
  refund(intentId: string, amount?: number): Stripe.Event[] {
    const intent = this.mustIntent(intentId);
    const charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
    if (!charge) throw new Error(`${intentId} has no charge to refund`);
    const refund = Math.min(
      amount ?? charge.amount - charge.amount_refunded,
      charge.amount - charge.amount_refunded,
    );
    charge.amount_refunded += refund;
    charge.refunded = charge.amount_refunded === charge.amount;
    return [this.event("charge.refunded", { ...charge })];
  }

  private mustIntent(id: string): FakeIntent {
    const intent = this.intents.get(id);
    if (!intent) throw new Error(`no PaymentIntent ${id}`);
    return intent;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    this.requests.push({ method: req.method ?? "GET", path, idempotencyKey, body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": newId("req") });
      res.end(JSON.stringify(payload));
    };
    try {
      if (path.startsWith("/_fake/")) return send(200, await this.control(req.method ?? "GET", path, body));
      if (!req.headers.authorization?.startsWith("Bearer sk_")) {
        return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
      }
      const failure = this.failures.shift();
      if (failure === "timeout") return; // accepted, never answered: the client's timeout must fire
      if (failure === 429) {
        return send(429, {
          error: {
            type: "invalid_request_error",
            code: "rate_limit",
            message: "Too many requests hit the API too quickly.",
          },
        });
      }
      if (failure === 500) {
        return send(500, { error: { type: "api_error", message: "An unknown error occurred (fake 500)." } });
      }
      if (req.method === "POST") {
        if (!idempotencyKey) {
          return send(400, {
            error: {
              type: "invalid_request_error",
              message: "fake Stripe: every POST needs an Idempotency-Key",
            },
          });
        }
        const params = `${path}?${body}`;
        const replay = this.replies.get(idempotencyKey);
        if (replay && replay.params !== params) {
          return send(400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        if (replay) return send(replay.status, replay.body);
        const reply = this.api(req.method, path, parseStripeForm(body));
        this.replies.set(idempotencyKey, { ...reply, params });
        return send(reply.status, reply.body);
      }
      const reply = this.api(req.method ?? "GET", path, {});
      return send(reply.status, reply.body);
    } catch (error) {
      send(400, { error: { type: "invalid_request_error", message: (error as Error).message } });
    }
  }

  private api(
    method: string,
    path: string,
    form: Record<string, unknown>,
  ): { status: number; body: unknown } {
    const notFound = {
      status: 404,
      body: { error: { type: "invalid_request_error", message: `No such ${path}` } },
    };
    if (method === "POST" && path === "/v1/payment_intents") {
      const amount = Number(form.amount);
      if (!Number.isInteger(amount) || amount < 50) {
        return {
          status: 400,
          body: {
            error: {
              type: "invalid_request_error",
              param: "amount",
              message: "Amount must be at least 50 cents",
            },
          },
        };
      }
      const id = newId("pi");
      const intent: FakeIntent = {
        id,
        object: "payment_intent",
        amount,
        currency: String(form.currency ?? "usd"),
        status: "requires_payment_method",
        client_secret: `${id}_secret_${randomBytes(8).toString("hex")}`,
        metadata: (form.metadata as Record<string, string>) ?? {},
        description: (form.description as string) ?? null,
        latest_charge: null,
        last_payment_error: null,
        created: now(),
      };
      this.intents.set(id, intent);
      return { status: 200, body: intent };
    }
    const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === "GET" && intent?.[1]) {
      const found = this.intents.get(intent[1]);
      return found ? { status: 200, body: found } : notFound;
    }
    const charge = /^\/v1\/charges\/([^/]+)$/.exec(path);
    if (method === "GET" && charge?.[1]) {
      const found = this.charges.get(charge[1]);
      return found ? { status: 200, body: found } : notFound;
    }
    return notFound;
  }

  /**
   * `GET /_fake/payment_intents` lists what was created (newest first);
   * `POST /_fake/payment_intents/{id}/{succeed|fail|refund}` applies it and delivers the webhooks.
   */
  private async control(method: string, path: string, body: string): Promise<unknown> {
    if (method === "GET" && path === "/_fake/payment_intents") {
      return {
        data: [...this.intents.values()].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1)),
      };
    }
    const match = /^\/_fake\/payment_intents\/([^/]+)\/(succeed|fail|refund)$/.exec(path);
    if (method !== "POST" || !match?.[1]) throw new Error(`unknown control call ${method} ${path}`);
    const id = match[1];
    const params = body ? (JSON.parse(body) as { amount?: number; message?: string }) : {};
    const events =
      match[2] === "succeed"
        ? this.succeed(id)
        : match[2] === "fail"
          ? this.fail(id, params.message)
          : this.refund(id, params.amount);
    const deliveries = [];
    for (const event of events)
      deliveries.push({ event: event.id, type: event.type, ...(await this.deliver(event)) });
    return { deliveries };
  }
}
