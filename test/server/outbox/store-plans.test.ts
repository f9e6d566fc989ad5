// The query plans of the statements a sender runs on rows it holds: each finds its rows by primary key from the id
// list, never by walking `deliveries_due_idx (status, …)` over every row being sent. With no statistics (D1 keeps
// none) SQLite preferred `status = 'sending'` to the id list: right after a cron claimed 100,000 reminders, each
// 100-row write of a consumer read all 100,000 index entries (worker-fanout, BENCHMARKS.md).
import type { InStatement } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client'
import { drizzleOptions } from '../../../db/client'
import { createEmbeddedClient } from '../../../db/driver/libsql-embedded'
import { assignGroupKey, markClaimDead, rowsOfClaims, writeResults } from '../../../server/outbox/store'
import { restoreMigrated } from '../../support/migrated-template'

interface Logged {
  query: string
  params: unknown[]
}

const now = new Date('2026-11-23T03:00:00Z')

describe('the plans of the statements on held rows', () => {
  let client: ReturnType<typeof createEmbeddedClient>['client']
  let db: Database
  let logged: Logged[]
  beforeEach(async () => {
    client = createEmbeddedClient(':memory:').client
    logged = []
    // Every statement the store sends, single or in a batch, as the client receives it.
    const keep = (s: InStatement) =>
      typeof s === 'string'
        ? logged.push({ query: s, params: [] })
        : logged.push({ query: s.sql, params: s.args as unknown[] })
    const logging = new Proxy(client, {
      get(target, key) {
        if (key === 'execute') return (s: InStatement) => (keep(s), target.execute(s))
        if (key === 'batch') return (ss: InStatement[], mode?: never) => (ss.forEach(keep), target.batch(ss, mode))
        const value = Reflect.get(target, key) as unknown
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
    db = drizzle(logging, drizzleOptions) as unknown as Database
    await restoreMigrated(db)
    logged = []
  })
  afterEach(() => client.close())

  /** The plan of every logged statement that names `deliveries` and an id list. */
  async function plans(): Promise<{ query: string; plan: string[] }[]> {
    const onDeliveries = logged.filter((l) => /"deliveries"/.test(l.query) && /json_each/.test(l.query))
    return Promise.all(
      onDeliveries.map(async ({ query, params }) => {
        const rs = await client.execute({ sql: `EXPLAIN QUERY PLAN ${query}`, args: params as never[] })
        return { query, plan: rs.rows.map((r) => String(r.detail)) }
      }),
    )
  }

  function expectRowidLookups(found: { query: string; plan: string[] }[], statements: number) {
    expect(found).toHaveLength(statements)
    for (const { query, plan } of found) {
      const onTable = plan.filter((line) => /\bdeliveries\b/.test(line))
      expect(onTable, query).toEqual([
        // by primary key, or by an equality index together with the rowid (a rich-menu row's retry key)
        expect.stringMatching(/^SEARCH deliveries USING (INTEGER PRIMARY KEY|INDEX \w+) \((\w+=\? AND )?rowid=\?\)$/),
      ])
    }
  }

  it('writing outcomes: sent, pending, failed, a rich-menu intent and its superseded rows', async () => {
    await writeResults(
      db,
      [
        { status: 'sent', ids: [1, 2, 3] },
        { status: 'sent', ids: [4], note: 'accepted before (409)' },
        { status: 'pending', ids: [5], error: '503', nextAttemptAt: now },
        { status: 'failed', ids: [6], error: '400' },
        { status: 'sent', ids: [7], intentKey: 'menu:1' },
      ],
      now,
    )
    // sent, the note, pending, failed, the intent's own row and its superseded check
    expectRowidLookups(await plans(), 6)
  })

  it('reading the rows of claims, regrouping for multicast and marking a dead claim', async () => {
    await rowsOfClaims(db, [{ ids: [1, 2], leaseUntil: now.getTime() }])
    await assignGroupKey(db, [1, 2], 'retry-key')
    await markClaimDead(db, [1, 2], now, 'dead-lettered')
    expectRowidLookups(await plans(), 3)
  })
})
