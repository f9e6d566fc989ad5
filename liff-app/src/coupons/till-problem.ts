// A coupon refusal at the till in the page's one language, by its stable code (never the server's English).
import { ApiError } from '../api/http'
import type { MessagePair } from '../i18n/translate'

/** Reads an error with `pairs` (by code), else a generic "try again". */
export const tillProblem =
  (pairs: Record<string, MessagePair>) =>
  (err: unknown): MessagePair =>
    (err instanceof ApiError && pairs[err.code]) || [
      '処理できませんでした。もう一度お試しください。',
      'That did not work. Please try again.',
    ]

/** Whose coupon it is. */
export const holderText = ['{name}さま（{number}）', '{name} ({number})'] as const satisfies MessagePair
