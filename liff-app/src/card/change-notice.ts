// What an update to the open card tells the customer: one line per new history entry, in the page's language.

import type { HistoryEntry, LedgerKind } from './api'
import { formatPoints } from '../format/format'
import { format, type Locale, type MessagePair } from '../i18n/translate'

const lines: Record<LedgerKind, MessagePair> = {
  earn: ['{points} pt 獲得しました', '{points} pt earned'],
  redeem: ['{points} pt 使いました', '{points} pt redeemed'],
  reverse: ['取引が取り消されました（{points} pt）', 'A transaction was reversed ({points} pt)'],
  adjust: ['ポイントが調整されました（{points} pt）', 'Points adjusted ({points} pt)'],
  expire: ['{points} pt が失効しました', '{points} pt expired'],
}

/** The entries of `after` that `before` did not have, newest first. */
export function newEntries(before: readonly HistoryEntry[], after: readonly HistoryEntry[]): HistoryEntry[] {
  const newest = before.reduce((max, e) => Math.max(max, Number(e.id)), 0)
  return after.filter((e) => Number(e.id) > newest)
}

/** One line per entry, e.g. 「+109 pt 獲得しました」 / "+109 pt earned"; redeemed and expired points unsigned. */
export function changeNotice(entries: readonly HistoryEntry[], locale: Locale): string[] {
  return entries.map((e) => {
    const unsigned = e.kind === 'redeem' || e.kind === 'expire'
    const points = unsigned
      ? formatPoints(Math.abs(e.points), locale)
      : formatPoints(e.points, locale, { signed: true })
    return format(lines[e.kind], locale, { points })
  })
}
