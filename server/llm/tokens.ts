import { countTokens } from "gpt-tokenizer";
import { type ChatMessage, textOf } from "./types";

// Token counts with a real BPE tokenizer (o200k_base, GPT-4o's). Used by the local provider, to
// bound a call's cost before it runs, and when an upstream stream ends without reporting usage.

/** OpenAI's accounting: a few tokens of framing per message plus 3 to prime the reply. */
const PER_MESSAGE = 3;
const REPLY_PRIMER = 3;

export function countTextTokens(text: string): number {
  return text ? countTokens(text) : 0;
}

export function countPromptTokens(messages: ChatMessage[]): number {
  let total = REPLY_PRIMER;
  for (const message of messages) {
    total += PER_MESSAGE + countTextTokens(textOf(message.content)) + countTextTokens(message.role);
    if (message.name) total += 1 + countTextTokens(message.name);
  }
  return total;
}
