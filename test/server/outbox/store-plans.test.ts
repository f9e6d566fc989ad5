// The query plans of the statements a sender runs on rows it holds: each finds its rows by primary key from the id
// list, never by walking `deliveries_due_idx (status, …)` over every row being sent. With no statistics (D1 keeps
// none) SQLite preferred `status = 'sending'` to the id list: right after a cron claimed 100,000 reminders, each
// 100-row write of a consumer read all 100,000 index entries (worker-fanout, BENCHMARKS.md).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assignGroupKey, markClaimDead, rowsOfClaims, writeResults } from '../../../server/outbox/store'
import { expectKeyLookups, recordingDatabase, type RecordingDatabase } from '../../support/query-plans'

const now = new Date('2026-11-23T03:00:00Z')

describe('the plans of the statements on held rows', () => {
  let t: RecordingDatabase
  beforeEach(async () => void (t = await recordingDatabase()))
  afterEach(() => t.close())

  /** The plans of the statements that name `deliveries` and an id list, `count` of them. */
  async function expectRowidLookups(count: number) {
    const found = await t.plans(/"deliveries"/, /json_each/)
    expect(found).toHaveLength(count)
    // by primary key, or by an equality index together with the rowid (a rich-menu row's retry key)
    expectKeyLookups(found, 'deliveries')
  }

  it('writing outcomes: sent, pending, failed, a rich-menu intent and its superseded rows', async () => {
    await writeResults(
      t.db,
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
    await expectRowidLookups(6)
  })

  it('reading the rows of claims, regrouping for multicast and marking a dead claim', async () => {
    await rowsOfClaims(t.db, [{ ids: [1, 2], leaseUntil: now.getTime() }])
    await assignGroupKey(t.db, [1, 2], 'retry-key')
    await markClaimDead(t.db, [1, 2], now, 'dead-lettered')
    await expectRowidLookups(3)
  })
})
