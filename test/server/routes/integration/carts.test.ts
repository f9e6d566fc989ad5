import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { carts, deliveries, members } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { runScheduledJobs } from '../../../../server/jobs'
import { personaByKey } from '../../../../server/sandbox/personas'
import { ecSite, flexInbox, mug, towel } from '../../../support/commerce'
import { testAppPerTest } from '../../../support/test-app'

const customer = personaByKey('customer')!.lineUserId
const byNumber = { memberNumber: memberNumberFor(1) }
const minutes = (n: number) => n * 60_000

describe('cart reminders (PUT /api/integration/carts/{cartId} and the job)', () => {
  const t = testAppPerTest({ now: new Date('2026-11-23T03:00:00Z') })
  let ec: Awaited<ReturnType<typeof ecSite>>
  // 12:00 in Tokyo: outside the shop's quiet hours (21:00–09:00).
  beforeEach(async () => {
    ec = await ecSite(t)
  })

  const jobs = () => runScheduledJobs(t.deps, t.clock.now)

  it('sends the customer’s own items as a carousel once the delay has passed, and only once', async () => {
    const put = await ec.cart('c-1', {
      event: 'abandoned',
      customer: byNumber,
      items: [towel, mug],
      cartUrl: 'https://shop.example.jp/cart',
    })
    expect(put).toMatchObject({ status: 200, body: { status: 'open', items: 2, remindAt: '2026-11-23T04:00:00.000Z' } })
    t.clock.advance(minutes(59))
    expect((await jobs()).cartReminders).toBe(0)
    expect(flexInbox(t, customer)).toEqual([])
    t.clock.advance(minutes(1))
    expect((await jobs()).cartReminders).toBe(1)
    const [reminder] = flexInbox(t, customer)
    expect(reminder!.altText).toBe('カートに商品が残っています')
    const [lead, ...items] = reminder!.contents.contents
    // Every link goes through the click redirect (message reports), which leads on to the EC site's page.
    const landing = async (uri: string) => {
      expect(uri.startsWith(`${t.config.publicUrl}/r/`)).toBe(true)
      return (await t.app.request(new URL(uri).pathname)).headers.get('location')
    }
    expect(await landing(lead.footer.contents[0].action.uri)).toBe('https://shop.example.jp/cart')
    const shown = items.map((b: typeof lead) => [b.hero.url, b.body.contents[0].text, b.footer.contents[0].action.uri])
    for (const item of shown) item[2] = await landing(item[2])
    expect(shown).toEqual([
      [towel.imageUrl, towel.name, towel.url],
      [mug.imageUrl, mug.name, mug.url],
    ])
    t.clock.advance(minutes(30))
    expect((await jobs()).cartReminders).toBe(0)
    expect(flexInbox(t, customer)).toHaveLength(1)
  })

  it('is cancelled by an order that arrives before the delay', async () => {
    await ec.cart('c-2', { event: 'updated', customer: byNumber, items: [towel] })
    t.clock.advance(minutes(30))
    await ec.order('EC-9', { event: 'placed', customer: byNumber })
    t.clock.advance(minutes(60))
    const report = await jobs()
    expect(report.cartReminders).toBe(0)
    const [cart] = await t.db.select().from(carts).where(eq(carts.externalId, 'c-2'))
    expect(cart!.status).toBe('ordered')
    expect(flexInbox(t, customer).map((m) => m.altText)).toEqual(['ご注文ありがとうございます'])
  })

  it('waits for quiet hours to end, and skips a planned reminder when an order comes meanwhile', async () => {
    t.clock.advance(minutes(9 * 60)) // 21:00 in Tokyo
    await ec.cart('c-3', { event: 'updated', customer: byNumber, items: [towel] })
    t.clock.advance(minutes(60))
    expect((await jobs()).cartReminders).toBe(1)
    expect(flexInbox(t, customer)).toEqual([])
    await ec.order('EC-10', { event: 'placed', customer: byNumber })
    const [row] = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'cart_reminder'))
    expect(row).toMatchObject({ status: 'skipped', lastError: 'cancelled: an order arrived before the cart reminder' })
  })

  it('restarts the delay when the items change, changes nothing on a replay, and stops when emptied', async () => {
    await ec.cart('c-4', { event: 'updated', customer: byNumber, items: [towel] })
    t.clock.advance(minutes(40))
    const replay = await ec.cart('c-4', { event: 'updated', customer: byNumber, items: [towel] })
    expect(replay.body).toMatchObject({ changed: false, remindAt: '2026-11-23T04:00:00.000Z' })
    const changed = await ec.cart('c-4', { event: 'updated', customer: byNumber, items: [towel, mug] })
    expect(changed.body).toMatchObject({ changed: true, remindAt: '2026-11-23T04:40:00.000Z' })
    const emptied = await ec.cart('c-4', { event: 'updated', customer: byNumber, items: [] })
    expect(emptied.body).toMatchObject({ status: 'emptied', remindAt: null })
    t.clock.advance(minutes(120))
    expect((await jobs()).cartReminders).toBe(0)
  })

  it('skips the reminder of a customer who did not opt in to marketing messages', async () => {
    await t.db.update(members).set({ marketingOptIn: false }).where(eq(members.id, 1))
    await ec.cart('c-5', { event: 'updated', customer: byNumber, items: [towel] })
    t.clock.advance(minutes(60))
    await jobs()
    expect(flexInbox(t, customer)).toEqual([])
    const [row] = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'cart_reminder'))
    expect(row!.status).toBe('skipped')
  })

  it('refuses non-members, another customer’s cart, http images and unbounded input', async () => {
    const newcomer = { lineUserId: personaByKey('newcomer')!.lineUserId }
    expect((await ec.cart('c-6', { event: 'updated', customer: newcomer, items: [towel] })).body.error.code).toBe(
      'customer_not_member',
    )
    await ec.cart('c-6', { event: 'updated', customer: byNumber, items: [towel] })
    const other = { memberNumber: memberNumberFor(2) }
    const taken = await ec.cart('c-6', { event: 'updated', customer: other, items: [towel] })
    expect([taken.status, taken.body.error?.code]).toEqual([409, 'cart_other_customer'])
    const bad = [
      { ...towel, imageUrl: 'http://shop.example.jp/a.jpg' },
      { ...towel, url: 'ftp://shop.example.jp/a' },
      { ...towel, name: 'x'.repeat(101) },
      { ...towel, name: 'a\u202eb' },
      { ...towel, priceYen: 1.5 },
    ]
    for (const item of bad) {
      const res = await ec.cart('c-7', { event: 'updated', customer: byNumber, items: [item] })
      expect(res.status, JSON.stringify(item)).toBe(400)
    }
    const many = await ec.cart('c-7', { event: 'updated', customer: byNumber, items: Array(51).fill(towel) })
    expect(many.status).toBe(400)
    expect(await t.db.select().from(carts).where(eq(carts.externalId, 'c-7'))).toEqual([])
  })
})
