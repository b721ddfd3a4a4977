import { createHash } from "node:crypto";
import { decode, encode } from "gpt-tokenizer";
import { getEnv } from "../platform/env";
import { abortableSleep } from "./abortable-sleep";
import type { ChatProvider, ProviderCall } from "./provider";
import { countPromptTokens } from "./tokens";
import { type ChatChunk, type ChatCompletion, type ChatRequest, textOf } from "./types";

// The built-in `local` provider: offline, free, deterministic (the same request gets the same
// answer), counts tokens with the real tokenizer and streams at a human pace. It answers in the
// language a message asks for ("reply in Spanish", "en japonés"...), so the multilingual panel
// works without the internet. Every answer starts with "[local]" so nobody mistakes it for a model.

const LANGUAGES: { name: string; match: RegExp; says: string; closing: string }[] = [
  {
    name: "Spanish",
    match: /\b(spanish|español|espanol)\b/i,
    says: "Recibí tu mensaje",
    closing: "Respuesta generada sin conexión.",
  },
  {
    name: "Japanese",
    match: /(japanese|日本語)/i,
    says: "メッセージを受け取りました",
    closing: "オフラインで生成された応答です。",
  },
  {
    name: "Arabic",
    match: /(arabic|العربية)/i,
    says: "تلقيت رسالتك",
    closing: "تم إنشاء هذا الرد دون اتصال.",
  },
  {
    name: "French",
    match: /\b(french|français|francais)\b/i,
    says: "J'ai bien reçu ton message",
    closing: "Réponse générée hors ligne.",
  },
  {
    name: "German",
    match: /\b(german|deutsch)\b/i,
    says: "Ich habe deine Nachricht erhalten",
    closing: "Offline erzeugte Antwort.",
  },
];
const ENGLISH = {
  name: "English",
  says: "I received your message",
  closing: "This answer was generated offline.",
};

/** The first language named in the system prompt or the last user message ("reply in Spanish"). */
function languageOf(request: ChatRequest) {
  const system = request.messages.filter((m) => m.role === "system" || m.role === "developer");
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user");
  const asked = [...system, ...(lastUser ? [lastUser] : [])].map((m) => textOf(m.content)).join("\n");
  return LANGUAGES.find((l) => l.match.test(asked)) ?? ENGLISH;
}

/** The full answer text for a request, before max_tokens applies. */
export function localAnswer(request: ChatRequest): string {
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user");
  const said = textOf(lastUser?.content ?? "")
    .trim()
    .replace(/\s+/g, " ");
  const quoted = said.length > 160 ? `${said.slice(0, 157)}…` : said;
  const language = languageOf(request);
  const digest = createHash("sha256").update(JSON.stringify(request.messages)).digest("hex").slice(0, 8);
  return `[local] ${language.says}: "${quoted}". ${language.closing} (${digest})`;
}

function maxTokensOf(request: ChatRequest): number | null {
  const limit = request.max_completion_tokens ?? request.max_tokens;
  return typeof limit === "number" && limit > 0 ? limit : null;
}

function planAnswer(request: ChatRequest) {
  const tokens = encode(localAnswer(request));
  const limit = maxTokensOf(request);
  const kept = limit !== null && tokens.length > limit ? tokens.slice(0, limit) : tokens;
  const usage = {
    prompt_tokens: countPromptTokens(request.messages),
    completion_tokens: kept.length,
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return { tokens: kept, finishReason: kept.length < tokens.length ? "length" : "stop", usage };
}

const sleep = (ms: number, signal: AbortSignal) => abortableSleep(ms, signal, "local provider call aborted");

export class LocalProvider implements ChatProvider {
  async complete({ request }: ProviderCall): Promise<ChatCompletion> {
    const { tokens, finishReason, usage } = planAnswer(request);
    return {
      id: `chatcmpl-local-${Date.now().toString(36)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        { index: 0, message: { role: "assistant", content: decode(tokens) }, finish_reason: finishReason },
      ],
      usage,
    };
  }

  async stream({ request, signal }: ProviderCall): Promise<AsyncIterable<ChatChunk>> {
    const { tokens, finishReason, usage } = planAnswer(request);
    const pace = getEnv().llm.localTokensPerSecond;
    const id = `chatcmpl-local-${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: ChatChunk["choices"][0]["delta"], finish: string | null): ChatChunk => ({
      id,
      object: "chat.completion.chunk",
      created,
      model: request.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    return (async function* () {
      yield chunk({ role: "assistant", content: "" }, null);
      for (const token of tokens) {
        if (pace > 0) await sleep(1000 / pace, signal);
        yield chunk({ content: decode([token]) }, null);
      }
      yield chunk({}, finishReason);
      yield { id, object: "chat.completion.chunk", created, model: request.model, choices: [], usage };
    })();
  }
}
