// The cart reminder job inside workerd on D1: chunks of a small budget go on from their cursor in the next
// invocation, each due cart is reminded once (a Flex carousel of its items in the outbox), and an order that comes
// before the delay ends the cart instead.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { carts, deliveries } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { memberNumberFor } from '../../server/domain/member-number'
import { planCartReminders } from '../../server/jobs/cart-reminders'
import { updateCart } from '../../server/usecases/cart-update'
import { applyOrder } from '../../server/usecases/order-event'
import { useCaseContext } from './use-case-context'

const db = openD1(env.DB)
let now = new Date('2026-11-23T03:00:00Z')
const clock = () => now
const ctx = useCaseContext(db, clock)
const customer = { memberNumber: memberNumberFor(demo.customerMemberId) }
const item = (name: string) => ({ name, priceYen: 1200, url: `https://shop.example.jp/items/${name}` })

beforeAll(() => seedDemoShop(db, now))

describe('cart reminders on D1', () => {
  it('plans one reminder per due cart across budget-limited invocations, and none for a cart an order ended', async () => {
    for (const cartId of ['d1-a', 'd1-b', 'd1-c'])
      expect(await updateCart(ctx, { cartId, customer, items: [item(cartId)], actor: 'test' })).toMatchObject({
        ok: true,
      })
    now = new Date(now.getTime() + 30 * 60_000)
    const lone = { memberNumber: demo.unlinkedMemberNumber }
    await updateCart(ctx, { cartId: 'd1-lone', customer: lone, items: [item('lone')], actor: 'test' })
    now = new Date(now.getTime() + 30 * 60_000)
    // Three carts are due; the fourth (another member's) only in 30 minutes.
    const first = await planCartReminders(db, now, { steps: 2, rowsPerStep: 1 })
    expect(first).toMatchObject({ done: false, steps: 2, count: 2 })
    const second = await planCartReminders(db, now, { steps: 5, rowsPerStep: 1 })
    expect(second).toMatchObject({ done: true, count: 1 })
    expect(await planCartReminders(db, now, { steps: 5 })).toMatchObject({ done: true, steps: 0 })
    const planned = await db.select().from(deliveries).where(eq(deliveries.kind, 'cart_reminder'))
    expect(planned.map((d) => d.dedupeKey).sort()).toEqual([
      'cart-reminder:d1-a:1',
      'cart-reminder:d1-b:1',
      'cart-reminder:d1-c:1',
    ])
    const carousel = planned[0]!.messages[0] as { contents: { type: string; contents: unknown[] } }
    expect(carousel.contents).toMatchObject({ type: 'carousel' })
    expect(carousel.contents.contents).toHaveLength(2)

    // An order before the lone member's delay ends their cart: a later minute's run plans nothing for it.
    await applyOrder(ctx, { orderId: 'd1-order', event: 'placed', customer: lone, bodyHash: 'h', actor: 'test' })
    now = new Date(now.getTime() + 60 * 60_000)
    expect(await planCartReminders(db, now, { steps: 5 })).toMatchObject({ done: true, count: 0 })
    const [ended] = await db.select().from(carts).where(eq(carts.externalId, 'd1-lone'))
    expect(ended!.status).toBe('ordered')
  })
})
