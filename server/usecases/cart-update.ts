// A cart the EC site reports (updated or abandoned, with its items): the cart's new version with its reminder due
// after the shop's delay (settings `commerce.cartReminderDelayMinutes`), the end of a reminder still waiting for an
// older version, and the audit entry, in one batch. The same items again change nothing (a replay keeps the
// reminder's time); no items empties the cart. The reminder itself is planned by the job (server/jobs/cart-reminders.ts).
import type { Cart } from '../../db/schema'
import type { ShopItem } from '../domain/triggers/kinds'
import { audit } from '../data/audit'
import { findCart, writeCart } from '../data/carts'
import { findCustomer, skipPendingCartReminders, type CustomerRef } from '../data/commerce'
import { sql } from 'drizzle-orm'
import { refuse, type Refusal } from '../domain/refusal'
import type { SettingsUseCaseContext } from './context'

export interface CartInput {
  cartId: string
  customer: CustomerRef
  items: ShopItem[]
  cartUrl?: string
  actor: string
}

export interface CartWritten {
  ok: true
  cart: Cart
  /** False for a replay of the cart as it is: nothing was written. */
  changed: boolean
}

const sameCart = (cart: Cart, input: CartInput) =>
  JSON.stringify(cart.items) === JSON.stringify(input.items) && cart.cartUrl === (input.cartUrl ?? null)

export async function updateCart(ctx: SettingsUseCaseContext, input: CartInput): Promise<CartWritten | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const [customer, prior, settings] = await Promise.all([
    findCustomer(db, input.customer),
    findCart(db, input.cartId),
    ctx.settings.load(),
  ])
  if (!customer) return refuse('customer_not_found', 'No active member or known LINE user matches the customer')
  if (customer.memberId === null)
    return refuse('customer_not_member', 'Cart reminders go to members only: this LINE user has no membership')
  if (prior && prior.memberId !== customer.memberId)
    return refuse('cart_other_customer', `Cart ${input.cartId} belongs to another customer`)
  if (prior && sameCart(prior, input)) return { ok: true, cart: prior, changed: false }
  const remindAt = new Date(now.getTime() + settings.commerce.cartReminderDelayMinutes * 60_000)
  const reason = input.items.length ? 'cancelled: the cart changed' : 'cancelled: the cart was emptied'
  await db.batch([
    writeCart(
      db,
      {
        externalId: input.cartId,
        memberId: customer.memberId,
        items: input.items,
        cartUrl: input.cartUrl ?? null,
        remindAt,
      },
      now,
    ),
    skipPendingCartReminders(db, { externalId: input.cartId }, reason, sql`1`),
    audit(
      db,
      {
        actor: input.actor,
        action: input.items.length ? 'cart.updated' : 'cart.emptied',
        target: `cart:${input.cartId}`,
        detail: { memberId: customer.memberId, items: input.items.length },
      },
      now.getTime(),
    ),
  ])
  return { ok: true, cart: (await findCart(db, input.cartId))!, changed: true }
}
