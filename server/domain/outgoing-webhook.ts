// Outgoing webhooks to the shop's own systems: the event types, which endpoint URLs are allowed, the signature
// (`X-Tsunagu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`) and the retry schedule.
import { forwardTargetRefusal, type ForwardTargetRefusal } from './forward-target'

/** What the shop's systems can be told of; each is the `domain_events` kind of the same name. */
export const outgoingEventTypes = [
  'member.linked',
  'member.registered',
  'member.unlinked',
  'member.unfollowed',
  'coupon.used',
  'coupon.reversed',
] as const
export type OutgoingEventType = (typeof outgoingEventTypes)[number]

/** Only sent by the console's "send a test event"; never planned from a domain event. */
export const testEventType = 'webhook.test'

/** Endpoints a shop may define: each one multiplies the deliveries per event. */
export const maxWebhookEndpoints = 10
/** Longest endpoint URL accepted. */
export const maxWebhookUrlLength = 500

/** One URL's refusals (a list's `too_many` and `duplicate` are not the URL's own). */
export type WebhookUrlRefusal = Exclude<ForwardTargetRefusal, 'too_many' | 'duplicate'> | 'too_long'

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Why `raw` cannot be an endpoint, or null when it can: https to a public host in production (an IP literal in a
 * private, loopback or link-local range is refused); with the sandbox on, http is allowed to this machine too.
 */
export function webhookUrlRefusal(raw: string, sandbox: boolean): WebhookUrlRefusal | null {
  if (raw.length > maxWebhookUrlLength) return 'too_long'
  const reason = forwardTargetRefusal(raw, false) as WebhookUrlRefusal | null
  const local = reason === 'not_https' || reason === 'private_address'
  return sandbox && local && loopbackHosts.has(new URL(raw).hostname) ? null : reason
}

/** Attempts before a delivery is dead: with the backoff below, about 8½ hours of retries. */
export const maxDeliveryAttempts = 10
const firstRetryMs = 60_000
const longestRetryMs = 6 * 60 * 60_000

/**
 * The wait after failed attempt `attempt` (1-based): a minute, doubling, at most six hours; a `Retry-After` the
 * endpoint asked for is honoured when longer (up to a day).
 */
export function deliveryRetryDelayMs(attempt: number, retryAfterMs: number | null = null): number {
  const backoff = Math.min(firstRetryMs * 2 ** (attempt - 1), longestRetryMs)
  return retryAfterMs === null ? backoff : Math.max(backoff, Math.min(retryAfterMs, 24 * 60 * 60_000))
}

/** `Retry-After` as milliseconds from `now` (delta seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime())
}

/** Whether an answer is worth another attempt: network errors (no status), 408, 429 and 5xx. */
export const retryableStatus = (status: number | null) =>
  status === null || status === 408 || status === 429 || status >= 500

const utf8 = new TextEncoder()

/** The `X-Tsunagu-Signature` header value for `body` sent at `now`. */
export async function webhookSignature(secret: string, body: string, now: Date): Promise<string> {
  const t = Math.floor(now.getTime() / 1000)
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(`${t}.${body}`)))
  return `t=${t},v1=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** A new signing secret (`whsec_` and 32 random bytes in hex). */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** What a delivery's body says (the receiver's contract, docs/outgoing-webhooks.md). */
export interface OutgoingPayload {
  id: string
  type: OutgoingEventType | typeof testEventType
  occurredAt: string
  data: Record<string, unknown>
}
