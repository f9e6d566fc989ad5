// Admin console strings as [Japanese, English] pairs (i18n.json), kept out of the card's catalogue so the card stays
// small.

import { format, type Locale, type MessagePair, type MessageParams, type PairTable } from '../i18n/translate'
import { adminLocale } from './locale'
import data from './i18n.json'

export const adminMessages = data as unknown as PairTable<typeof data>

export type AdminKey = keyof typeof adminMessages
/** A console label: a key of the table above, or a pair kept in a page's own table (`texts.ts`). */
export type AdminWords = AdminKey | MessagePair

const locale: Locale = adminLocale()

/**
 * The console's strings in its one language; `tp` formats a pair kept in another table (legal, forwarding, errors),
 * `tw` either.
 */
export function useAdminI18n() {
  return {
    locale,
    t: (key: AdminKey, params?: MessageParams) => format(adminMessages[key], locale, params),
    tp: (pair: MessagePair, params?: MessageParams) => format(pair, locale, params),
    tw: (words: AdminWords, params?: MessageParams) =>
      format(typeof words === 'string' ? adminMessages[words] : words, locale, params),
  }
}
