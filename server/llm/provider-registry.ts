import type { ProviderConfig } from "./catalog";
import { LocalProvider } from "./local-provider";
import { OpenAiCompatibleProvider } from "./openai-compatible";
import type { ChatProvider } from "./provider";

// One client per configured provider for the whole process (and across Next's module copies, hence
// globalThis): each holds the undici pool its calls reuse.

const local = new LocalProvider();
const PROVIDERS_KEY = Symbol.for("brikk.llm.providers");
type Holder = { [PROVIDERS_KEY]?: Map<string, OpenAiCompatibleProvider> };

export function remoteProviderFor(
  config: Extract<ProviderConfig, { kind: "openai-compatible" }>,
): OpenAiCompatibleProvider {
  const holder = globalThis as Holder;
  holder[PROVIDERS_KEY] ??= new Map();
  const key = `${config.name} ${config.baseUrl} ${config.apiKey}`;
  let provider = holder[PROVIDERS_KEY].get(key);
  if (!provider) {
    provider = new OpenAiCompatibleProvider(config.name, config.baseUrl, config.apiKey);
    holder[PROVIDERS_KEY].set(key, provider);
  }
  return provider;
}

export function providerFor(config: ProviderConfig): ChatProvider {
  return config.kind === "local" ? local : remoteProviderFor(config);
}
