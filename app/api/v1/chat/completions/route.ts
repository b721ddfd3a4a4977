import { endpoint } from "@/server/http/endpoint";
import { effectiveCaps } from "@/server/keys/caps";
import { chatCompletion } from "@/server/llm/chat";
import { ChatCompletionInput } from "@/server/llm/schemas";

// POST /api/v1/chat/completions — OpenAI-compatible chat completions, streamed or not, routed
// across providers, priced on the server and paid in credits. Errors in OpenAI's shape.
export const POST = endpoint(
  {
    route: "/api/v1/chat/completions",
    auth: "any",
    body: ChatCompletionInput,
    errorFormat: "openai",
    bodyLimitBytes: 4 * 1024 * 1024,
  },
  async ({ db, principal, body, requestId, req, annotate, mark, startedAt }) => {
    annotate({ model: body.model });
    const caps = principal.kind === "user" ? null : effectiveCaps(principal.key.key);
    return chatCompletion(
      {
        db,
        arrivedAt: startedAt,
        caps:
          principal.kind === "user" || !caps
            ? null
            : { keyId: principal.key.key.id, softCapMicroUsd: caps.soft, hardCapMicroUsd: caps.hard },
        orgId: principal.org.id,
        agentId: principal.kind === "agent" ? (principal.key.agent?.id ?? null) : null,
        keyId: principal.kind === "user" ? null : principal.key.key.id,
        userId: principal.kind === "user" ? principal.user.userId : null,
        requestId,
        mark,
      },
      body,
      req.signal,
    );
  },
);
