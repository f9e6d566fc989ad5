// The plans of statements that narrow members by a list of ids (or keys) and by another indexed column: each member is
// found by its key, never by walking members_reachable_expiry_idx (status, …) over every active member (1M in the
// benchmarks) or members_created_idx over every member an import made. See test/support/query-plans.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reminderRules } from '../../../db/schema'
import { issueCampaignCopies } from '../../../server/data/coupon-campaign'
import { importMembers } from '../../../server/data/member-import'
import { planReservationReminders } from '../../../server/data/reminder-planner'
import { missingReferences } from '../../../server/data/reservations'
import { matchingMembers } from '../../../server/data/scenario-runs'
import type { Segment } from '../../../server/domain/segment'
import { defineCoupon } from '../../support/coupons'
import { expectKeyLookups, recordingDatabase, type RecordingDatabase } from '../../support/query-plans'

const now = new Date('2026-12-03T03:00:00Z')

describe('plans of statements on a list of members', () => {
  let t: RecordingDatabase
  beforeEach(async () => void (t = await recordingDatabase()))
  afterEach(() => t.close())

  it('missingReferences finds the listed members and stores by primary key', async () => {
    await missingReferences(t.db, [1, 2, 3], [1])
    expectKeyLookups(await t.plans(/from "members"/, /json_each/), 'members')
    expectKeyLookups(await t.plans(/from "stores"/, /json_each/), 'stores')
  })

  it("a coupon campaign's copies go to the page's members found by primary key", async () => {
    const coupon = await defineCoupon(t.db, { status: 'active' })
    t.clear()
    await issueCampaignCopies(t.db, 1, coupon, JSON.stringify([1, 2, 3]), now)
    expectKeyLookups(await t.plans(/INSERT INTO member_coupons/), 'm')
  })

  it("a scenario step's segment is checked on its members found by primary key", async () => {
    const segments: Segment[] = [
      {},
      { ranks: ['silver'], lineStatuses: ['friend'], visitedWithinDays: 30 },
      { tags: [{ name: 'vip' }], fields: [{ key: 'skin', op: 'any_of', values: ['dry'] }] },
      { pointsExpiringWithinDays: 30 },
    ]
    for (const segment of segments) await matchingMembers(t.db, [1, 2, 3], segment, now)
    const plans = await t.plans(/FROM members m/)
    expect(plans).toHaveLength(segments.length)
    expectKeyLookups(plans, 'm')
  })

  it("an import counts its chunk's members by member number", async () => {
    const row = { issued: false, nameKana: null, birthday: null, phone: null, prefecture: null, points: 0, storeId: null }
    await importMembers(t.db, [{ ...row, row: 2, memberNumber: '1000001', name: '山田花子' }], 'admin:1', 365, now)
    expectKeyLookups(await t.plans(/SELECT count\(\*\) AS n FROM members/), 'members')
  })

  it("reservation reminders start from the window's reservations and find their members by primary key", async () => {
    await t.db.insert(reminderRules).values({ kind: 'reservation', offset: 24 * 60 })
    t.clear()
    await planReservationReminders(t.db, null, now)
    const [candidates] = await t.plans(/from "reservations" inner join "members"/)
    expectKeyLookups([candidates!], 'members')
    expect(candidates!.steps[0]!.detail).toMatch(/^SEARCH reservations USING INDEX reservations_starts_idx/)
  })
})
