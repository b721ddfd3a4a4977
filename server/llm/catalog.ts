import { AppError } from "../errors";
import { getEnv } from "../platform/env";

// Which providers exist and which models they serve. Model ids are `provider/model`; bare names
// resolve through the alias table. A provider without an API key is not offered at all, except
// `local`, the built-in offline provider, which is always there.

export type ProviderName = string;

export type ProviderConfig =
  | { name: ProviderName; kind: "openai-compatible"; baseUrl: string; apiKey: string; models: string[] }
  | { name: "local"; kind: "local"; models: string[] };

export const LOCAL_MODELS = ["brikk-1"];
const OPENAI_MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-3.5-turbo"];
const MISTRAL_MODELS = ["mistral-small-latest", "mistral-medium-latest", "mistral-large-latest"];

/**
 * The configured route: when a model's provider fails before answering, its counterpart on the
 * next provider is tried (openai → mistral and back), if that provider is configured.
 */
const COUNTERPARTS: Record<string, string> = {
  "openai/gpt-4o-mini": "mistral/mistral-small-latest",
  "openai/gpt-3.5-turbo": "mistral/mistral-small-latest",
  "openai/gpt-4o": "mistral/mistral-large-latest",
  "mistral/mistral-small-latest": "openai/gpt-4o-mini",
  "mistral/mistral-medium-latest": "openai/gpt-4o",
  "mistral/mistral-large-latest": "openai/gpt-4o",
};

export function configuredProviders(): ProviderConfig[] {
  const { llm } = getEnv();
  const providers: ProviderConfig[] = [];
  if (llm.openai)
    providers.push({ name: "openai", kind: "openai-compatible", ...llm.openai, models: OPENAI_MODELS });
  if (llm.mistral) {
    providers.push({ name: "mistral", kind: "openai-compatible", ...llm.mistral, models: MISTRAL_MODELS });
  }
  for (const extra of llm.extraProviders) providers.push({ kind: "openai-compatible", ...extra });
  providers.push({ name: "local", kind: "local", models: LOCAL_MODELS });
  return providers;
}

export type ResolvedModel = { id: string; provider: ProviderConfig; model: string };

const modelLists = new WeakMap<object, readonly ResolvedModel[]>();

/** Every model a caller can ask for, as `provider/model` (built once per configuration, shared). */
export function listModels(): readonly ResolvedModel[] {
  const { llm } = getEnv();
  let models = modelLists.get(llm);
  if (!models) {
    models = configuredProviders().flatMap((provider) =>
      provider.models.map((model) => ({ id: `${provider.name}/${model}`, provider, model })),
    );
    modelLists.set(llm, models);
  }
  return models;
}

function unknownModel(id: string, param = "model"): AppError {
  return new AppError("bad_request", `The model '${id}' does not exist or is not available here`, {
    errors: [{ pointer: `/${param}`, detail: `unknown model ${id}` }],
  });
}

/** `provider/model` or a bare model name served by exactly one configured provider. */
export function resolveModel(id: string, param = "model"): ResolvedModel {
  const models = listModels();
  const exact = models.find((m) => m.id === id);
  if (exact) return exact;
  if (!id.includes("/")) {
    const bare = models.filter((m) => m.model === id);
    if (bare.length >= 1 && bare[0]) return bare[0];
  }
  throw unknownModel(id, param);
}

/**
 * The models to try, in order: the requested one, then the request's own `models` list (an
 * OpenRouter-style extension), or else the configured counterpart. Duplicates are dropped.
 */
export function candidatesFor(requested: string, fallbacks: string[] | undefined): ResolvedModel[] {
  const first = resolveModel(requested);
  const rest = fallbacks?.length
    ? fallbacks.map((id, i) => resolveModel(id, `models/${i}`))
    : [COUNTERPARTS[first.id]].flatMap((id) => listModels().filter((m) => m.id === id));
  const unique = new Map<string, ResolvedModel>();
  for (const model of [first, ...rest]) if (!unique.has(model.id)) unique.set(model.id, model);
  return [...unique.values()];
}
