// Campaigns (admin): live segment counts, message preview, drafts and schedules, test-send, send, progress report.
import { createRoute, z } from '@hono/zod-openapi'
import type { Campaign } from '../../../db/schema'
import {
  campaignProgress,
  cancelCampaign,
  claimCampaign,
  createCampaign,
  enqueueCampaign,
  getCampaign,
  listCampaigns,
  testSendCampaign,
  updateCampaign,
} from '../../data/campaigns'
import { countSegment } from '../../data/segments'
import { campaignMessages, CampaignContentSchema } from '../../domain/campaign-content'
import { SegmentSchema } from '../../domain/segment'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { idParam } from '../path-id'
import { singleLine } from '../../domain/free-text'
import { adminErrors as guarded, adminOnly as admin } from './guard'

const CampaignInput = z
  .object({
    name: singleLine(z.string().trim().min(1).max(80)),
    segment: SegmentSchema,
    content: CampaignContentSchema,
    scheduledAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .default(null)
      .openapi({ description: 'Send at this time; null keeps a draft' }),
  })
  .openapi('CampaignInput')

const Progress = z.object({
  recipients: z.number(),
  byStatus: z.record(z.string(), z.number()),
  reasons: z.array(z.object({ status: z.string(), reason: z.string(), count: z.number() })),
})

const CampaignView = z
  .object({
    id: z.number(),
    name: z.string(),
    status: z.enum(['draft', 'scheduled', 'sending', 'sent', 'cancelled']),
    segment: SegmentSchema,
    content: z.unknown(),
    messages: z.array(z.unknown()),
    scheduledAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    recipients: z.number(),
    lastError: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Campaign')

const view = (c: Campaign) => ({
  id: c.id,
  name: c.name,
  status: c.status,
  segment: c.segment as z.infer<typeof SegmentSchema>,
  content: c.content,
  messages: c.messages,
  scheduledAt: c.scheduledAt?.toISOString() ?? null,
  sentAt: c.sentAt?.toISOString() ?? null,
  recipients: c.recipients,
  lastError: c.lastError,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
})

const countRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'post',
  path: '/segment-count',
  summary: 'Members matching a segment, and how many of them a campaign would reach',
  request: { body: jsonBody(z.object({ segment: SegmentSchema })) },
  responses: {
    200: jsonResponse('Counts', z.object({ members: z.number(), recipients: z.number() })),
    400: errorResponse('Invalid segment'),
    ...guarded,
  },
})
const previewRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'post',
  path: '/preview',
  summary: 'The LINE messages a composer content becomes',
  request: { body: jsonBody(z.object({ content: CampaignContentSchema })) },
  responses: {
    200: jsonResponse('Messages', z.object({ messages: z.array(z.unknown()) })),
    400: errorResponse('Invalid content'),
    ...guarded,
  },
})
const listRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'get',
  path: '/',
  summary: 'Campaigns, newest first',
  request: {
    query: z.object({
      page: z.coerce.number().int().min(1).max(10_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: { 200: jsonResponse('Campaigns', z.object({ campaigns: z.array(CampaignView) })), ...guarded },
})
const createRouteDef = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'post',
  path: '/',
  summary: 'Create a draft (or a scheduled campaign with scheduledAt)',
  request: { body: jsonBody(CampaignInput) },
  responses: { 201: jsonResponse('Created', CampaignView), 400: errorResponse('Invalid input'), ...guarded },
})
const getRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'get',
  path: '/{id}',
  summary: 'A campaign with its delivery progress (sent / failed / skipped with reasons)',
  request: { params: idParam },
  responses: {
    200: jsonResponse('Campaign', z.object({ campaign: CampaignView, progress: Progress })),
    404: errorResponse('No such campaign'),
    ...guarded,
  },
})
const updateRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'put',
  path: '/{id}',
  summary: 'Edit a draft or scheduled campaign',
  request: { params: idParam, body: jsonBody(CampaignInput) },
  responses: {
    200: jsonResponse('Updated', CampaignView),
    400: errorResponse('Invalid input'),
    404: errorResponse('No such campaign'),
    409: errorResponse('Already sending or sent'),
    ...guarded,
  },
})
const testRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'post',
  path: '/{id}/test',
  summary: 'Send the message to yourself',
  request: { params: idParam },
  responses: {
    202: jsonResponse('Queued', z.object({ queued: z.literal(true) })),
    404: errorResponse('No such campaign'),
    ...guarded,
  },
})
const sendRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'post',
  path: '/{id}/send',
  summary: 'Send now: checks the monthly quota, then queues one delivery per recipient',
  request: { params: idParam },
  responses: {
    202: jsonResponse('Sending', CampaignView),
    404: errorResponse('No such campaign'),
    409: errorResponse('`campaign_not_sendable`, `quota_exceeded`'),
    422: errorResponse('`no_recipients`'),
    ...guarded,
  },
})
const cancelRoute = createRoute({
  security: bearerAuth,
  middleware: admin,
  method: 'post',
  path: '/{id}/cancel',
  summary: 'Cancel a draft or scheduled campaign',
  request: { params: idParam },
  responses: {
    200: jsonResponse('Cancelled', CampaignView),
    404: errorResponse('No such campaign'),
    409: errorResponse('Already sending or sent'),
    ...guarded,
  },
})

