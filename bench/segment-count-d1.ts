// segment-count-d1: the campaign composer's recipient count (countRecipients' statement) on D1 in workerd, at
// segment-count's data size (1M members, 10M ledger rows): wrangler's local D1 (miniflare's SQLite-backed D1 object)
// holding a copy of the same generated database, asked from Node through wrangler's platform proxy (`openLocalD1`).
// Per segment: D1's own SQL time (`meta.duration`), the whole call through the proxy (its bare round trip, `SELECT 1`,
// is printed), and the rows D1 read (what D1 bills). Local D1 has no replicas and no network to a primary: this is the
// query's cost on D1's engine, not a deployed D1's latency.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core'
import { migrateLocalD1, openLocalD1 } from '../server/cli/local-d1'
import { recipientCount } from '../server/data/segments'
import { bigDb } from './fixtures/big-db'
import { segments, targetMs } from './segment-count'
import type { Segment } from '../server/domain/segment'
import { machineLine, median, percentile, table, timeRuns, verdict } from './support/report'

const runs = Number(process.env.BENCH_RUNS ?? 15)

const timed = <T>(fn: () => Promise<T>) => timeRuns(runs, fn)

export async function run(): Promise<void> {
  console.log(`segment-count-d1 — ${machineLine()}`)
  const big = await bigDb()
  console.log(
    `database: ${big.options.members.toLocaleString()} members, ${big.options.ledgerRows.toLocaleString()} ledger rows`,
  )
  const persistTo = mkdtempSync(join(tmpdir(), 'tsunagu-segment-d1-'))
  try {
    // wrangler creates the local D1's file (and records the migrations); its tables are then the generated database's.
    await migrateLocalD1({ persistTo })
    const dir = join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject')
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
    if (!file) throw new Error(`no local D1 file in ${dir}`)
    for (const f of readdirSync(dir).filter((f) => f.startsWith(`${file}-`))) rmSync(join(dir, f))
    copyFileSync(big.path, join(dir, file))

    const { db, d1, dispose } = await openLocalD1({ persistTo })
    try {
      const now = new Date()
      const dialect = new SQLiteAsyncDialect()
      const count = (segment: Segment) => {
        const query = dialect.sqlToQuery(recipientCount(segment, now))
        return d1
          .prepare(query.sql)
          .bind(...query.params)
          .all<{ n: number }>()
      }
      await count({}) // open the file, warm the page cache once
      const roundTrip = await timed(() => db.all(sql`SELECT 1`))
      console.log(`proxy round trip (SELECT 1): median ${roundTrip.median.toFixed(1)} ms`)
      const rows: (string | number)[][] = [
        ['segment', 'recipients', 'D1 SQL median ms', 'p95 ms', '', 'call median ms', 'rows read'],
      ]
      const misses: string[] = []
      for (const [label, segment] of segments) {
        const durations: number[] = []
        const call = await timed(async () => {
          const result = await count(segment)
          durations.push(result.meta.duration)
          return result
        })
        const sqlMedian = median(durations)
        if (sqlMedian > targetMs) misses.push(label)
        rows.push([
          label,
          (call.value.results[0]?.n ?? 0).toLocaleString(),
          sqlMedian.toFixed(1),
          percentile(
            [...durations].sort((a, b) => a - b),
            95,
          ).toFixed(1),
          sqlMedian <= targetMs ? 'ok' : 'MISS',
          call.median.toFixed(1),
          call.value.meta.rows_read.toLocaleString(),
        ])
      }
      console.log(table(rows))
      console.log(
        verdict(
          `recipient count on D1 ≤ ${targetMs} ms (median of D1's SQL time)`,
          misses.length === 0,
          misses.length ? `over target: ${misses.join(', ')}` : `all ${segments.length} segments`,
        ),
      )
    } finally {
      await dispose()
    }
  } finally {
    rmSync(persistTo, { recursive: true, force: true })
  }
}
