import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMessagingSandbox } from '../../../../server/sandbox/messaging'
import { listen, type Listening } from '../listen'

const token = 'test-channel-access-token'
const alice = 'U1000000000000000000000000000c001'
const bob = 'U1000000000000000000000000000c002'
const sandbox = createMessagingSandbox({ channelAccessToken: token })
let server: Listening
let client: messagingApi.MessagingApiClient

async function raw(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

function flexBubble(text: string): messagingApi.FlexBubble {
  return { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text }] } }
}

beforeAll(async () => {
  server = await listen(sandbox.app)
  client = new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: server.url })
})
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

describe('messaging sandbox: push, multicast, reply', () => {
  it('delivers a push sent by the SDK to the user inbox and answers sentMessages', async () => {
    const res = await client.pushMessage({ to: alice, messages: [{ type: 'text', text: 'こんにちは' }] })
    expect(res.sentMessages).toHaveLength(1)
    const inbox = sandbox.record.inbox.get(alice)!
    expect(inbox.map((m) => m.message)).toEqual([{ type: 'text', text: 'こんにちは' }])
    expect(inbox[0]!.id).toBe(res.sentMessages[0]!.id)
  })

  it('delivers a multicast to every recipient and answers an empty object', async () => {
    const res = await client.multicast({
      to: [alice, bob],
      messages: [{ type: 'flex', altText: 'card', contents: flexBubble('hi') }],
    })
    expect(res).toEqual({})
    expect(sandbox.record.inbox.get(alice)).toHaveLength(1)
    expect(sandbox.record.inbox.get(bob)).toHaveLength(1)
    expect(sandbox.record.requests[0]).toMatchObject({ kind: 'multicast', to: [alice, bob] })
  })

  it('delivers a reply to the user the reply token was issued for, once only', async () => {
    const replyToken = sandbox.issueReplyToken(bob)
    await client.replyMessage({ replyToken, messages: [{ type: 'text', text: 'ok' }] })
    expect(sandbox.record.inbox.get(bob)).toHaveLength(1)
    const again = await raw('/v2/bot/message/reply', { replyToken, messages: [{ type: 'text', text: 'again' }] })
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({ message: 'Invalid reply token' })
    expect(sandbox.record.inbox.get(bob)).toHaveLength(1)
  })

  it('rejects an expired reply token', async () => {
    let now = 1_700_000_000_000
    const timed = createMessagingSandbox({ channelAccessToken: token, now: () => now })
    const replyToken = timed.issueReplyToken(alice)
    now += 61_000
    const res = await timed.app.request('/v2/bot/message/reply', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ replyToken, messages: [{ type: 'text', text: 'late' }] }),
    })
    expect(res.status).toBe(400)
    expect(timed.record.inbox.size).toBe(0)
  })

  it('does not deliver to a user who blocked the account but still answers 200', async () => {
    sandbox.record.blocked.add(alice)
    await client.pushMessage({ to: alice, messages: [{ type: 'text', text: 'x' }] })
    expect(sandbox.record.inbox.get(alice)).toBeUndefined()
  })

  it('answers 401 with a JSON message without a valid bearer token', async () => {
    const res = await raw(
      '/v2/bot/message/push',
      { to: alice, messages: [{ type: 'text', text: 'x' }] },
      { authorization: 'Bearer wrong' },
    )
    expect(res.status).toBe(401)
    expect((await res.json()).message).toMatch(/access token/)
  })

  it('puts X-Line-Request-Id on every response', async () => {
    const ok = await raw('/v2/bot/message/push', { to: alice, messages: [{ type: 'text', text: 'x' }] })
    const bad = await raw('/v2/bot/message/push', {})
    expect(ok.headers.get('x-line-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(bad.headers.get('x-line-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(ok.headers.get('x-line-request-id')).not.toBe(bad.headers.get('x-line-request-id'))
  })
})

describe('messaging sandbox: request validation', () => {
  async function expectDetail(body: unknown, property: string, message: RegExp, path = '/v2/bot/message/push') {
    const res = await raw(path, body)
    expect(res.status).toBe(400)
    const json = await res.json()
    expect(json.message).toBe('The request body has 1 error(s)')
    expect(json.details).toEqual([{ property, message: expect.stringMatching(message) }])
    expect(sandbox.record.requests).toHaveLength(0)
  }

  it('rejects a field of the wrong type', () =>
    expectDetail({ to: 42, messages: [{ type: 'text', text: 'x' }] }, 'to', /string/))

  it('rejects a missing required field of the message subtype', () =>
    expectDetail({ to: alice, messages: [{ type: 'text' }] }, 'messages[0].text', /must be specified/))

  it('rejects an unknown message type', () =>
    expectDetail(
      { to: alice, messages: [{ type: 'hologram', text: 'x' }] },
      'messages[0].type',
      /one of the following values: \[text,/,
    ))

  it('validates nested Flex components against their own subtype', () =>
    expectDetail(
      {
        to: alice,
        messages: [
          {
            type: 'flex',
            altText: 'a',
            contents: { type: 'bubble', body: { type: 'box', layout: 'diagonal', contents: [] } },
          },
        ],
      },
      'messages[0].contents.body.layout',
      /horizontal, vertical, baseline/,
    ))

  it('rejects six messages', () =>
    expectDetail(
      { to: alice, messages: Array.from({ length: 6 }, () => ({ type: 'text', text: 'x' })) },
      'messages',
      /more than 5/,
    ))

  it('rejects a multicast to 501 recipients', () =>
    expectDetail(
      {
        to: Array.from({ length: 501 }, (_, i) => `U${String(i).padStart(32, '0')}`),
        messages: [{ type: 'text', text: 'x' }],
      },
      'to',
      /more than 500/,
      '/v2/bot/message/multicast',
    ))

  it('rejects a text longer than 5000 characters', () =>
    expectDetail({ to: alice, messages: [{ type: 'text', text: 'あ'.repeat(5001) }] }, 'messages[0].text', /5000/))

  it('rejects a Flex bubble over 30 KB', () =>
    expectDetail(
      { to: alice, messages: [{ type: 'flex', altText: 'big', contents: flexBubble('x'.repeat(31 * 1024)) }] },
      'messages[0].contents',
      /30 KB/,
    ))

  it('rejects a carousel of 13 bubbles', () =>
    expectDetail(
      {
        to: alice,
        messages: [
          {
            type: 'flex',
            altText: 'c',
            contents: { type: 'carousel', contents: Array.from({ length: 13 }, () => flexBubble('x')) },
          },
        ],
      },
      'messages[0].contents.contents',
      /12/,
    ))

  it('rejects an altText over 1500 characters', () =>
    expectDetail(
      { to: alice, messages: [{ type: 'flex', altText: 'a'.repeat(1501), contents: flexBubble('x') }] },
      'messages[0].altText',
      /1500/,
    ))

  it('rejects a body that is not JSON', async () => {
    const res = await fetch(`${server.url}/v2/bot/message/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(res.status).toBe(400)
  })

  it('surfaces the 400 to the SDK as an HTTPFetchError with the details body', async () => {
    const err = await client
      .pushMessage({ to: alice, messages: [{ type: 'text' } as messagingApi.TextMessage] })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(HTTPFetchError)
    expect(JSON.parse((err as HTTPFetchError).body).details[0].property).toBe('messages[0].text')
  })
})
