// The languages a panel seat can speak: ISO 639-1 codes (what the language detector reports),
// their English names (what a system prompt asks for) and whether they are written right to left.

export const LANGUAGES = {
  en: { name: "English", native: "English", rtl: false },
  es: { name: "Spanish", native: "Español", rtl: false },
  fr: { name: "French", native: "Français", rtl: false },
  de: { name: "German", native: "Deutsch", rtl: false },
  pt: { name: "Portuguese", native: "Português", rtl: false },
  it: { name: "Italian", native: "Italiano", rtl: false },
  ja: { name: "Japanese", native: "日本語", rtl: false },
  zh: { name: "Chinese", native: "中文", rtl: false },
  ko: { name: "Korean", native: "한국어", rtl: false },
  ar: { name: "Arabic", native: "العربية", rtl: true },
  he: { name: "Hebrew", native: "עברית", rtl: true },
  hi: { name: "Hindi", native: "हिन्दी", rtl: false },
  ru: { name: "Russian", native: "Русский", rtl: false },
} as const;

export type LanguageCode = keyof typeof LANGUAGES;

export const LANGUAGE_CODES = Object.keys(LANGUAGES) as [LanguageCode, ...LanguageCode[]];

export function languageName(code: string): string {
  return LANGUAGES[code as LanguageCode]?.name ?? code;
}
