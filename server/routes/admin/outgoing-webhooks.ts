// /api/admin/outgoing-webhooks: the shop's endpoints (URL, events, on/off; the secret answered only when made or
// rotated), recent and dead deliveries, a test event, and a retry of a dead delivery. Sending is in the background.
import { z } from '@hono/zod-openapi'
import { webhookDeliveryStatuses, type WebhookEndpoint } from '../../../db/schema'
import { staffActor } from '../../data/audit'
import { listDeliveries, type DeliveryOutline } from '../../data/webhook-deliveries'
import { listEndpoints } from '../../data/webhook-endpoints'
import { maxDeliveryAttempts, maxWebhookEndpoints, outgoingEventTypes } from '../../domain/outgoing-webhook'
import type { AppDeps } from '../../env'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { sendDeliveries } from '../../outgoing-webhooks/send'
import {
  changeWebhookEndpoint,
  createWebhookEndpoint,
  planTestDelivery,
  removeWebhookEndpoint,
  retryWebhookDelivery,
  rotateWebhookSecret,
} from '../../usecases/outgoing-webhooks'
import { idParam } from '../path-id'
import { accepted } from '../refusals'
import { adminRoute } from '../guarded-routes'

const Endpoint = z
  .object({
    id: z.number(),
    url: z.string(),
    events: z.array(z.enum(outgoingEventTypes)),
    active: z.boolean(),
    includeLineUserId: z.boolean(),
    secretPrefix: z.string().openapi({ description: "The signing secret's first characters (never the secret)" }),
    createdAt: z.string(),
    secretRotatedAt: z.string().nullable(),
  })
  .openapi('WebhookEndpoint')

const Delivery = z
  .object({
    id: z.number(),
    endpointId: z.number(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number(),
    lastStatus: z.number().nullable().openapi({ description: "The endpoint's last HTTP status; null: no answer" }),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When a pending delivery is tried next' }),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery')

export const OutgoingWebhooksInfo = z
  .object({
    maxEndpoints: z.number(),
    maxAttempts: z.number(),
    eventTypes: z.array(z.enum(outgoingEventTypes)),
    endpoints: z.array(Endpoint),
    deliveries: z.array(Delivery).openapi({ description: 'The 50 most recent deliveries' }),
    dead: z.array(Delivery).openapi({ description: 'The 50 most recent dead deliveries' }),
  })
  .openapi('OutgoingWebhooks')

const EndpointInput = z
  .object({
    url: z.string().trim().min(1).max(2000),
    events: z
      .array(z.enum(outgoingEventTypes))
      .min(1)
      // Each event once at most: a list past that is not a console's.
      .max(outgoingEventTypes.length)
      .transform((e) => outgoingEventTypes.filter((t) => e.includes(t))),
    active: z.boolean().default(true),
    includeLineUserId: z.boolean().default(false),
  })
  .openapi('WebhookEndpointInput')

export const WebhookEndpointSecret = z
  .object({
    endpoint: Endpoint,
    secret: z.string().openapi({ description: 'The signing secret: answered only now (and on rotation)' }),
  })
  .openapi('WebhookEndpointSecret')

const urlRefused = errorResponse(
  'Invalid body, or the URL refused (`webhook_url_invalid`, details.reason: not_a_url, not_https, has_credentials, private_address, too_long)',
)
const noEndpoint = errorResponse('No such endpoint (`webhook_endpoint_not_found`)')

const getRoute = adminRoute('get', '/', {
  summary: 'Outgoing webhook endpoints, recent deliveries and dead ones',
  responses: { 200: jsonResponse('Endpoints and deliveries', OutgoingWebhooksInfo) },
})

const createEndpointRoute = adminRoute('post', '/', {
  summary: 'Define an endpoint (https, public host; audited); the response is the only time its secret is shown',
  request: { body: jsonBody(EndpointInput) },
  responses: {
    201: jsonResponse('The endpoint and its signing secret', WebhookEndpointSecret),
    400: urlRefused,
    409: errorResponse(`Already ${maxWebhookEndpoints} endpoints (\`webhook_endpoints_too_many\`)`),
  },
})

const updateRoute = adminRoute('put', '/{id}', {
  summary: "Change an endpoint's URL, events, or turn it on or off (audited)",
  request: { params: idParam, body: jsonBody(EndpointInput) },
  responses: { 200: jsonResponse('Saved', Endpoint), 400: urlRefused, 404: noEndpoint },
})

const deleteRoute = adminRoute('delete', '/{id}', {
  summary: 'Delete an endpoint and its deliveries (audited)',
  request: { params: idParam },
  responses: { 200: jsonResponse('Deleted', z.object({ deleted: z.literal(true) })), 404: noEndpoint },
})

const rotateRoute = adminRoute('post', '/{id}/rotate-secret', {
  summary: 'Replace the signing secret (audited); the response is the only time the new one is shown',
  request: { params: idParam },
  responses: { 200: jsonResponse('The new secret', WebhookEndpointSecret), 404: noEndpoint },
})

const testRoute = adminRoute('post', '/{id}/test', {
  summary: 'Send the endpoint a signed `webhook.test` event (audited)',
  request: { params: idParam },
  responses: { 202: jsonResponse('Queued; sent in the background', Delivery), 404: noEndpoint },
})

const retryRoute = adminRoute('post', '/deliveries/{id}/retry', {
  summary: 'Send a dead delivery again with a fresh set of attempts (audited)',
  request: { params: idParam },
  responses: {
    202: jsonResponse('Queued; sent in the background', Delivery),
    404: errorResponse('No such delivery (`webhook_delivery_not_found`)'),
    409: errorResponse('Only dead deliveries are retried (`webhook_delivery_not_retryable`)'),
  },
})

const iso = (d: Date | null) => d?.toISOString() ?? null

function endpointView(e: WebhookEndpoint): z.infer<typeof Endpoint> {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    active: e.active,
    includeLineUserId: e.includeLineUserId,
    secretPrefix: e.secretPrefix,
    createdAt: e.createdAt.toISOString(),
    secretRotatedAt: iso(e.secretRotatedAt),
  }
}

function deliveryView(d: DeliveryOutline): z.infer<typeof Delivery> {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
  }
}

