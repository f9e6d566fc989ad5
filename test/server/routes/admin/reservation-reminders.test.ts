import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { lineAccounts, reservations } from '../../../../db/schema'
import { planReservationReminders } from '../../../../server/data/reminder-planner'
import { personaByKey } from '../../../../server/sandbox/personas'
import { testAppPerTest } from '../../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)
const quiet = { start: '21:00', end: '09:00' }

interface Plan {
  reason: string | null
  rules: {
    offsetMinutes: number
    sendAt: string | null
    movedForQuietHours: boolean
    reason: string | null
    status: string | null
  }[]
}

describe('/api/admin/reservations: when each reminder will be sent, or why not', () => {
  // Late at night: quiet hours (21:00–09:00) hold until tomorrow morning. Rules: 24 h and 2 h before.
  const t = testAppPerTest({ now: jst('2026-11-23T12:00:00') })
  beforeEach(async () => {
    t.clock.now = jst('2026-11-23T23:00:00')
    await t.db.insert(reservations).values([
      { id: 10, memberId: 1, storeId: 1, startsAt: jst('2026-11-24T09:15:00') },
      { id: 11, memberId: 1, storeId: 1, startsAt: jst('2026-11-24T08:00:00') },
    ])
  })

  async function plans(): Promise<Record<number, Plan>> {
    const admin = await t.signIn('admin')
    const res = await t.app.request(`/api/admin/reservations?from=${jst('2026-11-23T00:00:00').toISOString()}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(res.status).toBe(200)
    const { reservations: listed } = (await res.json()) as { reservations: { id: number; reminderPlan: Plan }[] }
    return Object.fromEntries(listed.map((r) => [r.id, r.reminderPlan]))
  }

  it('shows the send time of each rule, moved out of quiet hours, or why a rule sends nothing', async () => {
    const byId = await plans()
    // Tomorrow 18:00: the overdue 24 h reminder waits for 09:00, the 2 h one goes at 16:00.
    expect(byId[1]).toEqual({
      reason: null,
      rules: [
        expect.objectContaining({
          offsetMinutes: 120,
          sendAt: jst('2026-11-24T16:00:00').toISOString(),
          movedForQuietHours: false,
          reason: null,
        }),
        expect.objectContaining({
          offsetMinutes: 1440,
          sendAt: jst('2026-11-24T09:00:00').toISOString(),
          movedForQuietHours: true,
          reason: null,
        }),
      ],
    })
    // Made at 23:00 for 09:15: too late for the evening before, so at 09:00 (one reminder, not two).
    expect(byId[10]!.rules).toEqual([
      expect.objectContaining({
        offsetMinutes: 120,
        sendAt: jst('2026-11-24T09:00:00').toISOString(),
        movedForQuietHours: true,
      }),
      expect.objectContaining({ offsetMinutes: 1440, sendAt: null, reason: 'superseded' }),
    ])
    // Starts before quiet hours end: no moment outside them is left.
    expect(byId[11]!.rules.map((r) => [r.sendAt, r.reason])).toEqual([
      [null, 'quiet_hours'],
      [null, 'quiet_hours'],
    ])
    // The unlinked member's reservation (id 3).
    expect(byId[3]!.reason).toBe('not_linked')
  })

  it('moves a late-night reservation’s reminder to the end of quiet hours rather than dropping it', async () => {
    await planReservationReminders(t.db, quiet, t.clock.now)
    t.clock.now = jst('2026-11-24T08:55:00')
    await planReservationReminders(t.db, quiet, t.clock.now)
    const plan = (await plans())[10]!
    expect(plan.rules[0]).toMatchObject({
      offsetMinutes: 120,
      status: 'pending',
      sendAt: jst('2026-11-24T09:00:00').toISOString(),
      movedForQuietHours: true,
    })
  })

  it('says when the customer cannot be reached', async () => {
    await t.db
      .update(lineAccounts)
      .set({ friendStatus: 'blocked' })
      .where(eq(lineAccounts.lineUserId, personaByKey('customer')!.lineUserId))
    await t.db.update(reservations).set({ status: 'cancelled' }).where(eq(reservations.id, 11))
    const byId = await plans()
    expect(byId[1]!.reason).toBe('blocked')
    expect(byId[1]!.rules.every((r) => r.sendAt === null)).toBe(true)
    expect(byId[11]!.reason).toBe('reservation_closed')
  })
})
