// One time zone per place: a store's own zone (stores.time_zone) overrides the shop's (settings shop.timeZone, else
// TIME_ZONE) for the daily earn cap, receipts and reminders alike; the dashboard's days follow local midnights.
import { eq, like } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { deliveries, pointLedger, reservations, stores } from '../../db/schema'
import { planReservationReminders } from '../../server/data/reminder-planner'
import { dashboardFigures, dayWindow } from '../../server/data/dashboard'
import { defaultSettings, saveSetting } from '../../server/data/settings'
import { bearer, createTestApp, json, testAppPerTest } from '../support/test-app'

const hour = 3_600_000

describe('a store that overrides the shop time zone', () => {
  // 03:00 UTC on 23 Nov: 12:00 on the 23rd in Tokyo (the shop), 22:00 on the 22nd in New York (store 1).
  const t = testAppPerTest({ now: new Date('2026-11-23T03:00:00Z') })
  let staffToken: string
  let n = 0
  beforeEach(async () => {
    await t.db.update(stores).set({ timeZone: 'America/New_York' }).where(eq(stores.id, 1))
    staffToken = await t.signIn('staff')
  })

  const earn = (purchaseAmount: number) =>
    t.app.request(
      '/api/staff/checkout/earn',
      json(
        { memberNumber: '0000000018', purchaseAmount, idempotencyKey: `${++n}-${crypto.randomUUID()}` },
        bearer(staffToken).headers,
      ),
    )

  it("counts the daily earn cap's day in the store's zone, as its reminders do", async () => {
    const checkout = { ...defaultSettings.checkout, dailyEarnCap: 100, maxPurchaseAmount: 1_000_000 }
    await saveSetting(t.db, 'checkout', checkout, 'test', t.clock.now)
    expect((await earn(4000)).status).toBe(200) // 80 pt, on 22 Nov in New York
    expect((await earn(2000)).status).toBe(422) // 40 pt more: over the cap on the same day
    // 4 hours later: still 23 Nov in Tokyo, but 23 Nov began (00:00) in New York.
    t.clock.advance(4 * hour)
    staffToken = await t.signIn('staff')
    expect((await earn(2000)).status).toBe(200)
    const receipt = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'receipt'))
    // The receipt states the store's local time: 02:00 in New York (Tokyo would say 16:00).
    expect(JSON.stringify(receipt.at(-1)!.messages)).toContain('2026/11/23 2:00')

    // The store's reservation at 00:00 on 24 Nov in New York: its 24 h reminder falls at 00:00 on the 23rd there,
    // inside quiet hours (21:00–09:00) in New York though not in Tokyo (14:00), and moves to 09:00 New York time
    // (in Tokyo's quiet hours, planned at 22:56 there, it would move to 09:00 Tokyo time the next day).
    await t.db
      .update(reservations)
      .set({ storeId: 1, startsAt: new Date('2026-11-24T05:00:00Z') })
      .where(eq(reservations.id, 1))
    await planReservationReminders(t.db, { start: '21:00', end: '09:00' }, new Date('2026-11-23T13:56:00Z'))
    const [reminder] = await t.db.select().from(deliveries).where(like(deliveries.dedupeKey, 'reservation:1:%'))
    expect(reminder!.nextAttemptAt).toEqual(new Date('2026-11-23T14:00:00Z'))
  })

  it("applies a store's edit to the next checkout at once: its receipt's name and local time", async () => {
    const admin = await t.signIn('admin')
    const lastReceipt = async () =>
      JSON.stringify((await t.db.select().from(deliveries).where(eq(deliveries.kind, 'receipt'))).at(-1)!.messages)
    expect((await earn(1000)).status).toBe(200)
    expect(await lastReceipt()).toContain('2026/11/22 22:00')
    const edited = await t.app.request('/api/admin/stores/1', {
      ...json({ code: 'shibuya', name: '渋谷本店 (新)', timeZone: 'Asia/Tokyo' }, bearer(admin).headers),
      method: 'PUT',
    })
    expect(edited.status).toBe(200)
    // Same instant: the shop's kept copy of the store would still be fresh had the edit not dropped it.
    expect((await earn(1000)).status).toBe(200)
    const receipt = await lastReceipt()
    expect(receipt).toContain('2026/11/23 12:00')
    expect(receipt).toContain('渋谷本店 (新)')
  })

  it('uses the shop zone from settings where no store is involved, and the store zone is kept on edits', async () => {
    const admin = await t.signIn('admin')
    const put = (body: unknown) =>
      t.app.request('/api/admin/settings', { ...json(body, bearer(admin).headers), method: 'PUT' })
    const bad = await put({ shop: { timeZone: 'Mars/Olympus' } })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_time_zone' } })
    expect((await put({ shop: { timeZone: 'Europe/Berlin' } })).status).toBe(200)
    const config = await (await t.app.request('/api/config')).json()
    expect(config.timeZone).toBe('Europe/Berlin')
    const created = await t.app.request(
      '/api/admin/stores',
      json({ code: 'berlin', name: 'Berlin' }, bearer(admin).headers),
    )
    expect(await created.json()).toMatchObject({ timeZone: 'Europe/Berlin' })
    const badStore = await t.app.request(
      '/api/admin/stores',
      json({ code: 'mars', name: 'Mars', timeZone: 'Mars/Olympus' }, bearer(admin).headers),
    )
    expect(badStore.status).toBe(400)
    expect(await badStore.json()).toMatchObject({ error: { code: 'invalid_time_zone' } })
    const [store] = await t.db.select().from(stores).where(eq(stores.id, 1))
    expect(store!.timeZone).toBe('America/New_York')
  })
})

describe("the dashboard's days across a daylight-saving change", () => {
  it('cuts each day at its own local midnight (25 hours on the day clocks go back)', () => {
    // New York goes back from 02:00 EDT to 01:00 EST on 1 Nov 2026.
    const w = dayWindow(new Date('2026-11-02T17:00:00Z'), 'America/New_York', 3)
    expect(w.days).toEqual(['2026-10-31', '2026-11-01', '2026-11-02'])
    expect(w.starts.map((s) => new Date(s).toISOString())).toEqual([
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      '2026-11-03T05:00:00.000Z',
    ])
  })

  it('counts points issued at 23:30 on the long day on that day, not the next', async () => {
    const t = await createTestApp({ now: new Date('2026-11-02T17:00:00Z') })
    try {
      const issuedByDay = async () => {
        const figures = await dashboardFigures(t.db, t.clock.now, 'America/New_York', 7)
        return Object.fromEntries(figures.points.map((p) => [p.date, p.issued]))
      }
      const before = await issuedByDay()
      // 00:30 EDT and 23:30 EST on 1 Nov: both on the 25-hour day. With today's offset (-5) for every day, as before,
      // the first was counted on 31 Oct.
      const base = { memberId: 1, kind: 'adjust' as const, points: 7, balanceAfter: 7, actor: 'test', remaining: 0 }
      await t.db.insert(pointLedger).values([
        { ...base, idempotencyKey: 'a', createdAt: new Date('2026-11-02T04:30:00Z') },
        { ...base, idempotencyKey: 'b', points: 5, createdAt: new Date('2026-11-01T04:30:00Z') },
      ])
      const after = await issuedByDay()
      const added = (day: string) => after[day]! - before[day]!
      expect(added('2026-10-31')).toBe(0)
      expect(added('2026-11-01')).toBe(12)
      expect(added('2026-11-02')).toBe(0)
    } finally {
      await t.close()
    }
  })
})
