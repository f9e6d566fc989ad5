import { eq, like } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { deliveries, domainEvents, members, reminderRules } from '../../../db/schema'
import { planBalanceNotices, planExpiryWarnings, planRankMessages, type PointNoticeContext } from '../../../server/data/point-notice-planner'
import { defaultRankTiers } from '../../../server/domain/ranks'
import { testAppPerTest } from '../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)
const ctx: PointNoticeContext = { quiet: { start: '21:00', end: '09:00' }, timeZone: 'Asia/Tokyo', cardLink: 'https://liff.line.me/x', couponsLink: 'https://liff.line.me/x/coupons', ranks: defaultRankTiers }

describe('point notice planning', () => {
  // Seeded at 12:00 JST on 23 Nov: the customer has 900 points expiring in 20 days (rule: warn 30 days ahead).
  const t = testAppPerTest({ now: jst('2026-11-23T12:00:00') })

  const planned = (prefix: string) => t.db.select().from(deliveries).where(like(deliveries.dedupeKey, `${prefix}%`))
  const text = (row: { messages: unknown[] }) => String((row.messages[0] as { text: string }).text)

  it('warns once about points expiring within the rule’s days, at the end of quiet hours when planned at night', async () => {
    expect(await planExpiryWarnings(t.db, ctx, jst('2026-11-24T03:00:00'))).toBe(1)
    expect(await planExpiryWarnings(t.db, ctx, jst('2026-11-25T03:00:00'))).toBe(0)
    const [row] = await planned('points_expiring:')
    expect(row).toMatchObject({ kind: 'points_expiring', lineUserId: 'U1000000000000000000000000000c001', nextAttemptAt: jst('2026-11-24T09:00:00') })
    expect(text(row!)).toContain('900pt')
    expect(text(row!)).toContain('2026年12月13日')
  })

  it('respects the opt-out and a disabled rule', async () => {
    await t.db.update(members).set({ pointNotices: false }).where(eq(members.id, 1))
    expect(await planExpiryWarnings(t.db, ctx, jst('2026-11-24T10:00:00'))).toBe(0)
    await t.db.update(members).set({ pointNotices: true }).where(eq(members.id, 1))
    await t.db.update(reminderRules).set({ enabled: false }).where(eq(reminderRules.kind, 'points_expiring'))
    expect(await planExpiryWarnings(t.db, ctx, jst('2026-11-24T10:00:00'))).toBe(0)
  })

  it('plans one balance notice per member and month from the rule’s day on, opt-out respected', async () => {
    expect(await planBalanceNotices(t.db, ctx, jst('2026-12-01T10:00:00'))).toBe(0)
    await t.db.insert(reminderRules).values({ kind: 'balance_notice', offset: 1 })
    expect(await planBalanceNotices(t.db, ctx, jst('2026-12-01T10:00:00'))).toBe(1)
    expect(await planBalanceNotices(t.db, ctx, jst('2026-12-15T10:00:00'))).toBe(0)
    const [row] = await planned('balance_notice:')
    expect(row!.dedupeKey).toBe('balance_notice:1:2026-12')
    expect(text(row!)).toContain('12月のポイント残高は 1,700pt')
    await t.db.update(members).set({ pointNotices: false }).where(eq(members.id, 1))
    expect(await planBalanceNotices(t.db, ctx, jst('2027-01-02T10:00:00'))).toBe(0)
  })

  it('announces each rank change event once and consumes it', async () => {
    const at = jst('2026-11-23T11:00:00')
    await t.db.insert(domainEvents).values([
      { kind: 'rank.changed', memberId: 1, payload: { from: 'silver', to: 'gold' }, createdAt: at },
      { kind: 'rank.changed', memberId: 2, payload: { from: 'regular', to: 'silver' }, createdAt: at },
    ])
    expect(await planRankMessages(t.db, ctx, jst('2026-11-23T12:00:00'))).toBe(1)
    expect(await planRankMessages(t.db, ctx, jst('2026-11-23T12:05:00'))).toBe(0)
    const events = await t.db.select().from(domainEvents).orderBy(domainEvents.id)
    // Member 2 has no LINE account: their event stays pending (a link within the week still gets the message).
    expect(events.map((e) => e.consumedAt)).toEqual([jst('2026-11-23T12:00:00'), null])
    const [row] = await planned('rank:')
    expect(row!.dedupeKey).toBe(`rank:${events[0]!.id}`)
    expect(text(row!)).toContain('会員ランクが「ゴールド」になりました')
  })

  it('plans nothing twice when a run stopped between planning and consuming', async () => {
    const [event] = await t.db
      .insert(domainEvents)
      .values({ kind: 'rank.changed', memberId: 1, payload: { from: 'silver', to: 'gold' }, createdAt: jst('2026-11-23T11:00:00') })
      .returning()
    expect(await planRankMessages(t.db, ctx, jst('2026-11-23T12:00:00'))).toBe(1)
    await t.db.update(domainEvents).set({ consumedAt: null }).where(eq(domainEvents.id, event!.id))
    expect(await planRankMessages(t.db, ctx, jst('2026-11-23T12:05:00'))).toBe(0)
    expect(await planned('rank:')).toHaveLength(1)
  })
})
