import { eq, like } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { deliveries, reminderRules, reservations } from '../../../db/schema'
import { planReservationReminders } from '../../../server/data/reminder-planner'
import { testAppPerTest } from '../../support/test-app'

const quiet = { start: '21:00', end: '09:00' }
const jst = (iso: string) => new Date(`${iso}+09:00`)

describe('planReservationReminders', () => {
  // Seeded at 12:00 JST on 23 Nov: the customer's reservation is at 18:00 JST on 24 Nov (rules: 24 h and 2 h).
  const t = testAppPerTest({ now: jst('2026-11-23T12:00:00') })

  const reminders = () => t.db.select().from(deliveries).where(like(deliveries.dedupeKey, 'reservation:%')).orderBy(deliveries.id)
  const plan = (at: string) => planReservationReminders(t.db, quiet, jst(at))

  it('plans the 24 h reminder shortly before it is due, with notBefore at its time, once', async () => {
    expect((await plan('2026-11-23T17:40:00')).planned).toBe(0)
    expect((await plan('2026-11-23T17:55:00')).planned).toBe(1)
    expect((await plan('2026-11-23T18:00:00')).planned).toBe(0)
    const [row] = await reminders()
    expect(row).toMatchObject({ kind: 'reservation', status: 'pending', nextAttemptAt: jst('2026-11-23T18:00:00') })
    expect(row!.dedupeKey).toMatch(/^reservation:1:1440m:/)
    const flex = row!.messages[0] as { type: string; altText: string; contents: unknown }
    expect(flex.type).toBe('flex')
    expect(flex.altText).toContain('18:00')
    expect(JSON.stringify(flex.contents)).toContain('reservation:confirm:1')
    expect(JSON.stringify(flex.contents)).toContain('https://maps.google.com/?q=35.658,139.699')
  })

  it('plans each reminder once when runs overlap', async () => {
    const runs = await Promise.all([plan('2026-11-23T18:00:00'), plan('2026-11-23T18:00:00'), plan('2026-11-23T18:01:00')])
    expect(runs.reduce((sum, r) => sum + r.planned, 0)).toBeGreaterThanOrEqual(1)
    expect(await reminders()).toHaveLength(1)
    await Promise.all([plan('2026-11-24T16:00:00'), plan('2026-11-24T16:00:00')])
    expect((await reminders()).map((r) => r.dedupeKey.split(':')[2])).toEqual(['1440m', '120m'])
  })

  it('catches up after missed runs, with only the latest due rule', async () => {
    expect((await plan('2026-11-23T19:30:00')).planned).toBe(1)
    const [row] = await reminders()
    expect(row!.nextAttemptAt).toEqual(jst('2026-11-23T19:30:00'))
    await t.db.delete(deliveries)
    // Nothing ran for a day: at 16:30 on the day only the 2 h reminder goes out, not a stale 24 h one too.
    await plan('2026-11-24T16:30:00')
    expect((await reminders()).map((r) => r.dedupeKey.split(':')[2])).toEqual(['120m'])
  })

  it('skips unlinked members and cancelled reservations', async () => {
    await t.db.update(reservations).set({ status: 'cancelled' }).where(eq(reservations.id, 1))
    // The unlinked member's reservation (id 3) is due on 25 Nov 15:00 JST.
    await plan('2026-11-24T15:00:00')
    expect(await reminders()).toHaveLength(0)
  })

  it('moves a reminder out of quiet hours: to 09:00, or to the evening before', async () => {
    await t.db.insert(reservations).values([
      { id: 10, memberId: 1, storeId: 1, startsAt: jst('2026-11-25T09:30:00') },
      { id: 11, memberId: 1, storeId: 1, startsAt: jst('2026-11-25T08:00:00') },
    ])
    await t.db.delete(reminderRules).where(eq(reminderRules.offset, 24 * 60))
    await plan('2026-11-24T20:55:00')
    await plan('2026-11-25T08:55:00')
    const byId = Object.fromEntries((await reminders()).map((r) => [r.dedupeKey.split(':')[1], r.nextAttemptAt]))
    expect(byId['11']).toEqual(jst('2026-11-24T20:59:00'))
    expect(byId['10']).toEqual(jst('2026-11-25T09:00:00'))
  })

  it('plans new reminders for a rescheduled reservation', async () => {
    await plan('2026-11-23T18:00:00')
    await t.db.update(reservations).set({ startsAt: jst('2026-11-24T19:00:00') }).where(eq(reservations.id, 1))
    await plan('2026-11-23T19:00:00')
    expect(await reminders()).toHaveLength(2)
  })
})
