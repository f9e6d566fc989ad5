// Plays LINE's webhook: builds signed CallbackRequests (follow, unfollow, message, postback, accountLink) and
// POSTs them to the server; also served over HTTP (`POST /events`) so pages and other processes can trigger events.
import { createHmac, randomBytes } from 'node:crypto'
import type { webhook } from '@line/bot-sdk'
import { Hono } from 'hono'
import type { MessagingSandbox } from './messaging'

/** What a customer does; `build` turns it into a webhook event. */
export type CustomerAction =
  | { type: 'follow'; userId: string; isUnblocked?: boolean }
  | { type: 'unfollow'; userId: string }
  | { type: 'message'; userId: string; text: string }
  | { type: 'postback'; userId: string; data: string; params?: Record<string, string> }
  | { type: 'accountLink'; userId: string; result: 'ok' | 'failed'; nonce: string }

export interface WebhookSenderOptions {
  /** The server's webhook endpoint, `${publicUrl}/webhook/line`. */
  webhookUrl: string
  channelSecret: string
  messaging: MessagingSandbox
  fetch?: typeof fetch
  now?: () => number
}

/** What LINE answers for `POST /v2/bot/channel/webhook/test` (`TestWebhookEndpointResponse`). */
export interface WebhookTestResult {
  success: boolean
  timestamp: string
  statusCode: number
  reason: string
  detail: string
}

export interface WebhookSender {
  /** The bot's user id sent as `destination`: the one the messaging sandbox answers at GET /v2/bot/info. */
  destination: string
  /** The channel's webhook URL and whether webhooks are on; `PUT /v2/bot/channel/webhook/endpoint` changes it. */
  endpoint: { url: string; active: boolean }
  /** LINE's webhook test: an empty, signed event list to `url`, and what came back. */
  test(url: string): Promise<WebhookTestResult>
  build(action: CustomerAction): webhook.Event
  /** Signs and POSTs `{destination, events}`; returns the server's response. */
  send(events: webhook.Event[]): Promise<Response>
  /** `build` then `send` one event. */
  act(action: CustomerAction): Promise<Response>
  follow(userId: string, isUnblocked?: boolean): Promise<Response>
  unfollow(userId: string): Promise<Response>
  text(userId: string, text: string): Promise<Response>
  postback(userId: string, data: string, params?: Record<string, string>): Promise<Response>
  accountLink(userId: string, result: 'ok' | 'failed', nonce: string): Promise<Response>
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A ULID: 10 characters of millisecond time, 16 of randomness. */
export function ulid(now: number): string {
  let time = ''
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = crockford[t % 32] + time
  const random = [...randomBytes(16)].map((b) => crockford[b % 32]).join('')
  return time + random
}

/** `x-line-signature`: base64 HMAC-SHA256 of the raw body with the channel secret. */
export function signBody(channelSecret: string, body: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64')
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { messaging } = options
  const now = options.now ?? Date.now
  const doFetch = options.fetch ?? fetch
  const destination = messaging.bot.userId
  let messageIds = 0

  function build(action: CustomerAction): webhook.Event {
    const base = {
      timestamp: now(),
      mode: 'active' as const,
      webhookEventId: ulid(now()),
      deliveryContext: { isRedelivery: false },
      source: { type: 'user' as const, userId: action.userId },
    }
    const replyToken = () => messaging.issueReplyToken(action.userId)
    switch (action.type) {
      case 'follow':
        return {
          ...base,
          type: 'follow',
          replyToken: replyToken(),
          follow: { isUnblocked: action.isUnblocked ?? false },
        }
      case 'unfollow':
        return { ...base, type: 'unfollow' }
      case 'message':
        return {
          ...base,
          type: 'message',
          replyToken: replyToken(),
          message: {
            type: 'text',
            id: `6${String(++messageIds).padStart(17, '0')}`,
            text: action.text,
            quoteToken: randomBytes(18).toString('base64url'),
          },
        }
      case 'postback':
        return {
          ...base,
          type: 'postback',
          replyToken: replyToken(),
          postback: { data: action.data, ...(action.params ? { params: action.params } : {}) },
        }
      case 'accountLink':
        // LINE omits the reply token when linking failed.
        return {
          ...base,
          type: 'accountLink',
          ...(action.result === 'ok' ? { replyToken: replyToken() } : {}),
          link: { result: action.result, nonce: action.nonce },
        } as webhook.AccountLinkEvent
    }
  }

  /** LINE's own state changes whatever the server answers: friends, blocks and the profile API. */
  function applyToPlatform(action: CustomerAction): void {
    const { record } = messaging
    if (action.type === 'follow') {
      record.blocked.delete(action.userId)
      if (!record.users.has(action.userId))
        record.users.set(action.userId, { userId: action.userId, displayName: 'LINEユーザー', language: 'ja' })
    }
    if (action.type === 'unfollow') record.blocked.add(action.userId)
  }

  const endpoint = { url: options.webhookUrl, active: true }

  function post(url: string, events: webhook.Event[]): Promise<Response> {
    const body = JSON.stringify({ destination, events } satisfies webhook.CallbackRequest)
    return doFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-line-signature': signBody(options.channelSecret, body),
        'user-agent': 'LineBotWebhook/2.0',
      },
      body,
    })
  }

  async function send(events: webhook.Event[]): Promise<Response> {
    return post(endpoint.url, events)
  }

  async function test(url: string): Promise<WebhookTestResult> {
    const timestamp = new Date(now()).toISOString()
    try {
      const res = await post(url, [])
      const success = res.status === 200
      await res.body?.cancel()
      return {
        success,
        timestamp,
        statusCode: res.status,
        reason: success ? 'OK' : 'ERROR_STATUS_CODE',
        detail: `${res.status} ${res.statusText}`.trim(),
      }
    } catch (err) {
      return { success: false, timestamp, statusCode: 0, reason: 'COULD_NOT_CONNECT', detail: (err as Error).message }
    }
  }

  async function act(action: CustomerAction): Promise<Response> {
    applyToPlatform(action)
    return send([build(action)])
  }

  return {
    destination,
    endpoint,
    test,
    build,
    send,
    act,
    follow: (userId, isUnblocked) => act({ type: 'follow', userId, isUnblocked }),
    unfollow: (userId) => act({ type: 'unfollow', userId }),
    text: (userId, text) => act({ type: 'message', userId, text }),
    postback: (userId, data, params) => act({ type: 'postback', userId, data, params }),
    accountLink: (userId, result, nonce) => act({ type: 'accountLink', userId, result, nonce }),
  }
}

