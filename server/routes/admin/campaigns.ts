// Campaigns (admin): live segment counts, message preview, drafts and schedules, test-send, send, progress report.
import { z } from '@hono/zod-openapi'
import type { Campaign } from '../../../db/schema'
import { campaignReleaseAt, campaignSendContext, type CampaignSendContext } from '../../data/campaign-enqueue'
import {
  campaignProgress,
  cancelCampaign,
  checkPlaceholders,
  createCampaign,
  getCampaign,
  listCampaigns,
  messagesForMember,
  testSendCampaign,
  updateCampaign,
} from '../../data/campaigns'
import { countSegment } from '../../data/segments'
import { campaignResults } from '../../data/campaign-report'
import { blockWindowHours, defaultAttributionDays } from '../../domain/attribution'
import { campaignMessages, CampaignContentSchema } from '../../domain/campaign-content'
import { isPersonalised } from '../../domain/campaign-placeholders'
import { SegmentSchema } from '../../domain/segment'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { sendCampaign } from '../../usecases/send-campaign'
import { idParam } from '../path-id'
import { accepted, found, refusalError } from '../refusals'
import { singleLine } from '../../domain/free-text'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'
import { Figures, Rules } from './reports'

const CampaignInput = z
  .object({
    name: singleLine(z.string().trim().min(1).max(80)),
    segment: SegmentSchema,
    content: CampaignContentSchema,
    couponId: z.number().int().positive().nullable().default(null).openapi({
      description: 'A coupon each recipient is issued, linked at the end of the message (`coupon_not_found`)',
    }),
    scheduledAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .default(null)
      .openapi({ description: 'Send at this time; null keeps a draft' }),
  })
  .openapi('CampaignInput')

export const Progress = z.object({
  recipients: z.number(),
  byStatus: z.record(z.string(), z.number()),
  reasons: z.array(z.object({ status: z.string(), reason: z.string(), count: z.number() })),
  nextAttemptAt: z.string().nullable().openapi({ description: 'When the earliest pending delivery may go out' }),
})

export const Results = Figures.extend(Rules).openapi('CampaignResults')

