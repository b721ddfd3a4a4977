import { ANY_ORG_CALLER } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { listModels } from "@/server/llm/catalog";
import { ModelList } from "@/server/llm/schemas";

// GET /api/v1/models — the models this server can route to, in OpenAI's list format.
export const GET = endpoint(
  {
    docs: {
      id: "listModels",
      tag: "LLM gateway",
      summary: "List models",
      description: "The models this server routes to, in OpenAI's list format.",
    },
    route: "/api/v1/models",
    access: ANY_ORG_CALLER,
    errorFormat: "openai",
    response: ModelList,
  },
  async () => ({
    object: "list",
    data: listModels().map((m) => ({
      id: m.id,
      object: "model",
      created: 0,
      owned_by: m.provider.name,
    })),
  }),
);
