import * as agentKeys from "@/app/api/v1/agents/[id]/keys/route";
import * as agent from "@/app/api/v1/agents/[id]/route";
import * as agents from "@/app/api/v1/agents/route";
import * as balance from "@/app/api/v1/billing/balance/route";
import * as payments from "@/app/api/v1/billing/payments/route";
import * as topup from "@/app/api/v1/billing/topup/route";
import * as transactions from "@/app/api/v1/billing/transactions/route";
import * as stripeWebhook from "@/app/api/v1/billing/webhooks/stripe/route";
import * as chatCompletions from "@/app/api/v1/chat/completions/route";
import * as coordinationEcho from "@/app/api/v1/coordination/echo/route";
import * as coordinationHealth from "@/app/api/v1/coordination/health/route";
import * as echoLogs from "@/app/api/v1/echo/logs/route";
import * as echo from "@/app/api/v1/echo/route";
import * as circuitBreakers from "@/app/api/v1/health/circuit-breakers/route";
import * as keyRotate from "@/app/api/v1/keys/[id]/rotate/route";
import * as key from "@/app/api/v1/keys/[id]/route";
import * as signingSecret from "@/app/api/v1/keys/[id]/signing-secret/route";
import * as keyMe from "@/app/api/v1/keys/me/route";
import * as keysRotate from "@/app/api/v1/keys/rotate/route";
import * as models from "@/app/api/v1/models/route";
import * as org from "@/app/api/v1/orgs/[id]/route";
import * as orgs from "@/app/api/v1/orgs/route";
import * as panelRunCancel from "@/app/api/v1/panel/runs/[id]/cancel/route";
import * as panelRunEvents from "@/app/api/v1/panel/runs/[id]/events/route";
import * as panelRun from "@/app/api/v1/panel/runs/[id]/route";
import * as panelRuns from "@/app/api/v1/panel/runs/route";
import * as feedback from "@/app/api/v1/reputation/feedback/route";
import * as reputationHistory from "@/app/api/v1/reputation/history/[agent_id]/route";
import * as leaderboard from "@/app/api/v1/reputation/leaderboard/route";
import * as reputationScore from "@/app/api/v1/reputation/score/[agent_id]/route";
import * as usageMe from "@/app/api/v1/usage/me/route";

// The public API's route handlers — the same modules Next.js serves — indexed for the lean
// listener (server/runtime/main.ts). Keyed calls skip proxy.ts under Next too, so serving them
// here changes nothing but the cost: no router, no render worker, no per-request Next context.
// A test checks that every route file under app/api/v1 is listed (the Stripe webhook is not: its
// caller sends no Authorization header, so it always goes through Next).

export type RouteHandler = (
  req: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;
type RouteModule = Partial<Record<(typeof METHODS)[number], RouteHandler>>;

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** `[id]` marks a dynamic segment, as in the app directory. */
export const API_ROUTES: ReadonlyArray<readonly [template: string, module: RouteModule]> = [
  ["/api/v1/agents", agents],
  ["/api/v1/agents/[id]", agent],
  ["/api/v1/agents/[id]/keys", agentKeys],
  ["/api/v1/billing/balance", balance],
  ["/api/v1/billing/payments", payments],
  ["/api/v1/billing/topup", topup],
  ["/api/v1/billing/transactions", transactions],
  ["/api/v1/chat/completions", chatCompletions],
  ["/api/v1/coordination/echo", coordinationEcho],
  ["/api/v1/coordination/health", coordinationHealth],
  ["/api/v1/echo", echo],
  ["/api/v1/echo/logs", echoLogs],
  ["/api/v1/health/circuit-breakers", circuitBreakers],
  ["/api/v1/keys/me", keyMe],
  ["/api/v1/keys/rotate", keysRotate],
  ["/api/v1/keys/[id]", key],
  ["/api/v1/keys/[id]/rotate", keyRotate],
  ["/api/v1/keys/[id]/signing-secret", signingSecret],
  ["/api/v1/models", models],
  ["/api/v1/orgs", orgs],
  ["/api/v1/orgs/[id]", org],
  ["/api/v1/panel/runs", panelRuns],
  ["/api/v1/panel/runs/[id]", panelRun],
  ["/api/v1/panel/runs/[id]/cancel", panelRunCancel],
  ["/api/v1/panel/runs/[id]/events", panelRunEvents],
  ["/api/v1/reputation/feedback", feedback],
  ["/api/v1/reputation/history/[agent_id]", reputationHistory],
  ["/api/v1/reputation/leaderboard", leaderboard],
  ["/api/v1/reputation/score/[agent_id]", reputationScore],
  ["/api/v1/usage/me", usageMe],
];

/** Every /api/v1 route file, the webhook included: what the API reference documents. */
export const PUBLIC_API_ROUTES: ReadonlyArray<readonly [template: string, module: RouteModule]> = [
  ...API_ROUTES,
  ["/api/v1/billing/webhooks/stripe", stripeWebhook],
];

type Match = { handler: RouteHandler; params: Record<string, string> };

const staticRoutes = new Map<string, RouteModule>();
const dynamicRoutes: Array<{ segments: string[]; module: RouteModule }> = [];
for (const [template, module] of API_ROUTES) {
  if (template.includes("[")) dynamicRoutes.push({ segments: template.split("/"), module });
  else staticRoutes.set(template, module);
}

/**
 * The handler for `method pathname`, or null when Next.js should serve it (unknown path, a
 * method the route does not export — Next answers 405 with Allow — or a HEAD/OPTIONS request).
 * Static paths win over dynamic ones (`/keys/me` over `/keys/[id]`), as in Next's router.
 */
export function matchApiRoute(method: string, pathname: string): Match | null {
  if (!(METHODS as readonly string[]).includes(method)) return null;
  const verb = method as (typeof METHODS)[number];
  const exact = staticRoutes.get(pathname)?.[verb];
  if (exact) return { handler: exact, params: {} };
  const parts = pathname.split("/");
  for (const { segments, module } of dynamicRoutes) {
    const handler = module[verb];
    if (!handler || segments.length !== parts.length) continue;
    const params = paramsOf(segments, parts);
    if (params) return { handler, params };
  }
  return null;
}

function paramsOf(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const part = parts[i] as string;
    if (segment.startsWith("[")) {
      if (part === "") return null;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(part);
      } catch {
        return null; // malformed escape: let Next answer it
      }
    } else if (segment !== part) {
      return null;
    }
  }
  return params;
}
