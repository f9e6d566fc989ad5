// POST /webhook/line: signature checked on the raw body before parsing; answered 200 at once, processed after.
import type { webhook as line } from '@line/bot-sdk'
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { badRequest, unauthorized } from '../errors'
import { limitBody } from '../middleware/body-limit'
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
  events: z.array(z.looseObject({ type: z.string(), webhookEventId: z.string().min(1), timestamp: z.number() })),
})

/** The body, already read under webhookBodyLimitBytes by the app's body limit (a 413 stops it while streaming). */
async function readRawBody(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await req.arrayBuffer())
}

export const webhook = new Hono<AppEnv>().post('/line', limitBody(webhookBodyLimitBytes), async (c) => {
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
  if (request.data.events.length > 0) {
    deps.background(processWebhookEvents(deps, request.data.events as unknown as line.Event[]))
  }
  return c.json({ status: 'ok' })
})