const input = (body: z.infer<typeof CampaignInput>) => ({
  ...body,
  scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : null,
})

export const adminCampaigns = createRouter()
  .openapi(countRoute, async (c) =>
    c.json(await countSegment(c.var.deps.db, c.req.valid('json').segment, c.var.deps.clock()), 200),
  )
  .openapi(previewRoute, (c) => c.json({ messages: campaignMessages(c.req.valid('json').content) }, 200))
  .openapi(listRoute, async (c) => {
    const { page, pageSize } = c.req.valid('query')
    const rows = await listCampaigns(c.var.deps.db, pageSize, (page - 1) * pageSize)
    return c.json({ campaigns: rows.map(view) }, 200)
  })
  .openapi(createRouteDef, async (c) => {
    const { db, clock } = c.var.deps
    return c.json(view(await createCampaign(db, input(c.req.valid('json')), `admin:${c.var.staff.id}`, clock())), 201)
  })
  .openapi(getRoute, async (c) => {
    const { db } = c.var.deps
    const { id } = c.req.valid('param')
    const campaign = await getCampaign(db, id)
    return c.json({ campaign: view(campaign), progress: await campaignProgress(db, id) }, 200)
  })
  .openapi(updateRoute, async (c) => {
    const { db, clock } = c.var.deps
    return c.json(
      view(
        await updateCampaign(
          db,
          c.req.valid('param').id,
          input(c.req.valid('json')),
          `admin:${c.var.staff.id}`,
          clock(),
        ),
      ),
      200,
    )
  })
  .openapi(testRoute, async (c) => {
    const { db, clock } = c.var.deps
    await testSendCampaign(db, await getCampaign(db, c.req.valid('param').id), c.var.session.lineUserId, clock())
    return c.json({ queued: true as const }, 202)
  })
  .openapi(sendRoute, async (c) => {
    const deps = c.var.deps
    const now = deps.clock()
    const claimed = await claimCampaign(deps, c.req.valid('param').id, `admin:${c.var.staff.id}`, now)
    // Queueing a large segment takes a while: answer now; the console polls progress. A crash is resumed by the job.
    deps.background(enqueueCampaign(deps.db, claimed, now))
    return c.json(view(claimed), 202)
  })
  .openapi(cancelRoute, async (c) => {
    const { db, clock } = c.var.deps
    return c.json(view(await cancelCampaign(db, c.req.valid('param').id, `admin:${c.var.staff.id}`, clock())), 200)
  })
