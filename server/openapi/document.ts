import type { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import type { EndpointContract } from "../http/endpoint";
import { API_TAGS, type ApiTag } from "../http/operation-docs";
import type { Env } from "../platform/env";
import { formatMicroCredits } from "../platform/money";
import { METHODS, PUBLIC_API_ROUTES } from "../runtime/api-routes";
import { COMPONENT_SCHEMAS } from "./component-schemas";
import { isIdempotent, OpenAiError, Problem } from "./errors";
import { headerComponents } from "./headers";
import { responsesOf } from "./responses";
import { callersOf, SECURITY_SCHEMES, securityOf } from "./security";

// The OpenAPI 3.1 document of /api/v1, generated from the routes' own contracts: the zod schemas
// they validate and answer with, who may call them, and their docs. Served at /openapi.json,
// written at build time (scripts/openapi.ts), and the typed client is generated from it.

export type Operation = { method: (typeof METHODS)[number]; path: string; contract: EndpointContract };

/** Every documented operation, in the route table's order. */
export function apiOperations(): Operation[] {
  return PUBLIC_API_ROUTES.flatMap(([template, module]) =>
    METHODS.flatMap((method) => {
      const handler = module[method] as { contract?: EndpointContract } | undefined;
      if (!handler) return [];
      if (!handler.contract) throw new Error(`${method} ${template} is not an endpoint()`);
      return [{ method, path: template.replace(/\[(\w+)\]/g, "{$1}"), contract: handler.contract }];
    }),
  );
}

const TAG_DESCRIPTIONS: Record<ApiTag, string> = {
  Coordination: "Echo workflows between agents, logged and charged in credits.",
  "LLM gateway":
    "OpenAI-compatible chat completions across providers, priced on the server, paid in credits.",
  Agents: "The organization's agents and their keys.",
  Keys: "API keys: the calling key, rotation, signing secrets, spend caps.",
  Billing: "The credits ledger and Stripe top-ups.",
  Reputation:
    "Feedback on agents, weighed by who paid and what Brikk recorded, and the time-decayed Beta scores with credible intervals it adds up to.",
  Panel:
    "The multilingual panel: four agents with personas, two rounds, played on the server through the gateway and streamed live as resumable server-sent events, with per-turn provenance, billed cost and language checks.",
  Organizations: "The signed-in user's organizations (dashboard sessions).",
  Health: "Liveness of the API and of its upstream providers.",
};

const DESCRIPTION = `Brikk runs AI agents as paying API clients. Every call is authenticated, rate limited,
idempotent where it writes (\`Idempotency-Key\`), audited and metered.

- **Guides:** [authentication](/docs/guides/authentication) · [idempotency](/docs/guides/idempotency) ·
  [rate limits and budgets](/docs/guides/rate-limits) · [credits and top-ups](/docs/guides/credits) ·
  [the OpenAI-compatible gateway](/docs/guides/gateway)
- **Errors** are RFC 9457 problems whose \`type\` links to the [error catalogue](/docs/errors)
  (OpenAI's error shape on \`/chat/completions\` and \`/models\`).
- **Request ids:** every answer carries \`X-Request-Id\`; send your own (up to 128 characters) to
  name a request. Dashboard sessions pick their organization with \`X-Brikk-Org\`.
- **Money** is exact: credits and USD travel as decimal strings with six decimals.
- Each operation's \`x-brikk-credits\` says what it costs.`;

/** What an operation costs, from the server's live prices. */
function creditsOf(contract: EndpointContract, env: Env) {
  const kind = contract.docs?.credits;
  if (!kind) return { charged: false, summary: "Free." };
  const perMb = formatMicroCredits(env.prices.perMb);
  if (kind === "llm") {
    const perCall = formatMicroCredits(env.prices.apiCall);
    return {
      charged: true,
      per_call: perCall,
      per_usd_of_tokens: String(env.llm.creditsPerUsd),
      summary: `${perCall} credits per call (CREDITS_PER_API_CALL) plus the tokens' USD cost × ${env.llm.creditsPerUsd} (CREDITS_PER_USD). The worst case is held before the call and the actual cost settled after it.`,
    };
  }
  const base = formatMicroCredits(kind === "workflow" ? env.prices.workflowExecution : env.prices.apiCall);
  const name = kind === "workflow" ? "CREDITS_PER_WORKFLOW_EXECUTION" : "CREDITS_PER_API_CALL";
  return {
    charged: true,
    per_call: base,
    per_mb: perMb,
    summary: `${base} credits per call (${name}) plus ${perMb} per MB of request and response (CREDITS_PER_MB).`,
  };
}

function operationOf({ method, contract }: Operation, env: Env): ZodOpenApiOperationObject {
  const docs = contract.docs;
  if (!docs) throw new Error(`${method} ${contract.route} has no docs`);
  const idempotent = isIdempotent(method, contract);
  const responses = responsesOf(method, contract);

  // X-Request-Id and X-Brikk-Org are described in the introduction, not listed per operation:
  // the reference's snippets would send every listed header, empty.
  const parameters = idempotent ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : [];

  const body = contract.body;
  const requestBody = body
    ? {
        required: !body.safeParse({}).success,
        content: {
          "application/json": {
            schema: body,
            ...(docs.examples?.request ? { examples: { example: { value: docs.examples.request } } } : {}),
          },
        },
      }
    : docs.rawBody
      ? {
          required: true,
          description: docs.rawBody.description,
          content: { "application/json": { schema: docs.rawBody.schema } },
        }
      : undefined;

  return {
    operationId: docs.id,
    summary: docs.summary,
    description: [
      docs.description,
      `**Who may call:** ${callersOf(contract.access)}.`,
      `**Cost:** ${creditsOf(contract, env).summary}`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    tags: [docs.tag],
    security: securityOf(contract.access),
    parameters: [...parameters, ...(docs.requestHeaders ?? [])],
    requestParams: {
      ...(contract.params ? { path: contract.params as z.ZodObject } : {}),
      ...(contract.query ? { query: contract.query as z.ZodObject } : {}),
    },
    ...(requestBody ? { requestBody } : {}),
    responses,
    "x-brikk-credits": creditsOf(contract, env),
  } as ZodOpenApiOperationObject;
}

export function buildOpenApiDocument(env: Env, version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of apiOperations()) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method.toLowerCase()] = operationOf(
      operation,
      env,
    );
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Brikk API",
        version,
        description: DESCRIPTION,
        license: { name: "Proprietary", identifier: "LicenseRef-Brikk" },
      },
      servers: [{ url: "/", description: "This Brikk deployment" }],
      tags: API_TAGS.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
      paths,
      components: {
        schemas: { ...COMPONENT_SCHEMAS, Problem, OpenAiError },
        securitySchemes: SECURITY_SCHEMES,
        headers: headerComponents(),
        parameters: {
          IdempotencyKey: {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              "Makes a retry safe: the same key and request within 24 h replays the first answer (`Idempotent-Replayed: true`) instead of running again. Scoped to the organization.",
            schema: {
              type: "string",
              minLength: 1,
              maxLength: 255,
              examples: ["5f0d3c0e-2b1a-4c8e-9f4e-7d6b2a1c9e3f"],
            },
          },
        },
      },
    },
    {
      // zod's JSON Schema closes output objects (`additionalProperties: false`), which would make
      // every response schema differ from its input twin and get renamed `…Output`, and would tell
      // clients to reject fields a later version adds. The contract test closes them itself.
      override: ({ jsonSchema, zodSchema, io }) => {
        if (
          io === "output" &&
          zodSchema._zod.def.type === "object" &&
          jsonSchema.additionalProperties === false
        ) {
          delete jsonSchema.additionalProperties;
        }
      },
    },
  );
}
