// POST /webhook/line: signature checked on the raw body before parsing; the events stored in the inbox (one batch)
// before LINE gets its 200, then handled in the background (and by the scheduled job when they need a retry).
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { storeEvents } from '../data/webhook-inbox'
import { ApiError, badRequest, unauthorized } from '../errors'
import { processWebhookEvents } from '../webhook/process'
import { verifyLineSignature } from '../webhook/signature'

/** LINE's webhook bodies are small; anything larger is not from LINE. */
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

async function readRawBody(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > webhookBodyLimitBytes) throw new ApiError(413, 'payload_too_large', 'Webhook body too large')
  const body = new Uint8Array(await req.arrayBuffer())
  if (body.length > webhookBodyLimitBytes) throw new ApiError(413, 'payload_too_large', 'Webhook body too large')
  return body
}

export const webhook = new Hono<AppEnv>().post('/line', async (c) => {
  const deps = c.var.deps
  const body = await readRawBody(c.req.raw)
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
  if (events.length === 0) return c.json({ status: 'ok' })
  // Not stored means not answered 200: an error here is a 500, and LINE redelivers the body (webhook redelivery).
  const stored = await storeEvents(deps.db, destination, events, deps.clock())
  if (stored.length > 0) deps.background(processWebhookEvents(deps, stored))
  return c.json({ status: 'ok' })
})
