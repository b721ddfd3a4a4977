import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { chatCompletion } from "@/server/llm/chat";
import { ChatCompletion, ChatCompletionInput } from "@/server/llm/schemas";

// POST /api/v1/chat/completions — OpenAI-compatible chat completions, streamed or not, routed
// across providers, priced on the server and paid in credits. Errors in OpenAI's shape.
export const POST = endpoint(
  {
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
