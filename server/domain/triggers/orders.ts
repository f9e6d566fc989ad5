// An order's life as the EC site reports it: placed → paid → shipped → delivered, or cancelled before delivery.
import type { OrderEvent } from './kinds'
import type { TriggerKind } from './templates'

/** How far along each status is; an order's status only moves to a higher one. */
export const orderEventRank: Record<OrderEvent, number> = { placed: 0, paid: 1, shipped: 2, delivered: 3, cancelled: 4 }

/**
 * The message each event sends. `paid` records the status only: the payment provider already confirms payments, and
 * a second notice for one order would be noise.
 */
export const orderTrigger: Record<OrderEvent, TriggerKind | null> = {
  placed: 'order_placed',
  paid: null,
  shipped: 'order_shipped',
  delivered: 'order_delivered',
  cancelled: 'order_cancelled',
}

/** Why `event` cannot apply to an order in `status`, or null when it can. */
export function orderEventRefused(status: OrderEvent, event: OrderEvent): 'order_cancelled' | 'order_delivered' | null {
  if (status === 'cancelled' && event !== 'cancelled') return 'order_cancelled'
  if (status === 'delivered' && event === 'cancelled') return 'order_delivered'
  return null
}
