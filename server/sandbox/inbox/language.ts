// The inbox page's one language: `?lang=` when given, else the browser's first choice; Japanese by default.
export type InboxLanguage = 'ja' | 'en'

export function inboxLanguage(query: string | undefined, acceptLanguage: string | undefined): InboxLanguage {
  if (query === 'ja' || query === 'en') return query
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'ja'
}

/** The text of a `[ja, en]` pair in `lang`. */
export const say = (lang: InboxLanguage, [ja, en]: readonly [string, string]) => (lang === 'en' ? en : ja)
