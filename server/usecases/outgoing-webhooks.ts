// An admin managing the shop's outgoing webhook endpoints: define one (URL checked, at most `maxWebhookEndpoints`;
// its secret answered once), change it, rotate its secret, delete it, send it a test event, and put a dead delivery
// back in the queue. Each write is one batch with its audit entry; sending is the caller's (in the background).
import { sql } from 'drizzle-orm'
import type { WebhookDelivery, WebhookEndpoint } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { findDelivery, planDeliveryWrite, requeueDelivery } from '../data/webhook-deliveries'
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  rotateEndpointSecret,
  updateEndpoint,
  type EndpointSettings,
} from '../data/webhook-endpoints'
import {
  maxWebhookEndpoints,
  newWebhookSecret,
  testEventType,
  webhookUrlRefusal,
  type OutgoingPayload,
} from '../domain/outgoing-webhook'
import { refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

function urlRefusal(ctx: UseCaseContext, url: string): Refusal | null {
  const reason = webhookUrlRefusal(url, ctx.config.sandbox)
  return reason ? refuse('webhook_url_invalid', `This endpoint URL is refused (${reason})`, { reason }) : null
}

const noEndpoint = () => refuse('webhook_endpoint_not_found', 'No webhook endpoint with this id')

export async function createWebhookEndpoint(
  ctx: UseCaseContext,
  input: EndpointSettings & { actor: string },
): Promise<{ ok: true; endpoint: WebhookEndpoint; secret: string } | Refusal> {
  const refused = urlRefusal(ctx, input.url)
  if (refused) return refused
  const secret = newWebhookSecret()
  const endpoint = await insertEndpoint(ctx.db, { ...input, secret, max: maxWebhookEndpoints }, ctx.clock())
  if (!endpoint)
    return refuse('webhook_endpoints_too_many', `A shop has at most ${maxWebhookEndpoints} webhook endpoints`, {
      max: maxWebhookEndpoints,
    })
  return { ok: true, endpoint, secret }
}

export async function changeWebhookEndpoint(
  ctx: UseCaseContext,
  input: EndpointSettings & { id: number; actor: string },
): Promise<{ ok: true; endpoint: WebhookEndpoint } | Refusal> {
  const refused = urlRefusal(ctx, input.url)
  if (refused) return refused
  const { id, ...settings } = input
  if (!(await updateEndpoint(ctx.db, id, settings, ctx.clock()))) return noEndpoint()
  return { ok: true, endpoint: (await findEndpoint(ctx.db, id))! }
}

export async function rotateWebhookSecret(
  ctx: UseCaseContext,
  input: { id: number; actor: string },
): Promise<{ ok: true; endpoint: WebhookEndpoint; secret: string } | Refusal> {
  const secret = newWebhookSecret()
  if (!(await rotateEndpointSecret(ctx.db, input.id, secret, input.actor, ctx.clock()))) return noEndpoint()
  return { ok: true, endpoint: (await findEndpoint(ctx.db, input.id))!, secret }
}

export async function removeWebhookEndpoint(
  ctx: UseCaseContext,
  input: { id: number; actor: string },
): Promise<{ ok: true } | Refusal> {
  const endpoint = await findEndpoint(ctx.db, input.id)
  if (!endpoint || !(await deleteEndpoint(ctx.db, endpoint, input.actor, ctx.clock()))) return noEndpoint()
  return { ok: true }
}

/** Plans a `webhook.test` delivery to the endpoint (active or not), audited; the caller sends it. */
export async function planTestDelivery(
  ctx: UseCaseContext,
  input: { id: number; actor: string },
): Promise<{ ok: true; delivery: WebhookDelivery } | Refusal> {
  const endpoint = await findEndpoint(ctx.db, input.id)
  if (!endpoint) return noEndpoint()
  const now = ctx.clock()
  const id = `test_${crypto.randomUUID()}`
  const dedupeKey = `${endpoint.id}:${id}`
  const payload: OutgoingPayload = {
    id,
    type: testEventType,
    occurredAt: now.toISOString(),
    data: { message: 'A test event from Tsunagu: the signature verifies with this endpoint’s secret.' },
  }
  await ctx.db.batch([
    planDeliveryWrite(
      ctx.db,
      { endpointId: endpoint.id, dedupeKey, eventId: id, eventType: testEventType, body: JSON.stringify(payload) },
      now,
    ),
    auditWhen(
      ctx.db,
      { actor: input.actor, action: 'webhook_endpoint.tested', target: `webhook-endpoint:${endpoint.id}` },
      now.getTime(),
      sql`EXISTS (SELECT 1 FROM webhook_deliveries WHERE dedupe_key = ${dedupeKey})`,
    ),
  ])
  const delivery = await ctx.db.query.webhookDeliveries.findFirst({
    where: (d, { eq }) => eq(d.dedupeKey, dedupeKey),
  })
  return { ok: true, delivery: delivery! }
}

/** A dead delivery, pending again with fresh attempts (the caller sends it). */
export async function retryWebhookDelivery(
  ctx: UseCaseContext,
  input: { id: number; actor: string },
): Promise<{ ok: true; delivery: WebhookDelivery } | Refusal> {
  const requeued = await requeueDelivery(ctx.db, input.id, input.actor, ctx.clock())
  const delivery = await findDelivery(ctx.db, input.id)
  if (!delivery) return refuse('webhook_delivery_not_found', 'No webhook delivery with this id')
  if (!requeued) return refuse('webhook_delivery_not_retryable', 'Only dead webhook deliveries can be retried')
  return { ok: true, delivery }
}