const actionTypes = new Set(['follow', 'unfollow', 'message', 'postback', 'accountLink'])

function asAction(value: unknown): CustomerAction | string {
  if (typeof value !== 'object' || value === null) return 'body must be a JSON object'
  const v = value as Record<string, unknown>
  if (typeof v.type !== 'string' || !actionTypes.has(v.type))
    return `type must be one of ${[...actionTypes].join(', ')}`
  if (typeof v.userId !== 'string' || !v.userId) return 'userId is required'
  if (v.type === 'message' && typeof v.text !== 'string') return 'text is required'
  if (v.type === 'postback' && typeof v.data !== 'string') return 'data is required'
  if (v.type === 'accountLink' && (!['ok', 'failed'].includes(v.result as string) || typeof v.nonce !== 'string')) {
    return 'result (ok | failed) and nonce are required'
  }
  return v as CustomerAction
}

/** `POST /events` `{ type, userId, ... }` → sends the event, answers `{ status, body }` of the server's response. */
export function createWebhookApp(sender: WebhookSender): Hono {
  return new Hono().post('/events', async (c) => {
    const action = asAction(await c.req.json().catch(() => null))
    if (typeof action === 'string') return c.json({ message: action }, 400)
    try {
      const res = await sender.act(action)
      return c.json({ status: res.status, body: await res.text() })
    } catch (err) {
      return c.json({ message: `webhook delivery failed: ${(err as Error).message}` }, 502)
    }
  })
}
