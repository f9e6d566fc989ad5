// Sends planned outgoing webhook deliveries: the stored body POSTed to the endpoint, signed with its current secret,
// with a timeout, no redirect followed and at most a few KB of the answer read. Network errors, 408, 429 and 5xx are
// retried with backoff (a longer Retry-After is honoured); any other answer, or the last attempt, leaves it dead.
import type { WebhookDelivery } from '../../db/schema'
import { claimDelivery, dueDeliveryIds, finishDelivery, type DeliveryOutcome } from '../data/webhook-deliveries'
import { findEndpoint } from '../data/webhook-endpoints'
import {
  deliveryRetryDelayMs,
  maxDeliveryAttempts,
  retryableStatus,
  retryAfterMs,
  webhookSignature,
} from '../domain/outgoing-webhook'
import type { AppDeps } from '../env'
import { describeFetchError, sendLeased } from '../leased-sends'

/** How long an endpoint has to answer. */
export const deliveryTimeoutMs = 10_000
/** Bytes of an answer read at most (for the console's last error); the rest is dropped. */
const answerBytes = 2048
const signatureHeader = 'x-tsunagu-signature'
const eventIdHeader = 'x-tsunagu-event-id'

export interface DeliveryReport {
  delivered: number
  retrying: number
  dead: number
  /** Due deliveries another sender held (or had finished) when this one came to them. */
  skipped: number
}

/** The answer's first bytes as text; the rest of the body is cancelled unread. */
async function answerText(res: Response): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < answerBytes) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    bytes.set(c, at)
    at += c.byteLength
  }
  return new TextDecoder().decode(bytes.slice(0, answerBytes)).replace(/\s+/g, ' ').trim().slice(0, 200)
}

async function attempt(deps: AppDeps, row: WebhookDelivery, timeoutMs: number): Promise<DeliveryOutcome> {
  const endpoint = await findEndpoint(deps.db, row.endpointId)
  if (!endpoint) return { status: 'dead', httpStatus: null, error: 'endpoint deleted' }
  let httpStatus: number | null = null
  let error: string
  let wait: number | null = null
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Tsunagu-Webhooks/1',
        [signatureHeader]: await webhookSignature(endpoint.secret, row.body, deps.clock()),
        [eventIdHeader]: row.eventId,
      },
      body: row.body,
      // A redirect could lead to an address the endpoint check would refuse.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await answerText(res)
    if (res.status >= 200 && res.status < 300) return { status: 'delivered', httpStatus: res.status }
    httpStatus = res.status
    wait = retryAfterMs(res.headers.get('retry-after'), deps.clock())
    error =
      res.status >= 300 && res.status < 400
        ? `redirect not followed (HTTP ${res.status})`
        : `HTTP ${res.status}${text ? `: ${text}` : ''}`
  } catch (err) {
    error = describeFetchError(err, timeoutMs)
  }
  console.error(`webhooks: delivery ${row.id} to ${endpoint.url} failed (attempt ${row.attempts}): ${error}`)
  if (!retryableStatus(httpStatus) || row.attempts >= maxDeliveryAttempts) return { status: 'dead', httpStatus, error }
  return {
    status: 'pending',
    httpStatus,
    error,
    nextAttemptAt: new Date(deps.clock().getTime() + deliveryRetryDelayMs(row.attempts, wait)),
  }
}

/** Claims and sends the deliveries with these ids, a few at a time; one not due or held elsewhere is skipped. */
export function sendDeliveries(
  deps: AppDeps,
  ids: readonly number[],
  options: { dueAt?: Date; timeoutMs?: number } = {},
): Promise<DeliveryReport> {
  return sendLeased(
    deps,
    ids,
    { dueAt: options.dueAt, timeoutMs: options.timeoutMs ?? deliveryTimeoutMs },
    {
      claim: claimDelivery,
      attempt,
      finish: finishDelivery,
      counted: { delivered: 'delivered', pending: 'retrying', dead: 'dead' },
    },
  )
}

/** The scheduled job's part: every delivery due for a (re)try, up to `limit` a run. */
export async function sendDueDeliveries(
  deps: AppDeps,
  now: Date,
  options: { limit?: number; timeoutMs?: number } = {},
) {
  const ids = await dueDeliveryIds(deps.db, now, options.limit ?? 50)
  return sendDeliveries(deps, ids, { timeoutMs: options.timeoutMs, dueAt: now })
}
