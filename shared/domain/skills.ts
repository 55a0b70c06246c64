import type { Locale } from '../errors';

/**
 * What the skill tags on agents and visits mean, in words (they are stored as tags: "verification",
 * "lang:en", "dialect:沪语"). Languages are named by the platform (Intl.DisplayNames); a tag not listed here is
 * shown as it is.
 */
const SKILLS: Record<string, Record<Locale, string>> = {
  negotiation: { en: 'negotiation visits', 'zh-CN': '协商走访' },
  verification: { en: 'verification visits', 'zh-CN': '核实走访' },
};

const DIALECTS: Record<string, Record<Locale, string>> = {
  沪语: { en: 'Shanghainese', 'zh-CN': '沪语' },
  粤语: { en: 'Cantonese', 'zh-CN': '粤语' },
};

const SPEAKS: Record<Locale, (language: string) => string> = {
  en: (language) => `speaks ${language}`,
  'zh-CN': (language) => `会说${language}`,
};

/** A language code ("en", "wuu") as its name in `locale` ("English", "吴语"); the code when unknown. */
export function languageLabel(code: string, locale: Locale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A skill tag in words: "lang:fr" → "speaks French" / "会说法语", "verification" → "verification visits". */
export function skillLabel(tag: string, locale: Locale): string {
  const [kind, value] = tag.includes(':') ? (tag.split(':', 2) as [string, string]) : [tag, ''];
  if (kind === 'lang') return SPEAKS[locale](languageLabel(value, locale));
  if (kind === 'dialect') return SPEAKS[locale](DIALECTS[value]?.[locale] ?? value);
  return SKILLS[tag]?.[locale] ?? tag;
}

/** Several skill tags in words, as one list in `locale`. */
export function skillList(tags: readonly string[], locale: Locale): string {
  return tags.map((tag) => skillLabel(tag, locale)).join(locale === 'zh-CN' ? '、' : ', ');
}
