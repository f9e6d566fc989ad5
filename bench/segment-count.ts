// segment-count: the campaign composer's live recipient count (countRecipients) on embedded libsql with 1M members
// and 10M ledger rows, for typical segments; target ≤ 100 ms per count (median of warm runs; p95 reported). The
// composer's second figure, all matching members (countSegment), is timed beside it for information.
import { openLibsql } from '../db/client'
import { countRecipients, countSegment } from '../server/data/segments'
import type { Segment } from '../server/domain/segment'
import { bigDb } from './fixtures/big-db'
import { machineLine, table, timeRuns, verdict } from './support/report'

export const targetMs = 100
const runs = Number(process.env.BENCH_RUNS ?? 15)

/** The segments timed here and, on D1, by segment-count-d1. */
export const segments: [label: string, segment: Segment][] = [
  ['everyone', {}],
  ['silver rank', { ranks: ['silver'] }],
  ['gold or platinum', { ranks: ['gold', 'platinum'] }],
  ['birthday in July', { birthdayMonths: [7] }],
  ['Tokyo + Kanagawa', { prefectures: ['東京都', '神奈川県'] }],
  ['home store 3', { storeIds: [3] }],
  ['visited in 30 days', { visitedWithinDays: 30 }],
  ['lapsed 60 days', { notVisitedForDays: 60 }],
  ['friends only', { lineStatuses: ['friend'] }],
  ['not linked', { lineStatuses: ['none'] }],
  ['silver, Tokyo, July birthday', { ranks: ['silver'], prefectures: ['東京都'], birthdayMonths: [7] }],
  ['points expiring in 7 days', { pointsExpiringWithinDays: 7 }],
  ['points expiring in 30 days', { pointsExpiringWithinDays: 30 }],
  ['silver + expiring in 14 days', { ranks: ['silver'], pointsExpiringWithinDays: 14 }],
]

export async function run(): Promise<void> {
  console.log(`segment-count — ${machineLine()}`)
  const big = await bigDb()
  console.log(
    `database: ${big.options.members.toLocaleString()} members, ${big.options.ledgerRows.toLocaleString()} ledger rows; ` +
      (big.generatedMs === null ? `reused ${big.path}` : `generated in ${(big.generatedMs / 1000).toFixed(1)} s`),
  )
  const { db, close } = openLibsql(big.url)
  try {
    const now = new Date()
    await countSegment(db, {}, now) // open the file, warm the page cache once
    const rows: (string | number)[][] = [['segment', 'recipients', 'median ms', 'p95 ms', '', 'members', 'both ms']]
    const misses: string[] = []
    const timed = <T>(fn: () => Promise<T>) => timeRuns(runs, fn)
    for (const [label, segment] of segments) {
      const recipients = await timed(() => countRecipients(db, segment, now))
      const both = await timed(() => countSegment(db, segment, now))
      if (recipients.median > targetMs) misses.push(label)
      rows.push([
        label,
        recipients.value.toLocaleString(),
        recipients.median.toFixed(1),
        recipients.p95.toFixed(1),
        recipients.median <= targetMs ? 'ok' : 'MISS',
        both.value.members.toLocaleString(),
        both.median.toFixed(1),
      ])
    }
    console.log(table(rows))
    console.log(
      verdict(
        `recipient count ≤ ${targetMs} ms (median)`,
        misses.length === 0,
        misses.length ? `over target: ${misses.join(', ')}` : `all ${segments.length} segments`,
      ),
    )
  } finally {
    close()
  }
}
