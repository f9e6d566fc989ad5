// /api/admin/webhook-forwards: who owns the webhook, the forward targets with their counts, the forwards in a state
// (failed ones by default), the target list (PUT …/targets, every URL checked) and a retry of a failed forward.
import { z } from '@hono/zod-openapi'
import { webhookForwardStatuses } from '../../../db/schema'
import { staffActor } from '../../data/audit'
import { readForwardTargets } from '../../data/forward-targets'
import { forwardCounts, listForwards, type ForwardOutline } from '../../data/webhook-forwards'
import { maxForwardTargets } from '../../domain/forward-target'
import type { AppDeps } from '../../env'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { sendForwards } from '../../webhook/forward'
import { retryForward, setForwardTargets } from '../../usecases/webhook-forwards'
import { accepted } from '../refusals'
import { adminRoute } from '../guarded-routes'

const Forward = z
  .object({
    id: z.string(),
    target: z.string(),
    eventTypes: z.array(z.string()),
    eventAt: z.string(),
    status: z.enum(webhookForwardStatuses),
    attempts: z.number(),
    lastStatus: z.number().nullable().openapi({ description: "The target's last HTTP status; null: no answer" }),
    lastError: z.string().nullable(),
    receivedAt: z.string(),
    nextAttemptAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('WebhookForward')

const Target = z.object({
  url: z.string(),
  pending: z.number(),
  done: z.number(),
  failed: z.number(),
  lastSentAt: z.string().nullable(),
  configured: z.boolean().openapi({ description: 'False for a URL no longer configured whose forwards are kept' }),
})

const Overview = z
  .object({
    owner: z.enum(['tsunagu', 'other']).openapi({ description: 'WEBHOOK_OWNER: who owns the webhook URL' }),
    forwarding: z
      .boolean()
      .openapi({ description: 'True when requests are being forwarded (owner tsunagu, targets set)' }),
    maxTargets: z.number(),
    targets: z.array(Target),
    forwards: z.array(Forward),
    hasMore: z.boolean(),
  })
  .openapi('WebhookForwarding')

const getRoute = adminRoute('get', '/', {
  summary: 'Webhook ownership, forward targets and forwards in a state, newest first (default: failed ones)',
  request: {
    query: z.object({
      status: z.enum(webhookForwardStatuses).default('failed'),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: jsonResponse('Forwarding', Overview) },
})

const targetsRoute = adminRoute('put', '/targets', {
  summary: 'Replace the forward targets (https, public addresses; audited)',
  request: { body: jsonBody(z.object({ urls: z.array(z.string().trim().max(2000)).max(50) })) },
  responses: {
    200: jsonResponse('Saved', Overview),
    400: errorResponse(
      'A URL refused: `forward_target_not_a_url`, `_not_https`, `_has_credentials`, `_private_address`, `_duplicate`, or `forward_target_too_many`',
    ),
  },
})

const retryRoute = adminRoute('post', '/{forwardId}/retry', {
  summary: 'Send a failed forward again with a fresh set of attempts (audited)',
  request: {
    params: z.object({
      forwardId: z.uuid().openapi({ param: { name: 'forwardId', in: 'path' } }),
    }),
  },
  responses: {
    202: jsonResponse('Queued; sent in the background', Forward),
    404: errorResponse('No such forward (`webhook_forward_not_found`)'),
    409: errorResponse('Only failed forwards are retried (`webhook_forward_not_retryable`)'),
  },
})

function view(row: ForwardOutline): z.infer<typeof Forward> {
  return {
    id: row.id,
    target: row.target,
    eventTypes: row.eventTypes.split(','),
    eventAt: row.eventAt.toISOString(),
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    receivedAt: row.receivedAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  }
}

async function overview(
  deps: AppDeps,
  q: { status: (typeof webhookForwardStatuses)[number]; page: number; pageSize: number },
): Promise<z.infer<typeof Overview>> {
  const [urls, counts, rows] = await Promise.all([
    readForwardTargets(deps.db),
    forwardCounts(deps.db),
    listForwards(deps.db, { statuses: [q.status], limit: q.pageSize + 1, offset: (q.page - 1) * q.pageSize }),
  ])
  // Targets no longer configured still show while their rows are kept, so a failure is not hidden by removing it.
  const all = [...urls, ...counts.map((c) => c.target).filter((t) => !urls.includes(t))]
  const targets = [...new Set(all)].map((url) => {
    const mine = counts.filter((c) => c.target === url)
    const count = (status: string) => Number(mine.find((c) => c.status === status)?.count ?? 0)
    const sent = mine.flatMap((c) => (c.lastSentAt ? [c.lastSentAt.getTime()] : []))
    return {
      url,
      pending: count('pending'),
      done: count('done'),
      failed: count('failed'),
      lastSentAt: sent.length ? new Date(Math.max(...sent)).toISOString() : null,
      configured: urls.includes(url),
    }
  })
  return {
    owner: deps.config.webhookOwner,
    forwarding: deps.config.webhookOwner === 'tsunagu' && urls.length > 0,
    maxTargets: maxForwardTargets,
    targets,
    forwards: rows.slice(0, q.pageSize).map(view),
    hasMore: rows.length > q.pageSize,
  }
}

const firstPage = { status: 'failed', page: 1, pageSize: 50 } as const

export const adminWebhookForwards = createRouter()
  .openapi(getRoute, async (c) => c.json(await overview(c.var.shop, c.req.valid('query')), 200))
  .openapi(targetsRoute, async (c) => {
    const { shop: deps } = c.var
    const urls = c.req.valid('json').urls.filter((u) => u !== '')
    accepted(await setForwardTargets(deps, { urls, actor: staffActor(c.var.staff) }))
    return c.json(await overview(deps, firstPage), 200)
  })
  .openapi(retryRoute, async (c) => {
    const { shop: deps } = c.var
    const { forwardId: id } = c.req.valid('param')
    const { forward } = accepted(await retryForward(deps, { id, actor: staffActor(c.var.staff) }))
    deps.background(sendForwards(deps, [id]))
    return c.json(view(forward), 202)
  })
