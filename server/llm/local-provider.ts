import { createHash } from "node:crypto";
import { decode, encode } from "gpt-tokenizer";
import { LANGUAGES, type LanguageCode } from "@/lib/languages";
import { getEnv } from "../platform/env";
import { abortableSleep } from "./abortable-sleep";
import type { ChatProvider, ProviderCall } from "./provider";
import { countPromptTokens } from "./tokens";
import { type ChatChunk, type ChatCompletion, type ChatRequest, textOf } from "./types";

// The built-in `local` provider: offline, free, deterministic (the same request gets the same
// answer), counts tokens with the real tokenizer and streams at a human pace. It answers in the
// language a message asks for ("reply in Spanish", "en japonés"...), so the multilingual panel
// works without the internet. Every answer starts with "[local]" so nobody mistakes it for a model.

/** What the local provider says in each language: a greeting, a few opinions, a sign-off. */
const PHRASES: Partial<
  Record<LanguageCode, { says: string; thoughts: [string, string, string]; closing: string }>
> = {
  en: {
    says: "I received your message.",
    thoughts: [
      "I think the question deserves a careful answer.",
      "In my view, it is best to start simple and measure the result.",
      "I partly agree with what has been said, but I would add a practical point.",
    ],
    closing: "This answer was generated offline.",
  },
  es: {
    says: "Recibí tu mensaje.",
    thoughts: [
      "Creo que la pregunta merece una respuesta con matices.",
      "Desde mi punto de vista, conviene empezar por lo más sencillo y medir el resultado.",
      "Estoy de acuerdo en parte con lo que se ha dicho, pero añadiría un matiz práctico.",
    ],
    closing: "Respuesta generada sin conexión.",
  },
  ja: {
    says: "メッセージを受け取りました。",
    thoughts: [
      "この問題には複数の見方があると思います。",
      "まず小さく試して、結果を測ることをお勧めします。",
      "これまでの意見に一部賛成ですが、実践的な視点を加えたいと思います。",
    ],
    closing: "オフラインで生成された応答です。",
  },
  ar: {
    says: "تلقيت رسالتك.",
    thoughts: [
      "أعتقد أن هذا السؤال يستحق إجابة دقيقة.",
      "من وجهة نظري، من الأفضل أن نبدأ بخطوة بسيطة ثم نقيس النتيجة.",
      "أتفق جزئيًا مع ما قيل، لكنني أضيف ملاحظة عملية.",
    ],
    closing: "تم إنشاء هذا الرد دون اتصال.",
  },
  fr: {
    says: "J'ai bien reçu ton message.",
    thoughts: [
      "Je pense que la question mérite une réponse nuancée.",
      "À mon avis, il vaut mieux commencer simplement et mesurer le résultat.",
      "Je suis en partie d'accord avec ce qui a été dit, mais j'ajouterais une remarque pratique.",
    ],
    closing: "Réponse générée hors ligne.",
  },
  de: {
    says: "Ich habe deine Nachricht erhalten.",
    thoughts: [
      "Ich denke, die Frage verdient eine differenzierte Antwort.",
      "Meiner Meinung nach sollte man einfach anfangen und das Ergebnis messen.",
      "Ich stimme dem Gesagten teilweise zu, möchte aber einen praktischen Punkt ergänzen.",
    ],
    closing: "Offline erzeugte Antwort.",
  },
  pt: {
    says: "Recebi a sua mensagem.",
    thoughts: [
      "Acho que a pergunta merece uma resposta cuidadosa.",
      "Na minha opinião, é melhor começar de forma simples e medir o resultado.",
      "Concordo em parte com o que foi dito, mas acrescentaria um ponto prático.",
    ],
    closing: "Resposta gerada sem conexão.",
  },
  it: {
    says: "Ho ricevuto il tuo messaggio.",
    thoughts: [
      "Penso che la domanda meriti una risposta articolata.",
      "Secondo me conviene iniziare in modo semplice e misurare il risultato.",
      "Sono in parte d'accordo con quanto detto, ma aggiungerei un aspetto pratico.",
    ],
    closing: "Risposta generata offline.",
  },
  zh: {
    says: "我收到了你的消息。",
    thoughts: [
      "我认为这个问题值得认真回答。",
      "在我看来，最好先从简单的做法开始，再衡量结果。",
      "我部分同意前面的观点，但想补充一个实际的看法。",
    ],
    closing: "这是离线生成的回答。",
  },
  ko: {
    says: "메시지를 받았습니다.",
    thoughts: [
      "이 질문은 신중한 답변이 필요하다고 생각합니다.",
      "제 생각에는 간단하게 시작해서 결과를 측정하는 것이 좋습니다.",
      "앞서 나온 의견에 부분적으로 동의하지만 실용적인 관점을 덧붙이고 싶습니다.",
    ],
    closing: "오프라인으로 생성된 응답입니다.",
  },
  ru: {
    says: "Я получил ваше сообщение.",
    thoughts: [
      "Я думаю, этот вопрос заслуживает взвешенного ответа.",
      "По-моему, лучше начать с простого и измерить результат.",
      "Я частично согласен со сказанным, но добавил бы практическое замечание.",
    ],
    closing: "Ответ создан без подключения к сети.",
  },
  he: {
    says: "קיבלתי את ההודעה שלך.",
    thoughts: [
      "אני חושב שהשאלה הזאת ראויה לתשובה מדויקת.",
      "לדעתי כדאי להתחיל בפשטות ולמדוד את התוצאה.",
      "אני מסכים בחלקו עם מה שנאמר, אבל הייתי מוסיף הערה מעשית.",
    ],
    closing: "התשובה נוצרה ללא חיבור.",
  },
  hi: {
    says: "मुझे आपका संदेश मिला।",
    thoughts: [
      "मुझे लगता है कि यह प्रश्न एक सोच-समझकर दिए गए उत्तर का हकदार है।",
      "मेरी राय में सरल शुरुआत करके परिणाम मापना बेहतर है।",
      "मैं कही गई बात से आंशिक रूप से सहमत हूँ, लेकिन एक व्यावहारिक बात जोड़ूँगा।",
    ],
    closing: "यह उत्तर ऑफ़लाइन बनाया गया है।",
  },
};

