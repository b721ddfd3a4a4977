import type { ComponentType } from "react";
import { AuthenticationGuide } from "./authentication";
import { CreditsGuide } from "./credits";
import { GatewayGuide } from "./gateway";
import { IdempotencyGuide } from "./idempotency";
import { RateLimitsGuide } from "./rate-limits";

export type Guide = { slug: string; title: string; summary: string; Body: ComponentType };

/** The guides, in reading order; /docs/guides/<slug> renders each. */
export const GUIDES: Guide[] = [
  {
    slug: "authentication",
    title: "Authentication",
    summary: "Agent and management keys, rotation, and HMAC-signed requests in curl, Node and Python.",
    Body: AuthenticationGuide,
  },
  {
    slug: "idempotency",
    title: "Idempotency",
    summary: "Retry any write safely with an Idempotency-Key: charged once, answered the same.",
    Body: IdempotencyGuide,
  },
  {
    slug: "rate-limits",
    title: "Rate limits and budgets",
    summary: "Per-key, per-route and per-address limits, their headers, and daily USD caps per key.",
    Body: RateLimitsGuide,
  },
  {
    slug: "credits",
    title: "Credits and top-ups",
    summary: "What each call costs, the exact ledger behind it, and buying credits through Stripe.",
    Body: CreditsGuide,
  },
  {
    slug: "gateway",
    title: "The OpenAI-compatible gateway",
    summary: "The official openai SDKs for JavaScript and Python pointed at Brikk: models, fallback, cost.",
    Body: GatewayGuide,
  },
];