export const CampaignView = z
  .object({
    id: z.number(),
    name: z.string(),
    status: z.enum(['draft', 'scheduled', 'sending', 'sent', 'cancelled']),
    segment: SegmentSchema,
    content: z.unknown(),
    messages: z.array(z.unknown()),
    scheduledAt: z.string().nullable(),
    sendsAt: z.string().nullable().openapi({
      description: 'When a scheduled or starting campaign goes out: its time, or the end of quiet hours it falls in',
    }),
    quietHoursOverride: z.string().nullable().openapi({ description: 'Why it was sent inside quiet hours, if it was' }),
    personalised: z.boolean().openapi({ description: 'Its text has placeholders: one push per member' }),
    sentAt: z.string().nullable(),
    recipients: z.number(),
    couponId: z.number().nullable(),
    lastError: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Campaign')

function sendsAt(c: Campaign, ctx: CampaignSendContext, now: Date): string | null {
  const from = c.status === 'scheduled' ? c.scheduledAt : c.status === 'sending' ? now : null
  return from ? campaignReleaseAt(c, ctx, from).toISOString() : null
}

const view = (c: Campaign, ctx: CampaignSendContext, now: Date) => ({
  id: c.id,
  name: c.name,
  status: c.status,
  segment: c.segment as z.infer<typeof SegmentSchema>,
  content: c.content,
  messages: c.messages,
  scheduledAt: c.scheduledAt?.toISOString() ?? null,
  sendsAt: sendsAt(c, ctx, now),
  quietHoursOverride: c.quietHoursOverride,
  personalised: c.content ? isPersonalised(c.content as z.infer<typeof CampaignContentSchema>) : false,
  sentAt: c.sentAt?.toISOString() ?? null,
  recipients: c.recipients,
  couponId: c.couponId,
  lastError: c.lastError,
  createdBy: c.createdBy,
  createdAt: c.createdAt.toISOString(),
})

const countRoute = adminRoute('post', '/segment-count', {
  summary: 'Members matching a segment, and how many of them a campaign would reach',
  request: { body: jsonBody(z.object({ segment: SegmentSchema })) },
  responses: { 200: jsonResponse('Counts', z.object({ members: z.number(), recipients: z.number() })) },
})
const previewRoute = adminRoute('post', '/preview', {
  summary: 'The LINE messages a composer content becomes, for one member when `memberId` is given',
  request: {
    body: jsonBody(
      z.object({
        content: CampaignContentSchema,
        memberId: z
          .number()
          .int()
          .positive()
          .optional()
          .openapi({ description: 'Fill placeholders with this member’s values' }),
      }),
    ),
  },
  responses: {
    200: jsonResponse('Messages', z.object({ messages: z.array(z.unknown()) })),
    400: errorResponse('Invalid content, `unknown_placeholder`'),
    404: errorResponse('`member_not_found`'),
  },
})
const listRoute = adminRoute('get', '/', {
  summary: 'Campaigns, newest first',
  request: {
    query: z.object({
      page: z.coerce.number().int().min(1).max(10_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: { 200: jsonResponse('Campaigns', z.object({ campaigns: z.array(CampaignView) })) },
})
const createRouteDef = adminRoute('post', '/', {
  summary: 'Create a draft (or a scheduled campaign with scheduledAt)',
  request: { body: jsonBody(CampaignInput) },
  responses: {
    201: jsonResponse('Created', CampaignView),
    400: errorResponse('Invalid input, `unknown_placeholder`'),
    422: errorResponse('`schedule_in_past`'),
  },
})
const getRoute = adminRoute('get', '/{id}', {
  summary: 'A campaign with its delivery progress (sent / failed / skipped with reasons)',
  request: { params: idParam },
  responses: {
    200: jsonResponse('Campaign', z.object({ campaign: CampaignView, progress: Progress, results: Results })),
    404: errorResponse('No such campaign'),
  },
})
const updateRoute = adminRoute('put', '/{id}', {
  summary: 'Edit a draft or scheduled campaign',
  request: { params: idParam, body: jsonBody(CampaignInput) },
  responses: {
    200: jsonResponse('Updated', CampaignView),
    400: errorResponse('Invalid input, `unknown_placeholder`'),
    404: errorResponse('No such campaign'),
    409: errorResponse('Already sending or sent'),
    422: errorResponse('`schedule_in_past`'),
  },
})
const testRoute = adminRoute('post', '/{id}/test', {
  summary: 'Send the message to yourself (as `memberId` would receive it, when given)',
  request: {
    params: idParam,
    body: { ...jsonBody(z.object({ memberId: z.number().int().positive().optional() })), required: false },
  },
  responses: {
    202: jsonResponse('Queued', z.object({ queued: z.literal(true) })),
    404: errorResponse('No such campaign or member'),
  },
})
const sendRoute = adminRoute('post', '/{id}/send', {
  summary: 'Send now: checks the monthly quota, then queues one delivery per recipient',
  description:
    'Inside the shop’s quiet hours the deliveries wait for their end (`sendsAt`), unless `quietHoursOverride` gives the reason to send an urgent notice now (audited as `campaign.quiet_hours_overridden`).',
  request: {
    params: idParam,
    body: {
      ...jsonBody(
        z.object({
          quietHoursOverride: z
            .object({ reason: singleLine(z.string().trim().min(1).max(200)) })
            .optional()
            .openapi({ description: 'Send inside quiet hours now, for this reason' }),
        }),
      ),
      required: false,
    },
  },
  responses: {
    202: jsonResponse('Sending', CampaignView),
    404: errorResponse('No such campaign'),
    409: errorResponse('`campaign_not_sendable`, `quota_exceeded`'),
    422: errorResponse('`no_recipients`'),
  },
})
const cancelRoute = adminRoute('post', '/{id}/cancel', {
  summary: 'Cancel a draft or scheduled campaign',
  request: { params: idParam },
  responses: {
    200: jsonResponse('Cancelled', CampaignView),
    404: errorResponse('No such campaign'),
    409: errorResponse('Already sending or sent'),
  },
})

const input = (body: z.infer<typeof CampaignInput>) => ({
  ...body,
  scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : null,
})

export const adminCampaigns = createRouter()
  .openapi(countRoute, async (c) =>
    c.json(await countSegment(c.var.shop.db, c.req.valid('json').segment, c.var.shop.clock()), 200),
  )
  .openapi(previewRoute, async (c) => {
    const deps = c.var.shop
    const { content, memberId } = c.req.valid('json')
    const unknown = checkPlaceholders(content)
    if (unknown) throw refusalError(unknown)
    const messages = found(
      memberId ? await messagesForMember(deps, content, memberId, deps.clock()) : campaignMessages(content),
    )
    return c.json({ messages }, 200)
  })
  .openapi(listRoute, async (c) => {
    const deps = c.var.shop
    const { page, pageSize } = c.req.valid('query')
    const [rows, ctx] = await Promise.all([
      listCampaigns(deps.db, pageSize, (page - 1) * pageSize),
      campaignSendContext(deps),
    ])
    return c.json({ campaigns: rows.map((row) => view(row, ctx, deps.clock())) }, 200)
  })
  .openapi(createRouteDef, async (c) => {
    const deps = c.var.shop
    const now = deps.clock()
    const created = found(await createCampaign(deps.db, input(c.req.valid('json')), staffActor(c.var.staff), now))
    return c.json(view(created, await campaignSendContext(deps), now), 201)
  })
  .openapi(getRoute, async (c) => {
    const deps = c.var.shop
    const { id } = c.req.valid('param')
    const campaign = found(await getCampaign(deps.db, id))
    const progress = await campaignProgress(deps.db, id)
    const days = (await deps.settings.load()).messaging.attributionDays ?? defaultAttributionDays
    return c.json(
      {
        campaign: view(campaign, await campaignSendContext(deps), deps.clock()),
        progress: { ...progress, nextAttemptAt: progress.nextAttemptAt?.toISOString() ?? null },
        results: { ...(await campaignResults(deps.db, id, days)), blockHours: blockWindowHours },
      },
      200,
    )
  })
  .openapi(updateRoute, async (c) => {
    const deps = c.var.shop
    const now = deps.clock()
    const { id } = c.req.valid('param')
    const updated = found(await updateCampaign(deps.db, id, input(c.req.valid('json')), staffActor(c.var.staff), now))
    return c.json(view(updated, await campaignSendContext(deps), now), 200)
  })
  .openapi(testRoute, async (c) => {
    const deps = c.var.shop
    const campaign = found(await getCampaign(deps.db, c.req.valid('param').id))
    const memberId = (c.req.valid('json') as { memberId?: number } | undefined)?.memberId
    const refused = await testSendCampaign(deps, campaign, c.var.session.lineUserId, deps.clock(), memberId)
    if (refused) throw refusalError(refused)
    return c.json({ queued: true as const }, 202)
  })
  .openapi(sendRoute, async (c) => {
    const deps = c.var.shop
    const now = deps.clock()
    const override = (c.req.valid('json') as { quietHoursOverride?: { reason: string } } | undefined)
      ?.quietHoursOverride
    const id = c.req.valid('param').id
    const sending = accepted(
      await sendCampaign(deps, {
        campaignId: id,
        actor: staffActor(c.var.staff),
        quietHoursOverride: override?.reason ?? null,
      }),
    )
    return c.json(view(sending.campaign, sending.sendContext, now), 202)
  })
  .openapi(cancelRoute, async (c) => {
    const deps = c.var.shop
    const now = deps.clock()
    const cancelled = found(await cancelCampaign(deps.db, c.req.valid('param').id, staffActor(c.var.staff), now))
    return c.json(view(cancelled, await campaignSendContext(deps), now), 200)
  })
