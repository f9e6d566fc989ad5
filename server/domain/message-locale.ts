// The language of a message to a member: what their LIFF app showed (`members.language`), Japanese when unknown.

export type MessageLocale = 'ja' | 'en'

/** 'en' for an English language tag (`en`, `en-US`), else 'ja'. */
export function messageLocale(language: string | null | undefined): MessageLocale {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'ja'
}
