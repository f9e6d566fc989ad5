import { eq, like } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { deliveries, lineAccounts, memberCoupons, members } from '../../../db/schema'
import { defaultSettings, saveSettings, type ShopSettings } from '../../../server/data/settings'
import { runScheduledJobs } from '../../../server/jobs'
import { personaByKey } from '../../../server/sandbox/personas'
import { defineCoupon } from '../../support/coupons'
import { testAppPerTest } from '../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)
const customer = personaByKey('customer')!

describe('birthday messages and coupons', () => {
  // The customer (member 1: linked, a friend, opted in to marketing) was born on 2 January; quiet hours 21:00–09:00.
  const t = testAppPerTest({ now: jst('2026-12-20T12:00:00') })
  let couponId: number
  beforeEach(async () => {
    await t.db.update(members).set({ birthday: '1990-01-02' }).where(eq(members.id, 1))
    couponId = (await defineCoupon(t.db, { title: 'バースデー500円引き', benefitValue: 500, perMemberLimit: 5 })).id
  })

  async function configure(birthday: Partial<ShopSettings['birthday']>, coupon = true) {
    await saveSettings(
      t.db,
      {
        birthday: { ...defaultSettings.birthday, enabled: true, ...birthday },
        couponRules: { ...defaultSettings.couponRules, birthday: coupon ? couponId : null },
      },
      'test',
      t.clock.now,
    )
  }
  /** The daily jobs at `at` (JST), as the 03:00 run does them: planning, then the outbox drain. */
  async function dailyAt(at: string) {
    t.clock.now = jst(at)
    return runScheduledJobs(t.deps, t.clock.now, 'daily')
  }
  const planned = () => t.db.select().from(deliveries).where(like(deliveries.dedupeKey, 'birthday:%')).orderBy(deliveries.id)
  const copies = () => t.db.select().from(memberCoupons).where(like(memberCoupons.issueKey, 'birthday:%')).orderBy(memberCoupons.id)
  const inbox = () => (t.sandbox.messaging.record.inbox.get(customer.lineUserId) ?? []).map((m) => String(m.message.text))

  it('greets once per birthday, N days before, across the year change, with the coupon once per year', async () => {
    await configure({ daysBefore: 7 })
    await dailyAt('2026-12-25T03:30:00')
    expect(await planned()).toEqual([])
    await dailyAt('2026-12-26T03:30:00')
    await dailyAt('2026-12-27T03:30:00')
    await dailyAt('2027-01-01T03:30:00')
    await dailyAt('2027-01-02T03:30:00')
    expect((await planned()).map((d) => d.dedupeKey)).toEqual(['birthday:1:2027'])
    expect((await copies()).map((c) => [c.issueKey, c.couponId, c.source])).toEqual([['birthday:1:2027', couponId, 'rule']])

    await dailyAt('2027-12-26T03:30:00')
    expect((await planned()).map((d) => d.dedupeKey)).toEqual(['birthday:1:2027', 'birthday:1:2028'])
    expect((await copies()).map((c) => c.issueKey)).toEqual(['birthday:1:2027', 'birthday:1:2028'])
  })

  it('holds the message through quiet hours, then sends the greeting and the coupon link', async () => {
    await configure({ daysBefore: null })
    expect(await dailyAt('2027-01-01T03:30:00')).toMatchObject({ messaging: { planned: { birthdays: 1 } } })
    const [row] = await planned()
    expect(row).toMatchObject({ kind: 'birthday', holdInQuietHours: true, nextAttemptAt: jst('2027-01-01T09:00:00') })
    expect(inbox()).toEqual([])

    t.clock.now = jst('2027-01-01T09:05:00')
    await runScheduledJobs(t.deps, t.clock.now, 'frequent')
    // The point notices of the same morning arrive too; the birthday's two messages come together, in this order.
    const texts = inbox()
    const at = texts.findIndex((text) => text.includes('山田 花子様、お誕生日おめでとうございます'))
    expect(at).toBeGreaterThanOrEqual(0)
    expect(texts[at + 1]).toContain('バースデー500円引き')
    expect(texts[at + 1]).toContain(`/coupons?c=${couponId}`)
    // Later days of the birthday month plan nothing again.
    await dailyAt('2027-01-20T03:30:00')
    expect(await planned()).toHaveLength(1)
  })

  it('greets nobody without a birthday, opted out, blocked or unlinked, and nothing when switched off', async () => {
    await configure({ daysBefore: null }, false)
    await t.db.update(members).set({ birthday: '1985-01-20' }).where(eq(members.id, 2)) // member 2 is not linked
    await t.db.update(members).set({ marketingOptIn: false }).where(eq(members.id, 1))
    await dailyAt('2027-01-05T03:30:00')
    await t.db.update(members).set({ marketingOptIn: true, birthday: null }).where(eq(members.id, 1))
    await dailyAt('2027-01-06T03:30:00')
    await t.db.update(members).set({ birthday: '1990-01-02' }).where(eq(members.id, 1))
    await t.db.update(lineAccounts).set({ friendStatus: 'blocked' }).where(eq(lineAccounts.memberId, 1))
    await dailyAt('2027-01-07T03:30:00')
    expect(await planned()).toEqual([])
    await t.db.update(lineAccounts).set({ friendStatus: 'friend' }).where(eq(lineAccounts.memberId, 1))
    await configure({ enabled: false, daysBefore: null })
    await dailyAt('2027-01-08T03:30:00')
    expect(await planned()).toEqual([])
    await configure({ daysBefore: null }, false)
    await dailyAt('2027-01-09T03:30:00')
    expect((await planned()).map((d) => [d.dedupeKey, d.messages.length])).toEqual([['birthday:1:2027', 1]])
  })
})
