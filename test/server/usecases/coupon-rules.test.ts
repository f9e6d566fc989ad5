import { and, eq, like, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { auditLog, coupons, deliveries, domainEvents, lineAccounts, memberCoupons, members } from '../../../db/schema'
import { addPoints } from '../../../server/data/ledger'
import { memberRankRefresh } from '../../../server/data/ranks'
import { defaultSettings, saveSettings } from '../../../server/data/settings'
import { defaultRankTiers } from '../../../server/domain/ranks'
import { runScheduledJobs } from '../../../server/jobs'
import { registerMembership } from '../../../server/usecases/register'
import { defineCoupon } from '../../support/coupons'
import { registrationForm } from '../../support/registration'
import { testAppPerTest } from '../../support/test-app'

const day = 86_400_000

describe('coupons issued by rule', () => {
  const t = testAppPerTest()
  let couponId: number
  beforeEach(async () => {
    couponId = (await defineCoupon(t.db, { title: 'ようこそクーポン', perMemberLimit: 3 })).id
  })

  const rules = (patch: Partial<typeof defaultSettings.couponRules>) =>
    saveSettings(t.db, { couponRules: { ...defaultSettings.couponRules, ...patch } }, 'test', t.clock.now)
  const copies = (prefix: string) =>
    t.db
      .select()
      .from(memberCoupons)
      .where(like(memberCoupons.issueKey, `${prefix}%`))
      .orderBy(memberCoupons.id)

  const register = async (lineUserId: string) =>
    registerMembership(t.deps, await registrationForm(t.db, lineUserId, true))
  /** Member 2 (regular) buys for ¥30,000: enough for silver. */
  const silverSpend = () =>
    addPoints(
      t.db,
      {
        memberId: 2,
        idempotencyKey: 'p1',
        actor: 'staff:1',
        points: 1,
        purchaseAmount: 30_000,
        expiresAt: new Date(t.clock.now.getTime() + 300 * day),
      },
      t.clock.now,
    )

  it('issues the welcome coupon with the registration, with its audit entry and message, once', async () => {
    await rules({ welcome: couponId })
    const registered = await register(`U${'e'.repeat(31)}1`)
    if (!registered.ok) throw new Error('not registered')
    expect((await copies('welcome:')).map((c) => [c.issueKey, c.couponId, c.source])).toEqual([
      [`welcome:${registered.memberId}`, couponId, 'rule'],
    ])
    const audited = await t.db.$count(
      auditLog,
      and(eq(auditLog.action, 'coupon.issued'), eq(auditLog.target, `member-number:${registered.memberNumber}`)),
    )
    expect(audited).toBe(1)
    const [message] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.dedupeKey, `coupon-issued:welcome:${registered.memberId}`))
    expect(JSON.stringify(message!.messages)).toContain('ようこそクーポン')
    expect(await register(`U${'e'.repeat(31)}1`)).toMatchObject({ ok: false, refusal: 'line_already_linked' })
    expect(await copies('welcome:')).toHaveLength(1)
  })

  it('registers without a copy when the welcome coupon is archived, and without one when no rule is set', async () => {
    await rules({ welcome: couponId })
    await t.db.update(coupons).set({ status: 'archived' }).where(eq(coupons.id, couponId))
    expect(await register(`U${'e'.repeat(31)}2`)).toMatchObject({ ok: true })
    await rules({ welcome: null })
    expect(await register(`U${'e'.repeat(31)}3`)).toMatchObject({ ok: true })
    expect(await copies('welcome:')).toEqual([])
  })

  it('issues the rank-up coupon in the batch that raises the rank, once, and not on the way down', async () => {
    const rankUp = [{ rank: 'silver', couponId }]
    await rules({ rankUp })
    await silverSpend()
    const at = t.clock.now
    await t.db.batch(memberRankRefresh(t.db, 2, defaultRankTiers, at, sql`1`, rankUp))
    await t.db.batch(memberRankRefresh(t.db, 2, defaultRankTiers, at, sql`1`, rankUp))
    expect((await copies('rank-up:')).map((c) => [c.issueKey, c.memberId])).toEqual([['rank-up:silver:2', 2]])
    expect(await t.db.$count(domainEvents, eq(domainEvents.kind, 'rank.changed'))).toBe(1)

    // Member 1 (gold) falls to silver when old spend leaves the window: a demotion issues nothing.
    t.clock.advance(21 * day)
    await runScheduledJobs(t.deps, t.clock.now, 'daily')
    expect((await copies('rank-up:')).map((c) => c.issueKey)).toEqual(['rank-up:silver:2'])
  })

  it('issues the rank-up coupon from the daily refresh to members it moves up', async () => {
    await rules({ rankUp: [{ rank: 'silver', couponId }] })
    await silverSpend()
    await runScheduledJobs(t.deps, t.clock.now, 'daily')
    await runScheduledJobs(t.deps, t.clock.now, 'daily')
    expect((await copies('rank-up:')).map((c) => c.issueKey)).toEqual(['rank-up:silver:2'])
  })

  it('names the rank-up coupon in the rank message, in the member’s language, with the link to the coupons tab', async () => {
    await rules({ rankUp: [{ rank: 'silver', couponId }] })
    const lineUserId = `U${'r'.repeat(32)}`
    await t.db.insert(lineAccounts).values({ lineUserId, memberId: 2, linkedAt: t.clock.now, friendStatus: 'friend' })
    await t.db.update(members).set({ language: 'en' }).where(eq(members.id, 2))
    await silverSpend()
    await runScheduledJobs(t.deps, t.clock.now, 'daily')
    const rankMessage = async () => {
      const [row] = await t.db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.kind, 'rank'), eq(deliveries.lineUserId, lineUserId)))
      return (row!.messages as { text: string }[])[0]!.text
    }
    const text = await rankMessage()
    expect(text).toContain('Your membership rank is now')
    expect(text).toContain('the coupon "ようこそクーポン" is now yours')
    expect(text).toContain(`See your coupons: ${t.deps.config.publicUrl}/coupons`)
    // One language: none of the Japanese message's words.
    expect(text).not.toContain('特典')
    expect(text).not.toContain('クーポンを見る')
  })

  it('says nothing of a coupon in the rank message when no rank-up coupon came with the change', async () => {
    await rules({ rankUp: [] })
    const lineUserId = `U${'s'.repeat(32)}`
    await t.db.insert(lineAccounts).values({ lineUserId, memberId: 2, linkedAt: t.clock.now, friendStatus: 'friend' })
    await silverSpend()
    await runScheduledJobs(t.deps, t.clock.now, 'daily')
    const [row] = await t.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.kind, 'rank'), eq(deliveries.lineUserId, lineUserId)))
    const text = (row!.messages as { text: string }[])[0]!.text
    expect(text).toContain('会員ランクが')
    expect(text).not.toContain('クーポン')
  })
})