const MENTIONS = (Object.keys(PHRASES) as LanguageCode[]).map((code) => ({
  code,
  match: new RegExp(`\\b${LANGUAGES[code].name}\\b|${LANGUAGES[code].native}`, "i"),
}));

/** The language named earliest in `text` ("reply in Spanish", "en español"), if any. */
function firstNamedLanguage(text: string): LanguageCode | null {
  let best: { code: LanguageCode; at: number } | null = null;
  for (const { code, match } of MENTIONS) {
    const at = text.search(match);
    if (at >= 0 && (best === null || at < best.at)) best = { code, at };
  }
  return best?.code ?? null;
}

/**
 * The language a request asks for: named in the system prompt, or else in the last user message.
 * (A panel's transcript names every seat's language; its system prompt names the seat's own.)
 */
export function requestedLanguage(request: ChatRequest): LanguageCode | null {
  const system = request.messages.filter((m) => m.role === "system" || m.role === "developer");
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user");
  return (
    firstNamedLanguage(system.map((m) => textOf(m.content)).join("\n")) ??
    firstNamedLanguage(textOf(lastUser?.content ?? ""))
  );
}

/**
 * The full answer text for a request, before max_tokens applies. Asked for a language, it says two
 * things in it and never quotes the request (the quote would be in the asker's language); asked
 * for none, it quotes what it was told.
 */
export function localAnswer(request: ChatRequest): string {
  const digest = createHash("sha256").update(JSON.stringify(request.messages)).digest("hex").slice(0, 8);
  const code = requestedLanguage(request);
  const phrases = code ? PHRASES[code] : undefined;
  if (phrases) {
    const pick = Number.parseInt(digest.slice(0, 2), 16) % 3;
    const thoughts = [phrases.thoughts[pick], phrases.thoughts[(pick + 1) % 3]].join(" ");
    return `[local] ${phrases.says} ${thoughts} ${phrases.closing} (${digest})`;
  }
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user");
  const said = textOf(lastUser?.content ?? "")
    .trim()
    .replace(/\s+/g, " ");
  const quoted = said.length > 160 ? `${said.slice(0, 157)}…` : said;
  return `[local] I received your message: "${quoted}". This answer was generated offline. (${digest})`;
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
