import { processGlobal } from "../platform/process-global";
import type { ProviderConfig } from "./catalog";
import { LocalProvider } from "./local-provider";
import { OpenAiCompatibleProvider } from "./openai-compatible";
import type { ChatProvider } from "./provider";

// One client per configured provider for the whole process (and across Next's module copies, hence
// globalThis): each holds the undici pool its calls reuse.

const local = new LocalProvider();

export function remoteProviderFor(
  config: Extract<ProviderConfig, { kind: "openai-compatible" }>,
): OpenAiCompatibleProvider {
  const providers = processGlobal("llm.providers", () => new Map<string, OpenAiCompatibleProvider>());
  const key = `${config.name} ${config.baseUrl} ${config.apiKey}`;
  let provider = providers.get(key);
  if (!provider) {
    provider = new OpenAiCompatibleProvider(config.name, config.baseUrl, config.apiKey);
    providers.set(key, provider);
  }
  return provider;
}

export function providerFor(config: ProviderConfig): ChatProvider {
  return config.kind === "local" ? local : remoteProviderFor(config);
}
