// UI strings as [Japanese, English] pairs (messages.json); `{name}` placeholders are filled by `translate`. The card's own strings
// are in card-messages.ts (and -en.ts), so its first paint does not carry every page's text; routed-app.ts adds these.

import { cardMessages } from './card-messages'
import { cardMessagesEn } from './card-messages-en'
import { format, type Locale, type MessagePair, type MessageParams, type PairTable } from './translate'
import data from './messages.json'

export const pageMessages = data as unknown as PairTable<typeof data>

/** The whole catalogue. */
export const messages: Record<MessageKey, MessagePair> = {
  ...(Object.fromEntries(
    Object.entries(cardMessages).map(([key, ja]) => [key, [ja, cardMessagesEn[key as CardKey]]]),
  ) as unknown as Record<CardKey, MessagePair>),
  ...pageMessages,
}

type CardKey = keyof typeof cardMessages
export type MessageKey = CardKey | keyof typeof pageMessages

export function translate(key: MessageKey, locale: Locale, params: MessageParams = {}): string {
  return format(messages[key], locale, params)
}
