// `t` for the page's language and `sub` for the English sub-label shown under Japanese text.

import { cardMessages } from './card-messages'
import type { MessageKey } from './messages'
import { format, pickLocale, type Locale, type MessagePair, type MessageParams } from './translate'

const locale: Locale = pickLocale(typeof navigator === 'undefined' ? undefined : navigator.language)

export interface I18n {
  locale: Locale
  t: (key: MessageKey, params?: MessageParams) => string
  /** English secondary label when the page is Japanese; empty when the page is already English. */
  sub: (key: MessageKey, params?: MessageParams) => string
  /** Like `t`/`sub` for pairs kept outside the main catalogue (the sandbox keeps its own, so line builds omit them). */
  pair: (pair: MessagePair, params?: MessageParams) => { main: string; sub: string }
}

type Catalogue = Partial<Record<MessageKey, MessagePair>>

// The card's strings from the start; the other pages' come with them (routed-app.ts calls addMessages).
let catalogue: Catalogue = cardMessages
const lookup = (key: MessageKey): MessagePair => catalogue[key] ?? [key, key]

/** Adds strings loaded with a later chunk to the catalogue `t` and `sub` read. */
export function addMessages(more: Catalogue): void {
  catalogue = { ...catalogue, ...more }
}

const pair: I18n['pair'] = (p, params) => ({
  main: format(p, locale, params),
  sub: locale === 'ja' ? format(p, 'en', params) : '',
})

const i18n: I18n = {
  locale,
  t: (key, params) => format(lookup(key), locale, params),
  sub: (key, params) => (locale === 'ja' ? format(lookup(key), 'en', params) : ''),
  pair,
}

export function useI18n(): I18n {
  return i18n
}
