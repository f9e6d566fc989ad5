// Locale choice and message lookup, with no dependency on Vue so it can be unit-tested on Node.

export type Locale = 'ja' | 'en'
export type MessageParams = Record<string, string | number>
/** A message as [Japanese, English]. */
export type MessagePair = readonly [ja: string, en: string]

/** Japanese unless the browser prefers English. */
export function pickLocale(language: string | undefined | null): Locale {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'ja'
}

/** Fill `{name}` placeholders; unknown placeholders are left as written. */
export function fill(text: string, params: MessageParams = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** Pick the locale's side of a pair and fill its placeholders. */
export function format(pair: MessagePair, locale: Locale, params: MessageParams = {}): string {
  return fill(pair[locale === 'ja' ? 0 : 1], params)
}
