// GET /api/admin/webhook-events: the webhook inbox's failed and dead events; POST …/{id}/retry hands one back to
// the processor with a fresh set of attempts.
import { z } from '@hono/zod-openapi'
import { webhookEventStatuses, type WebhookEventRow } from '../../../db/schema'
import { findEvent, listEvents, requeueEvent } from '../../data/webhook-inbox'
import { conflict, notFound } from '../../errors'
import { createRouter, errorResponse, jsonResponse } from '../../openapi'
import { processWebhookEvents } from '../../webhook/process'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'

const WebhookEvent = z
  .object({
    id: z.string().openapi({ description: "LINE's webhookEventId" }),
    type: z.string(),
    status: z.enum(webhookEventStatuses),
    lineUserId: z.string().nullable(),
    attempts: z.number(),
    lastError: z.string().nullable(),
    receivedAt: z.string(),
    nextAttemptAt: z.string(),
    handledAt: z.string().nullable(),
  })
  .openapi('WebhookEvent')

const listRoute = adminRoute('get', '/', {
  summary: 'Webhook events in a state, newest first (default: failed and dead ones)',
  request: {
    query: z.object({
      status: z.enum(webhookEventStatuses).optional(),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: jsonResponse('Events', z.object({ events: z.array(WebhookEvent), hasMore: z.boolean() })) },
})

const retryRoute = adminRoute('post', '/{webhookEventId}/retry', {
  summary: 'Handle a failed or dead webhook event again (audited)',
  request: {
    params: z.object({
      webhookEventId: z
        .string()
        .regex(/^[0-9A-Za-z_-]{1,100}$/)
        .openapi({ param: { name: 'webhookEventId', in: 'path' }, description: "LINE's webhookEventId (a ULID)" }),
    }),
  },
  responses: {
    202: jsonResponse('Queued; handled in the background', WebhookEvent),
    404: errorResponse('No such event (`webhook_event_not_found`)'),
    409: errorResponse('Only failed and dead events are retried (`webhook_event_not_retryable`)'),
  },
})

function view(row: WebhookEventRow): z.infer<typeof WebhookEvent> {
  const source = (row.event?.source ?? null) as { userId?: string } | null
  return {
    id: row.webhookEventId,
    type: row.type,
    status: row.status,
    lineUserId: source?.userId ?? null,
    attempts: row.attempts,
    lastError: row.lastError,
    receivedAt: row.receivedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    handledAt: row.handledAt?.toISOString() ?? null,
  }
}

export const adminWebhookEvents = createRouter()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid('query')
    const rows = await listEvents(c.var.shop.db, {
      statuses: q.status ? [q.status] : ['failed', 'dead'],
      limit: q.pageSize + 1,
      offset: (q.page - 1) * q.pageSize,
    })
    return c.json({ events: rows.slice(0, q.pageSize).map(view), hasMore: rows.length > q.pageSize }, 200)
  })
  .openapi(retryRoute, async (c) => {
    const { shop: deps } = c.var
    const { webhookEventId: id } = c.req.valid('param')
    if (!(await requeueEvent(deps.db, id, staffActor(c.var.staff), deps.clock()))) {
      if (!(await findEvent(deps.db, id))) throw notFound('webhook_event_not_found', 'No webhook event with this id')
      throw conflict('webhook_event_not_retryable', 'Only failed and dead webhook events can be retried')
    }
    const queued = view((await findEvent(deps.db, id))!)
    deps.background(processWebhookEvents(deps, [id]))
    return c.json(queued, 202)
  })
