// segment-count: the campaign composer's live recipient count (countSegment) on embedded libsql with 1M members
// and 10M ledger rows, for typical segments; target ≤ 100 ms per count (median of warm runs; p95 reported).
import { openLibsql } from '../db/client'
import { countSegment } from '../server/data/segments'
import type { Segment } from '../server/domain/segment'
import { bigDb } from './fixtures/big-db'
import { machineLine, median, percentile, table, verdict } from './support/report'

export const targetMs = 100
const runs = Number(process.env.BENCH_RUNS ?? 15)

const segments: [label: string, segment: Segment][] = [
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
    const rows: (string | number)[][] = [['segment', 'members', 'recipients', 'median ms', 'p95 ms', '']]
    const misses: string[] = []
    for (const [label, segment] of segments) {
      const times: number[] = []
      let count = { members: 0, recipients: 0 }
      for (let i = 0; i < runs; i++) {
        const started = performance.now()
        count = await countSegment(db, segment, now)
        times.push(performance.now() - started)
      }
      const sorted = [...times].sort((a, b) => a - b)
      const mid = median(times)
      if (mid > targetMs) misses.push(label)
      rows.push([label, count.members.toLocaleString(), count.recipients.toLocaleString(), mid.toFixed(1), percentile(sorted, 95).toFixed(1), mid <= targetMs ? 'ok' : 'MISS'])
    }
    console.log(table(rows))
    console.log(verdict(`recipient count ≤ ${targetMs} ms (median)`, misses.length === 0, misses.length ? `over target: ${misses.join(', ')}` : `all ${segments.length} segments`))
  } finally {
    close()
  }
}
