import { validateSignature } from '@line/bot-sdk'
import { describe, expect, it } from 'vitest'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'
import { createMessagingSandbox } from '../../../server/sandbox/messaging'
import { createWebhookApp, createWebhookSender, type CustomerAction } from '../../../server/sandbox/webhook-sender'

const secret = 'sandbox-messaging-channel-secret'
const alice = 'U1000000000000000000000000000c001'
const checkCallback = schemaCheck('webhook', 'CallbackRequest')

function setup() {
  const messaging = createMessagingSandbox({ channelAccessToken: 't' })
  const calls: { url: string; body: string; signature: string | null }[] = []
  const sender = createWebhookSender({
    webhookUrl: 'http://server.test/webhook/line',
    channelSecret: secret,
    messaging,
    fetch: async (url, init) => {
      calls.push({
        url: String(url),
        body: String(init?.body),
        signature: new Headers(init?.headers).get('x-line-signature'),
      })
      return new Response(null, { status: 200 })
    },
  })
  return { messaging, sender, calls }
}

const actions: CustomerAction[] = [
  { type: 'follow', userId: alice, isUnblocked: true },
  { type: 'unfollow', userId: alice },
  { type: 'message', userId: alice, text: 'ポイント' },
  { type: 'postback', userId: alice, data: 'reservation=42&answer=yes' },
  { type: 'accountLink', userId: alice, result: 'ok', nonce: 'n-1' },
  { type: 'accountLink', userId: alice, result: 'failed', nonce: 'n-2' },
]

describe('webhook sender', () => {
  it.each(actions)('builds a $type event that webhook.yml accepts', (action) => {
    const { sender } = setup()
    const event = sender.build(action)
    expect(checkCallback({ destination: sender.destination, events: [event] })).toEqual([])
    expect(event.webhookEventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
  })

  it('rejects an event webhook.yml forbids, proving the check is real', () => {
    const { sender } = setup()
    const { follow: _follow, ...broken } = sender.build({ type: 'follow', userId: alice }) as unknown as Record<
      string,
      unknown
    >
    expect(checkCallback({ destination: sender.destination, events: [broken] })[0]?.property).toBe('events[0].follow')
  })

  it('signs the raw body so that the SDK validateSignature accepts it', async () => {
    const { sender, calls } = setup()
    await sender.postback(alice, 'x=1')
    expect(calls[0]!.url).toBe('http://server.test/webhook/line')
    expect(validateSignature(calls[0]!.body, secret, calls[0]!.signature!)).toBe(true)
    expect(validateSignature(calls[0]!.body, 'other-secret', calls[0]!.signature!)).toBe(false)
  })

  it('issues a reply token the messaging sandbox accepts once', async () => {
    const { sender, messaging } = setup()
    const event = sender.build({ type: 'message', userId: alice, text: 'hi' }) as { replyToken: string }
    const reply = () =>
      messaging.app.request('/v2/bot/message/reply', {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ replyToken: event.replyToken, messages: [{ type: 'text', text: 'ok' }] }),
      })
    expect((await reply()).status).toBe(200)
    expect((await reply()).status).toBe(400)
  })

  it('omits the reply token of a failed account link', () => {
    const { sender } = setup()
    expect(sender.build({ type: 'accountLink', userId: alice, result: 'failed', nonce: 'n' })).not.toHaveProperty(
      'replyToken',
    )
  })

  it('marks a user blocked on unfollow and known again on follow', async () => {
    const { sender, messaging } = setup()
    const newcomer = 'U00000000000000000000000000000abc'
    await sender.follow(newcomer)
    expect(messaging.record.users.has(newcomer)).toBe(true)
    await sender.unfollow(newcomer)
    expect(messaging.record.blocked.has(newcomer)).toBe(true)
    await sender.follow(newcomer, true)
    expect(messaging.record.blocked.has(newcomer)).toBe(false)
  })
})

describe('webhook sender HTTP app', () => {
  it('sends the event posted to /events and answers the server status', async () => {
    const { sender, calls } = setup()
    const res = await createWebhookApp(sender).request('/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'accountLink', userId: alice, result: 'ok', nonce: 'abc' }),
    })
    expect(await res.json()).toEqual({ status: 200, body: '' })
    expect(JSON.parse(calls[0]!.body).events[0].link).toEqual({ result: 'ok', nonce: 'abc' })
  })

  it('answers 400 to an incomplete event', async () => {
    const { sender, calls } = setup()
    const res = await createWebhookApp(sender).request('/events', {
      method: 'POST',
      body: JSON.stringify({ type: 'postback', userId: alice }),
    })
    expect(res.status).toBe(400)
    expect(calls).toHaveLength(0)
  })
})
