// The plans of a member's data export and erasure: every statement reads that member's rows only, by key or by an
// index on the member, their LINE account or the audit target. Before migration 0041 (erasure_lookups) the erasure's
// UPDATE of deliveries and of orders read the whole table (`SCAN deliveries`, millions of rows at benchmark scale, each
// billed on D1), as did the export's orders, saved items and audit entries. See test/support/query-plans.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lineAccounts, members } from '../../../db/schema'
import { addPoints } from '../../../server/data/ledger'
import { deleteMembership, exportMemberData } from '../../../server/data/member-data'
import { expectOwnRowsOnly, recordingDatabase, type RecordingDatabase } from '../../support/query-plans'

const now = new Date('2026-12-03T03:00:00Z')
const lineUserId = `U${'e'.repeat(32)}`
/** The columns that name the member: their own rows, however large the table. */
const ownedBy = ['member_id', 'line_user_id', 'target']
/** The erasure batch's statements (each applies only while the member is active), in order. */
const erasure = [
  'INSERT INTO deliveries',
  'UPDATE deliveries SET',
  'UPDATE orders SET',
  'DELETE FROM carts',
  'DELETE FROM saved_items',
  'DELETE FROM member_tags',
  'UPDATE line_accounts SET',
  'DELETE FROM member_field_answers',
  'INSERT INTO audit_log',
  'UPDATE members SET',
]

describe("plans of a member's data export and erasure", () => {
  let t: RecordingDatabase
  let memberId: number
  beforeEach(async () => {
    t = await recordingDatabase()
    const [member] = await t.db.insert(members).values({ memberNumber: '100000017', name: '消去 花子' }).returning()
    memberId = member!.id
    await t.db.insert(lineAccounts).values({ lineUserId, memberId, friendStatus: 'friend' })
    t.clear()
  })
  afterEach(() => t.close())
  const erasureStatements = async () =>
    (await t.plans(/status = 'active'/, /^(?!\s*INSERT INTO point_ledger)/)).map((p) => /^\s*(\w+ \w+ \w+)/.exec(p.sql)?.[1])

  it('the export reads each table by the member, their LINE account or its audit target', async () => {
    await exportMemberData(t.db, memberId, lineUserId, now)
    const plans = await t.plans(/^select /)
    expect(plans).toHaveLength(t.recorded.length)
    expectOwnRowsOnly(plans, ownedBy)
  })

  it("the erasure's statements and reads find the member's rows by key: messages, orders, carts, saved items", async () => {
    expect(await deleteMembership(t.db, memberId, 'admin:1', now)).toEqual({ forfeited: 0 })
    expect(await erasureStatements()).toEqual(erasure)
    expectOwnRowsOnly(await t.plans(/./), ownedBy)
  })

  it('so do they after a forfeit of points, and the reads before it', async () => {
    const lot = { memberId, idempotencyKey: 'seed', actor: 'test', points: 50, expiresAt: new Date(now.getTime() + 86_400_000) }
    await addPoints(t.db, lot, now)
    t.clear()
    expect(await deleteMembership(t.db, memberId, 'admin:1', now)).toEqual({ forfeited: 50 })
    expect(await erasureStatements()).toEqual(erasure)
    // The forfeit's own ledger insert is left out: as every spend's, its plan lists the checks of the tables that
    // reference point_ledger (foreign keys), which SQLite runs only while a deferred violation is pending.
    // Its other statements find the lots it spends by the member and its allocations by the forfeit's entry.
    expectOwnRowsOnly(await t.plans(/^(?!\s*INSERT INTO point_ledger)/), [...ownedBy, 'entry_id'])
  })
})
