/**
 * The one shape of every user-facing text the server writes (error messages, rule violations, plan reasons):
 * a catalogue keyed by code, each code with its text per language, and one lookup that fills `{name}`
 * placeholders. The client reads the same catalogues through the same lookup.
 */

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

/** One text in every language. */
export type Message = Record<Locale, string>;

/** Texts keyed by code. */
export type Catalogue<Code extends string = string> = Record<Code, Message>;

/** `{name}` placeholders of a template, in order of appearance. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/**
 * The text of `code` in `locale` with its placeholders filled from `params`; a placeholder without a value is
 * left as `{name}`, so a missing value shows instead of leaving a gap in the sentence.
 */
export function translate<Code extends string>(
  catalogue: Catalogue<Code>,
  code: Code,
  locale: Locale,
  params: Record<string, unknown> = {},
): string {
  const template: string = catalogue[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