/** Sends a delivery a use case planned after the answer, which shows it queued. */
function sendInBackground(deps: AppDeps, delivery: DeliveryOutline) {
  deps.background(sendDeliveries(deps, [delivery.id]))
  return deliveryView(delivery)
}

async function overview(deps: AppDeps): Promise<z.infer<typeof OutgoingWebhooksInfo>> {
  const [endpoints, recent, dead] = await Promise.all([
    listEndpoints(deps.db),
    listDeliveries(deps.db, { limit: 50 }),
    listDeliveries(deps.db, { statuses: ['dead'], limit: 50 }),
  ])
  return {
    maxEndpoints: maxWebhookEndpoints,
    maxAttempts: maxDeliveryAttempts,
    eventTypes: [...outgoingEventTypes],
    endpoints: endpoints.map(endpointView),
    deliveries: recent.map(deliveryView),
    dead: dead.map(deliveryView),
  }
}

export const adminOutgoingWebhooks = createRouter()
  .openapi(getRoute, async (c) => c.json(await overview(c.var.shop), 200))
  .openapi(createEndpointRoute, async (c) => {
    const input = { ...c.req.valid('json'), actor: staffActor(c.var.staff) }
    const { endpoint, secret } = accepted(await createWebhookEndpoint(c.var.shop, input))
    return c.json({ endpoint: endpointView(endpoint), secret }, 201)
  })
  .openapi(updateRoute, async (c) => {
    const input = { ...c.req.valid('json'), id: c.req.valid('param').id, actor: staffActor(c.var.staff) }
    const { endpoint } = accepted(await changeWebhookEndpoint(c.var.shop, input))
    return c.json(endpointView(endpoint), 200)
  })
  .openapi(deleteRoute, async (c) => {
    const input = { id: c.req.valid('param').id, actor: staffActor(c.var.staff) }
    accepted(await removeWebhookEndpoint(c.var.shop, input))
    return c.json({ deleted: true as const }, 200)
  })
  .openapi(rotateRoute, async (c) => {
    const input = { id: c.req.valid('param').id, actor: staffActor(c.var.staff) }
    const { endpoint, secret } = accepted(await rotateWebhookSecret(c.var.shop, input))
    return c.json({ endpoint: endpointView(endpoint), secret }, 200)
  })
  .openapi(testRoute, async (c) => {
    const input = { id: c.req.valid('param').id, actor: staffActor(c.var.staff) }
    const { delivery } = accepted(await planTestDelivery(c.var.shop, input))
    return c.json(sendInBackground(c.var.shop, delivery), 202)
  })
  .openapi(retryRoute, async (c) => {
    const input = { id: c.req.valid('param').id, actor: staffActor(c.var.staff) }
    const { delivery } = accepted(await retryWebhookDelivery(c.var.shop, input))
    return c.json(sendInBackground(c.var.shop, delivery), 202)
  })
