// What the EC site sends (customers, items, ids, URLs), bounded and checked before any use case sees it. URLs shown
// in LINE messages must be https (LINE refuses other image URLs; a link to http would leave LINE's secure context).
import { z } from '@hono/zod-openapi'
import { cartStatuses } from '../../../db/schema'
import { orderEvents } from '../../domain/triggers/kinds'
import { singleLine } from '../../domain/free-text'

/** An https URL of at most `max` characters (LINE: 1,000 for a link's uri, 2,000 for an image); code `url_not_https`. */
export const httpsUrl = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:' && !/\s/.test(value), {
      message: 'must be an https URL',
      params: { code: 'url_not_https' },
    })

/** The EC site's ids (orders, carts, items, events): printable, no spaces, at most 100 characters. */
export const ExternalId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, 'letters, digits and punctuation only, no spaces')

export const pathId = (name: string) => ExternalId.openapi({ param: { name, in: 'path' } })

export const Customer = z
  .union([
    z.object({ memberNumber: singleLine(z.string().min(1).max(20)) }).strict(),
    z.object({ lineUserId: z.string().regex(/^U[0-9a-f]{32}$/, 'a LINE user id (U + 32 hex digits)') }).strict(),
  ])
  .openapi('CommerceCustomer', { description: 'The customer: their member number, or their LINE user id' })

export const ShopItem = z
  .object({
    name: singleLine(z.string().min(1).max(100)),
    imageUrl: httpsUrl(2000).optional(),
    priceYen: z.number().int().min(0).max(100_000_000),
    url: httpsUrl(1000),
    quantity: z.number().int().min(1).max(999).optional(),
  })
  .strict()
  .openapi('ShopItem')

export const OrderEventBody = z
  .object({
    event: z.enum(orderEvents),
    customer: Customer,
    totalYen: z.number().int().min(0).max(100_000_000).optional(),
    trackingUrl: httpsUrl(1000).optional().openapi({ description: 'Required for `shipped`' }),
    orderUrl: httpsUrl(1000).optional().openapi({ description: 'The order’s page: the notice’s button' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.event === 'shipped' && !body.trackingUrl)
      ctx.addIssue({
        code: 'custom',
        path: ['trackingUrl'],
        message: 'a shipped order needs its tracking URL',
        params: { code: 'tracking_url_required' },
      })
  })
  .openapi('OrderEvent')

export const OrderView = z
  .object({
    orderId: z.string(),
    status: z.enum(orderEvents),
    totalYen: z.number().nullable(),
    trackingUrl: z.string().nullable(),
    replayed: z.boolean().openapi({ description: 'The same event was applied before: nothing was done again' }),
    notified: z.boolean().openapi({ description: 'A LINE message to the customer was planned' }),
  })
  .openapi('OrderEventResult')

export const CartBody = z
  .object({
    event: z.enum(['updated', 'abandoned']),
    customer: Customer,
    items: z.array(ShopItem).max(50),
    cartUrl: httpsUrl(1000).optional(),
  })
  .strict()
  .openapi('CartUpdate')

export const CartView = z
  .object({
    cartId: z.string(),
    status: z.enum(cartStatuses),
    items: z.number(),
    remindAt: z.string().nullable().openapi({ description: 'When the reminder is due while the cart is open' }),
    changed: z.boolean(),
  })
  .openapi('CartState')
