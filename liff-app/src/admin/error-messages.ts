// The console's words for every API error code it can meet (error-messages.json, by code; codes that name one refusal
// two ways repeat its words there); unknown codes get a general sentence with the code.

import type { MessagePair, PairTable } from '../i18n/translate'
import data from './error-messages.json'

export const adminErrorMessages: Record<string, MessagePair> = data as unknown as PairTable<typeof data>

/** Said when a code has no words of its own. */
export const unknownError: MessagePair = [
  '操作を完了できませんでした（エラーコード: {code}）',
  'That could not be done (error code: {code})',
]
