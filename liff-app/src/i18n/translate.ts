// Locale choice and message lookup, with no dependency on Vue so it can be unit-tested on Node.

export type Locale = 'ja' | 'en'
export type MessageParams = Record<string, string | number>
/** A message as [Japanese, English]. */
export type MessagePair = readonly [ja: string, en: string]
/**
 * A table of pairs read from a JSON locale file (`import data from './texts.json'`): JSON arrays type as `string[]`,
 * so the module casts once to this; its keys stay typed, and test/liff-app/i18n/locale-files.test.ts checks that every
 * value is a [Japanese, English] pair.
 */
export type PairTable<T extends Record<string, readonly string[]>> = { readonly [K in keyof T]: MessagePair }
/** A JSON locale file that holds several tables, by name. */
export type PairTables<T extends Record<string, Record<string, readonly string[]>>> = {
  readonly [K in keyof T]: PairTable<T[K]>
}

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
