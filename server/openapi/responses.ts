import { z } from "zod";
import type { EndpointContract } from "../http/endpoint";
import type { OperationDocs } from "../http/operation-docs";
import { describeCodes, errorsByStatus, isIdempotent } from "./errors";
import {
  type HeaderDoc,
  IDEMPOTENT_REPLAYED,
  OPERATION_HEADERS,
  RATE_LIMIT,
  REQUEST_ID,
  RETRY_AFTER,
  SERVER_TIMING,
  WWW_AUTHENTICATE,
} from "./headers";

// An operation's responses: its success (JSON, and the event stream where there is one), each
// error status with exactly the codes answered with it, and the headers each carries.

function jsonSchemaOf(schema: z.ZodType) {
  const { $schema: _, ...rest } = z.toJSONSchema(schema);
  return rest;
}

/** References to `components.headers`, inline where a header is required on this response only. */
function headerObjects(docs: Record<string, HeaderDoc>, required: string[] = []) {
  return Object.fromEntries(
    Object.entries(docs).map(([name, doc]) => [
      name,
      required.includes(name)
        ? { description: doc.description, required: true, schema: jsonSchemaOf(doc.schema) }
        : { $ref: `#/components/headers/${name}` },
    ]),
  );
}

function successHeaders(contract: EndpointContract, idempotent: boolean) {
  const docs: Record<string, HeaderDoc> = { "X-Request-Id": REQUEST_ID, "Server-Timing": SERVER_TIMING };
  if (contract.access !== "public") Object.assign(docs, RATE_LIMIT);
  if (idempotent) docs["Idempotent-Replayed"] = IDEMPOTENT_REPLAYED;
  for (const extra of contract.docs?.headers ?? []) Object.assign(docs, OPERATION_HEADERS[extra]);
  return headerObjects(docs);
}

function errorHeaders(status: number) {
  const docs: Record<string, HeaderDoc> = {
    "X-Request-Id": REQUEST_ID,
    "Server-Timing": SERVER_TIMING,
    ...RATE_LIMIT,
  };
  if (status === 429 || status === 503 || status === 409) docs["Retry-After"] = RETRY_AFTER;
  if (status === 401) docs["WWW-Authenticate"] = WWW_AUTHENTICATE;
  return headerObjects(docs, status === 429 ? ["Retry-After"] : []);
}

/** Every response the operation can give, keyed by status. */
export function responsesOf(method: string, contract: EndpointContract): Record<string, unknown> {
  const docs = contract.docs as OperationDocs;
  const status = docs.status ?? (contract.response || docs.stream ? 200 : 204);
  const openai = contract.errorFormat === "openai";
  const errorMedia = openai ? "application/json" : "application/problem+json";
  const responses: Record<string, unknown> = {
    [status]: {
      description: docs.stream ? `${docs.summary}\n\n${docs.stream.description}` : docs.summary,
      headers: successHeaders(contract, isIdempotent(method, contract)),
      ...(contract.response || docs.stream
        ? {
            content: {
              ...(contract.response
                ? {
                    "application/json": {
                      schema: contract.response,
                      ...(docs.examples?.response
                        ? { examples: { example: { value: docs.examples.response } } }
                        : {}),
                    },
                  }
                : {}),
              ...(docs.stream
                ? {
                    // As in OpenAI's own document: the schema is each event's `data`.
                    "text/event-stream": { schema: docs.stream.event },
                  }
                : {}),
            },
          }
        : {}),
    },
  };
  for (const [errorStatus, codes] of errorsByStatus(method, contract)) {
    responses[errorStatus] = {
      description: describeCodes(codes),
      headers: errorHeaders(errorStatus),
      content: {
        [errorMedia]: {
          schema: {
            allOf: [
              { $ref: `#/components/schemas/${openai ? "OpenAiError" : "Problem"}` },
              openai
                ? {
                    type: "object",
                    properties: { error: { type: "object", properties: { code: { enum: codes } } } },
                  }
                : { type: "object", properties: { code: { enum: codes }, status: { const: errorStatus } } },
            ],
          },
        },
      },
    };
  }
  for (const [otherStatus, other] of Object.entries(docs.otherResponses ?? {})) {
    // The route's own answer with this status, beside any error the pipeline answers with it.
    const pipeline = responses[otherStatus] as { description: string; content: object } | undefined;
    responses[otherStatus] = {
      description: pipeline ? `${other.description}\n\n${pipeline.description}` : other.description,
      headers: successHeaders(contract, false),
      content: { ...pipeline?.content, "application/json": { schema: contract.response ?? z.unknown() } },
    };
  }

  return responses;
}
