// EC integration, carts and saved items (API key scope: `carts`): PUT /api/integration/carts/{cartId} reports a cart's
// items (a reminder of them follows after the shop's delay unless an order comes first or the cart is emptied);
// PUT /items/{itemId}/saved keeps a customer's saved item; POST /items/{itemId}/events tells its savers of a restock
// or price drop, once per event.
import { z } from '@hono/zod-openapi'
import { bodyHash } from '../../data/commerce'
import { apiKeyActor } from '../../data/audit'
import { apiKeyRoute } from './guard'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { updateCart } from '../../usecases/cart-update'
import { applyItemEvent, changeSavedItem } from '../../usecases/saved-items'
import { accepted } from '../refusals'
import { CartBody, CartView, Customer, ExternalId, pathId, ShopItem } from './commerce-schemas'

const refusals = {
  400: errorResponse('Invalid input (`url_not_https`, `text_too_long`, ...)'),
  404: errorResponse('`customer_not_found`'),
  422: errorResponse('`customer_not_member`: carts and saved items are for members'),
}

const cartRoute = apiKeyRoute('carts', 'put', '/carts/{cartId}', {
  summary: 'Report a cart’s items (updated or abandoned); no items empties it',
  description:
    'The same items again change nothing; changed items restart the reminder delay (settings ' +
    '`commerce.cartReminderDelayMinutes`). The reminder is promotional: held in quiet hours, only with consent.',
  request: { params: z.object({ cartId: pathId('cartId') }), body: jsonBody(CartBody) },
  responses: {
    200: jsonResponse('The cart now', CartView),
    ...refusals,
    409: errorResponse('`cart_other_customer`'),
  },
})

const savedRoute = apiKeyRoute('carts', 'put', '/items/{itemId}/saved', {
  summary: 'A customer saved (or, with `saved: false`, unsaved) an item',
  request: {
    params: z.object({ itemId: pathId('itemId') }),
    body: jsonBody(
      z
        .object({ customer: Customer, item: ShopItem, saved: z.boolean().default(true) })
        .strict()
        .openapi('SavedItemChange'),
    ),
  },
  responses: { 200: jsonResponse('Saved or not', z.object({ saved: z.boolean() })), ...refusals },
})

const ItemEventResult = z
  .object({
    replayed: z.boolean().openapi({ description: 'The event was told before: nothing was sent again' }),
    queued: z.boolean().openapi({
      description: 'This call recorded the event: its savers are told by the next scheduled run, in chunks',
    }),
  })
  .openapi('ItemEventResult')

const itemEventRoute = apiKeyRoute('carts', 'post', '/items/{itemId}/events', {
  summary: 'An item is back in stock or its price dropped: recorded once per event id, its savers told by the job',
  request: {
    params: z.object({ itemId: pathId('itemId') }),
    body: jsonBody(
      z
        .object({
          kind: z.enum(['restock', 'price_drop']),
          eventId: ExternalId,
          item: ShopItem,
          previousPriceYen: z.number().int().min(0).max(100_000_000).optional(),
        })
        .strict()
        .openapi('ItemEvent'),
    ),
  },
  responses: {
    200: jsonResponse('Replayed', ItemEventResult),
    201: jsonResponse('Recorded', ItemEventResult),
    400: refusals[400],
    409: errorResponse('`idempotency_key_reused`'),
  },
})

export const integrationCarts = createRouter()
  .openapi(cartRoute, async (c) => {
    const { cartId } = c.req.valid('param')
    const body = c.req.valid('json')
    const { cart, changed } = accepted(
      await updateCart(c.var.shop, { cartId, ...body, actor: apiKeyActor(c.var.apiKey) }),
    )
    return c.json(
      {
        cartId: cart.externalId,
        status: cart.status,
        items: cart.items.length,
        remindAt: cart.status === 'open' ? cart.remindAt.toISOString() : null,
        changed,
      },
      200,
    )
  })
  .openapi(savedRoute, async (c) => {
    const { itemId } = c.req.valid('param')
    const body = c.req.valid('json')
    const done = accepted(await changeSavedItem(c.var.shop, { itemId, ...body, actor: apiKeyActor(c.var.apiKey) }))
    return c.json({ saved: done.saved }, 200)
  })
  .openapi(itemEventRoute, async (c) => {
    const { itemId } = c.req.valid('param')
    const body = c.req.valid('json')
    const done = accepted(
      await applyItemEvent(c.var.shop, {
        itemId,
        ...body,
        bodyHash: await bodyHash(body),
        actor: apiKeyActor(c.var.apiKey),
      }),
    )
    return c.json({ replayed: done.replayed, queued: done.queued }, done.replayed ? 200 : 201)
  })
