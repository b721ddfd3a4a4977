import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { chatCompletion } from "@/server/llm/chat";
import { ChatCompletion, ChatCompletionChunk, ChatCompletionInput } from "@/server/llm/schemas";

// POST /api/v1/chat/completions — OpenAI-compatible chat completions, streamed or not, routed
// across providers, priced on the server and paid in credits. Errors in OpenAI's shape.
export const POST = endpoint(
  {
    docs: {
      id: "createChatCompletion",
      tag: "LLM gateway",
      summary: "Create a chat completion",
      description:
        "OpenAI's chat completions, routed across providers with timeouts, retries, circuit breakers and fallback (`models`), priced on the server and paid in credits under the key's daily caps. Point an official OpenAI SDK at `<this server>/api/v1`. Fields Brikk does not use pass through to the provider. Errors come in OpenAI's shape.",
      credits: "llm",
      headers: ["provider", "budget"],
      errors: [
        "insufficient_credits",
        "budget_exceeded",
        "reputation_too_low",
        "provider_auth_error",
        "provider_unavailable",
      ],
      stream: {
        event: ChatCompletionChunk,
        description:
          "With `stream: true`: server-sent events, each `data:` a `ChatCompletionChunk`, ending with `data: [DONE]`. A stream the provider cuts ends with an error event in OpenAI's shape.",
      },
      examples: {
        request: {
          model: "local/brikk-1",
          messages: [{ role: "user", content: "Say hello in French" }],
          max_tokens: 64,
        },
        response: {
          id: "chatcmpl-local-mxb2kavj",
          object: "chat.completion",
          created: 1796514861,
          model: "brikk-1",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: "Bonjour ! Comment puis-je vous aider ?" },
              finish_reason: "stop",
            },
          ],
          usage: { prompt_tokens: 11, completion_tokens: 12, total_tokens: 23 },
        },
      },
    },
    route: "/api/v1/chat/completions",
    access: ANY_ORG_CALLER,
    body: ChatCompletionInput,
    // With `stream: true` the answer is an event stream of chunks instead.
    response: ChatCompletion,
    errorFormat: "openai",
    bodyLimitBytes: 4 * 1024 * 1024,
  },
  ({ ctx, body, annotate }) => {
    annotate({ model: body.model });
    return chatCompletion({ ctx, input: body });
  },
);
