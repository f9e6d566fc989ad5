// `t` for the page's language and `sub` for the English sub-label shown under Japanese text.

import { messages, type MessageKey } from './messages'
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

const pair: I18n['pair'] = (p, params) => ({
  main: format(p, locale, params),
  sub: locale === 'ja' ? format(p, 'en', params) : '',
})

const i18n: I18n = {
  locale,
  t: (key, params) => format(messages[key], locale, params),
  sub: (key, params) => (locale === 'ja' ? format(messages[key], 'en', params) : ''),
  pair,
}

export function useI18n(): I18n {
  return i18n
}
