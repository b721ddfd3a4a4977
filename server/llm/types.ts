// OpenAI's chat-completions wire format, as much of it as the gateway reads. Everything else a
// caller sends passes through untouched (see schemas.ts).

export type ChatMessage = {
  role: "system" | "user" | "assistant" | "tool" | "developer";
  content: string | { type: string; text?: string }[] | null;
  name?: string;
  [extra: string]: unknown;
};

export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  [extra: string]: unknown;
};

export type Usage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
};

export type ChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: "assistant"; content: string | null };
    finish_reason: string | null;
  }[];
  usage?: Usage;
  [extra: string]: unknown;
};

export type ChatChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: { role?: "assistant"; content?: string }; finish_reason: string | null }[];
  usage?: Usage | null;
  [extra: string]: unknown;
};

/** Text of a message's content, whichever shape it came in. */
export function textOf(content: ChatMessage["content"]): string {
  if (typeof content === "string") return content;
  if (!content) return "";
  return content.map((part) => (typeof part.text === "string" ? part.text : "")).join("");
}
