import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { restoreMigrated } from '../../support/migrated-template'
import { deliveries } from '../../../db/schema'
import { enqueueMessage } from '../../../server/data/outbox'
import { claimDue, claimDueStatement } from '../../../server/outbox/store'

const t0 = new Date('2026-11-23T03:00:00Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
const leaseMs = 60_000

describe('claimDue', () => {
  let database: ReturnType<typeof openLibsql>
  const db = () => database.db
  beforeEach(async () => {
    database = openLibsql(':memory:')
    await restoreMigrated(database.db)
  })
  afterEach(() => database.close())

  const enqueue = (n: number, from: number, notBefore = t0, contentHash?: string) =>
    db().batch(
      Array.from({ length: n }, (_, i) =>
        enqueueMessage(
          db(),
          {
            dedupeKey: `k:${from + i}`,
            kind: 'notice',
            lineUserId: `U${from + i}`,
            messages: [{ type: 'text', text: `こんにちは ${from + i}` }],
            contentHash,
            notBefore,
          },
          t0,
        ),
      ) as [ReturnType<typeof enqueueMessage>],
    )

  it('claims the earliest due rows first, as many as asked, with their stored message JSON', async () => {
    await enqueue(5, 100, at(1000))
    await enqueue(5, 200, at(0))
    await enqueue(5, 300, at(60_000)) // not due yet
    const rows = await claimDue(db(), at(2000), 7, leaseMs)
    expect(rows.map((r) => r.lineUserId).sort()).toEqual(
      ['U200', 'U201', 'U202', 'U203', 'U204', 'U100', 'U101'].sort(),
    )
    expect(rows.every((r) => r.attempts === 1)).toBe(true)
    expect(JSON.parse(rows.find((r) => r.lineUserId === 'U200')!.messagesJson)).toEqual([
      { type: 'text', text: 'こんにちは 200' },
    ])
    // Claimed rows are leased: a second claim does not get them again.
    const again = await claimDue(db(), at(2000), 100, leaseMs)
    expect(again.map((r) => r.lineUserId).sort()).toEqual(['U102', 'U103', 'U104'])
  })

  it('claims again rows whose lease ran out, as one more attempt, and whole retry-key groups', async () => {
    await enqueue(4, 100, at(0))
    const first = await claimDue(db(), at(0), 10, leaseMs)
    expect(first).toHaveLength(4)
    // Two of them went out as one multicast: they share a retry key now.
    await db()
      .update(deliveries)
      .set({ retryKey: 'group-key' })
      .where(sql`${deliveries.lineUserId} IN ('U100', 'U101')`)
    expect(await claimDue(db(), at(leaseMs - 1), 10, leaseMs)).toEqual([])
    // Asked for one row, the claim takes the group whole.
    const retried = await claimDue(db(), at(leaseMs), 1, leaseMs)
    expect(retried.map((r) => r.lineUserId).sort()).toEqual(['U100', 'U101'])
    expect(retried.every((r) => r.attempts === 2 && r.retryKey === 'group-key')).toBe(true)
    const [row] = await db().select().from(deliveries).where(eq(deliveries.lineUserId, 'U100'))
    expect(row).toMatchObject({ status: 'sending', leaseUntil: at(2 * leaseMs) })
  })

  it('walks the indexes instead of the whole backlog (one claim per batch while 100,000 rows wait)', async () => {
    // A table as a shop's has it: mostly sent, a backlog pending, a batch being sent; with and without statistics.
    await enqueue(600, 1)
    await enqueue(200, 1000, at(-1000))
    await db().run(sql`UPDATE deliveries SET status = 'sent' WHERE id <= 500`)
    await claimDue(db(), at(0), 50, leaseMs)
    for (const analyze of [false, true]) {
      if (analyze) await db().run(sql`ANALYZE`)
      const statement = claimDueStatement(db(), at(0), 125, leaseMs).toSQL()
      const explain = sql.raw('EXPLAIN QUERY PLAN ')
      statement.sql.split('?').forEach((part, i) => {
        explain.append(sql.raw(part))
        if (i < statement.params.length) explain.append(sql`${statement.params[i]}`)
      })
      const plan = await db().all<{ detail: string }>(explain)
      const steps = plan.map((r) => r.detail)
      expect(steps[0]).toMatch(/SEARCH deliveries USING INDEX deliveries_retry_key_idx/)
      expect(steps.filter((s) => /SEARCH deliveries USING INDEX deliveries_due_idx \(status=\?/.test(s))).toHaveLength(
        2,
      )
      expect(steps.join('\n')).not.toMatch(/SCAN deliveries|MULTI-INDEX OR/)
    }
  })
})
