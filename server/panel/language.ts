import { detectAll } from "tinyld";
import { LANGUAGE_CODES } from "@/lib/languages";

// Which language a turn was answered in, by a real detector (tinyld: n-gram profiles, offline).
// Brikk's own markers ("[local]", the digest) and code are taken out first: they are not prose.

const ONLY = [...LANGUAGE_CODES];

/** Text a detector should look at: no code blocks, inline code, URLs or the local provider's tags. */
export function proseOf(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/`[^`]*`/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/^\[local\]\s*/, "")
    .replace(/\([0-9a-f]{8}\)\s*$/, "")
    .trim();
}

/** The ISO 639-1 code of the text's language, or null when there is too little prose to tell. */
export function detectLanguage(text: string): string | null {
  const prose = proseOf(text);
  if (prose.replace(/\s/g, "").length < 12) return null;
  const [best] = detectAll(prose, { only: ONLY });
  return best ? best.lang : null;
}
