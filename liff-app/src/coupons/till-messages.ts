// The till's coupon screens in the page's one language: the scanned coupon's panel and the recent redemptions list,
// their words as [Japanese, English] pairs (till-messages.json), and their refusals by stable code (never the server's English).
import { ApiError } from '../api/http'
import type { MessagePair, PairTables } from '../i18n/translate'
import data from './till-messages.json'

const tables = data as unknown as PairTables<typeof data>

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

/** The scanned coupon's panel: what it gives, whose it is, and the one tap that uses it. */
export const panelText = tables.panelText

export const panelRefusals: Record<string, MessagePair> = tables.panelRefusals

/** The recent redemptions list, and a manager's reversal of one (reason, then confirm). */
export const redemptionsText = tables.redemptionsText

export const reversalRefusals: Record<string, MessagePair> = tables.reversalRefusals
