// EC integration, orders: POST /api/integration/orders/{orderId}/events reports placed, paid, shipped, delivered or
// cancelled, once per (order, event); the customer gets the notice of the event's template. API key scope: `orders`.
import { z } from '@hono/zod-openapi'
import { bodyHash } from '../../data/commerce'
import { apiKeyActor } from '../../data/audit'
import { apiKeyRoute } from './guard'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { applyOrder } from '../../usecases/order-event'
import { accepted } from '../refusals'
import { OrderEventBody, OrderView, pathId } from './commerce-schemas'

const eventRoute = apiKeyRoute('orders', 'post', '/{orderId}/events', {
  summary: 'Report an order event; the customer is told by LINE (API key, scope `orders`)',
  description:
    'Idempotent by order id and event: the same event again answers 200 with `replayed: true` and sends nothing; ' +
    'another body for it is refused with `idempotency_key_reused`. `placed` and `paid` end the customer’s cart reminders.',
  request: { params: z.object({ orderId: pathId('orderId') }), body: jsonBody(OrderEventBody) },
  responses: {
    200: jsonResponse('Replayed: applied before', OrderView),
    201: jsonResponse('Applied', OrderView),
    400: errorResponse('Invalid input (`url_not_https`, `tracking_url_required`, ...)'),
    404: errorResponse('`customer_not_found`'),
    409: errorResponse('`order_cancelled`, `order_delivered`, `order_other_customer`, `idempotency_key_reused`'),
  },
})

export const integrationOrders = createRouter().openapi(eventRoute, async (c) => {
  const { orderId } = c.req.valid('param')
  const body = c.req.valid('json')
  const applied = accepted(
    await applyOrder(c.var.shop, {
      orderId,
      ...body,
      bodyHash: await bodyHash(body),
      actor: apiKeyActor(c.var.apiKey),
    }),
  )
  const { order } = applied
  return c.json(
    {
      orderId: order.externalId,
      status: order.status,
      totalYen: order.totalYen,
      trackingUrl: order.trackingUrl,
      replayed: applied.replayed,
      notified: applied.notified,
    },
    applied.replayed ? 200 : 201,
  )
})
