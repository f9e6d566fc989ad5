// POST /webhook/line: signature checked on the raw body before parsing; the events stored in the inbox, with one
// forward row per configured target, in one batch before LINE gets its 200; then handled and forwarded in the
// background (and by the scheduled job when they need a retry).
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { readForwardTargets } from '../data/forward-targets'
import { planForwards } from '../data/webhook-forwards'
import { storeEvents } from '../data/webhook-inbox'
import { badRequest, unauthorized } from '../errors'
import { limitBody } from '../middleware/body-limit'
import { forwardedHeader, sendForwards } from '../webhook/forward'
import { processWebhookEvents } from '../webhook/process'
import { verifyLineSignature } from '../webhook/signature'

/**
 * LINE states no maximum webhook body (asked in line/line-platform-feedback#65, never answered). A body is a few
 * events, each at most a 5,000-character text message (~15 KB of UTF-8) with its metadata, so 1 MiB holds some sixty
 * of the largest events while keeping an unsigned body cheap to refuse. app.ts applies it while the body streams in.
 */
export const webhookBodyLimitBytes = 1024 * 1024

const CallbackRequest = z.object({
  destination: z.string(),
  events: z.array(
    z.looseObject({
      type: z.string(),
      webhookEventId: z.string().min(1).max(100),
      timestamp: z.number(),
      mode: z.string().optional(),
    }),
  ),
})

/** LINE's 200 (LINE reads only the status; the contract test checks the body). */
export const WebhookAnswer = z.object({ status: z.literal('ok') })
const accepted = { status: 'ok' } as const satisfies z.infer<typeof WebhookAnswer>

export const webhook = new Hono<AppEnv>().post('/line', limitBody(webhookBodyLimitBytes), async (c) => {
  const deps = c.var.shop
  // The bytes as they came, read under webhookBodyLimitBytes by the body limit (a 413 stops it while streaming).
  const body = new Uint8Array(await c.req.arrayBuffer())
  if (!(await verifyLineSignature(deps.config.line.channelSecret, body, c.req.header('x-line-signature')))) {
    throw unauthorized('bad_signature', 'The x-line-signature header does not match the body')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(body))
  } catch {
    throw badRequest('malformed_json', 'The webhook body is not valid JSON')
  }
  const request = CallbackRequest.safeParse(parsed)
  if (!request.success) throw badRequest('invalid_webhook', 'The webhook body is not a LINE callback request')
  // An empty events list is LINE's "verify" call from the console.
  const { destination, events } = request.data
  if (events.length === 0) return c.json(accepted)
  // Not stored means not answered 200: an error here is a 500, and LINE redelivers the body (webhook redelivery).
  const now = deps.clock()
  // No forwarding when another tool owns the webhook (it forwards to us) or sent us this request: never a loop.
  const forwarding = deps.config.webhookOwner === 'tsunagu' && !c.req.header(forwardedHeader)
  const targets = forwarding ? await readForwardTargets(deps.db) : []
  const signature = c.req.header('x-line-signature')!
  const forwards = planForwards(deps.db, { targets, body, signature, events }, now)
  const stored = await storeEvents(deps.db, destination, events, now, forwards.statements)
  if (stored.length > 0) deps.background(processWebhookEvents(deps, stored))
  if (forwards.ids.length > 0) deps.background(sendForwards(deps, forwards.ids))
  return c.json(accepted)
})
