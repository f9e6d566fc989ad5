import { randomUUID } from 'node:crypto'
import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadLineSpec } from '../../../../server/sandbox/line-openapi/load-spec'
import { schemaCheck } from '../../../../server/sandbox/line-openapi/schema-validator'
import { createMessagingSandbox } from '../../../../server/sandbox/messaging'
import { listen, type Listening } from '../listen'

const token = 'test-channel-access-token'
const alice = 'U1000000000000000000000000000c001'
const text = [{ type: 'text' as const, text: 'hi' }]
const sandbox = createMessagingSandbox({ channelAccessToken: token })
let server: Listening
let client: messagingApi.MessagingApiClient
let blob: messagingApi.MessagingApiBlobClient

function push(app = sandbox.app, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request('/v2/bot/message/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ to: alice, messages: text }),
    }),
  )
}

beforeAll(async () => {
  server = await listen(sandbox.app)
  client = new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: server.url })
  blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: token, baseURL: server.url })
})
afterAll(() => server.close())
beforeEach(() => sandbox.reset())

describe('messaging sandbox: X-Line-Retry-Key', () => {
  it('answers 409 with the first request id to a repeated key and delivers nothing again', async () => {
    const key = randomUUID()
    const first = await push(sandbox.app, { 'X-Line-Retry-Key': key })
    const again = await push(sandbox.app, { 'X-Line-Retry-Key': key })
    expect(first.status).toBe(200)
    expect(again.status).toBe(409)
    expect(again.headers.get('x-line-accepted-request-id')).toBe(first.headers.get('x-line-request-id'))
    expect((await again.json()).message).toBe('The retry key is already accepted')
    expect(sandbox.record.inbox.get(alice)).toHaveLength(1)
  })

  it('lets the SDK pass the retry key and see the 409', async () => {
    const key = randomUUID()
    await client.pushMessage({ to: alice, messages: text }, key)
    const err = await client.pushMessage({ to: alice, messages: text }, key).catch((e: unknown) => e)
    expect((err as HTTPFetchError).status).toBe(409)
  })

  it('rejects a retry key that is not a UUID', async () => {
    const res = await push(sandbox.app, { 'X-Line-Retry-Key': 'not-a-uuid' })
    expect(res.status).toBe(400)
    expect(sandbox.record.requests).toHaveLength(0)
  })

  it('forgets a key after 24 hours', async () => {
    let now = 1_700_000_000_000
    const timed = createMessagingSandbox({ channelAccessToken: token, now: () => now })
    const key = randomUUID()
    expect((await push(timed.app, { 'X-Line-Retry-Key': key })).status).toBe(200)
    now += 24 * 3600_000 + 1
    expect((await push(timed.app, { 'X-Line-Retry-Key': key })).status).toBe(200)
  })
})

describe('messaging sandbox: rate limit and quota', () => {
  it('answers 429 past the configured requests per second, and admits again a second later', async () => {
    let now = 1_700_000_000_000
    const limited = createMessagingSandbox({ channelAccessToken: token, now: () => now, limits: { sendPerSecond: 3 } })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await push(limited.app)).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    const body = await (await push(limited.app)).json()
    expect(body).toEqual({ message: 'The API rate limit has been exceeded. Try again later.' })
    now += 1000
    expect((await push(limited.app)).status).toBe(200)
    expect(limited.record.inbox.get(alice)).toHaveLength(4)
  })

  it('counts consumption per recipient and refuses a send over the monthly quota', async () => {
    sandbox.limits.monthlyQuota = 3
    await client.multicast({ to: [alice, 'U1000000000000000000000000000c002'], messages: text })
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 2 })
    expect(await client.getMessageQuota()).toEqual({ type: 'limited', value: 3 })
    const over = await sandbox.app.request('/v2/bot/message/multicast', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: [alice, 'U1000000000000000000000000000c003'], messages: text }),
    })
    expect(over.status).toBe(429)
    expect(await over.json()).toEqual({ message: 'You have reached your monthly limit.' })
    expect((await client.getMessageQuotaConsumption()).totalUsage).toBe(2)
  })

  it("reports LINE's 'none' quota type when unlimited", async () => {
    sandbox.limits.monthlyQuota = null
    expect(await client.getMessageQuota()).toEqual({ type: 'none' })
  })
})

describe('messaging sandbox: faults', () => {
  async function statuses(seed: number): Promise<number[]> {
    const s = createMessagingSandbox({ channelAccessToken: token, faults: { serverErrorRate: 0.5, seed } })
    const out = []
    for (let i = 0; i < 20; i++) out.push((await push(s.app)).status)
    return out
  }

  it('injects server errors repeatably for a given seed', async () => {
    const a = await statuses(7)
    expect(a).toEqual(await statuses(7))
    expect(a).toContain(500)
    expect(a).toContain(200)
    expect(a).not.toEqual(await statuses(8))
  })

  it('delivers nothing for a faulted request, so a retry with the same key succeeds', async () => {
    const key = randomUUID()
    sandbox.faults.serverErrorRate = 1
    expect((await push(sandbox.app, { 'X-Line-Retry-Key': key })).status).toBe(500)
    expect(sandbox.record.inbox.get(alice)).toBeUndefined()
    sandbox.faults.serverErrorRate = 0
    expect((await push(sandbox.app, { 'X-Line-Retry-Key': key })).status).toBe(200)
    expect(sandbox.record.inbox.get(alice)).toHaveLength(1)
  })

  it('answers 429 to the next N requests of a rate limit burst', async () => {
    sandbox.faults.rateLimitBurst = 2
    const s = [(await push()).status, (await push()).status, (await push()).status]
    expect(s).toEqual([429, 429, 200])
  })

  it('simulates a crash after accepting: delivered, answered 500, and the retry gets 409', async () => {
    const key = randomUUID()
    sandbox.faults.crashAfterAcceptRate = 1
    expect((await push(sandbox.app, { 'X-Line-Retry-Key': key })).status).toBe(500)
    sandbox.faults.crashAfterAcceptRate = 0
    expect((await push(sandbox.app, { 'X-Line-Retry-Key': key })).status).toBe(409)
    expect(sandbox.record.inbox.get(alice)).toHaveLength(1)
  })

  it('hangs a timed-out request until timeoutMs, then answers 504 without delivering', async () => {
    sandbox.faults.timeoutRate = 1
    sandbox.faults.timeoutMs = 50
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let answered = false
      const res = push().finally(() => (answered = true))
      await vi.advanceTimersByTimeAsync(49)
      expect(answered).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect((await res).status).toBe(504)
    } finally {
      vi.useRealTimers()
    }
    expect(sandbox.record.inbox.size).toBe(0)
  })

  it('lets a client give up on a hanging request, and delivers nothing', async () => {
    sandbox.faults.timeoutRate = 1
    const res = fetch(`${server.url}/v2/bot/message/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: alice, messages: text }),
      signal: AbortSignal.timeout(100),
    })
    await expect(res).rejects.toThrow()
    expect(sandbox.record.inbox.size).toBe(0)
  })
})

describe('messaging sandbox: control endpoints', () => {
  it('sets faults over HTTP and rejects unknown knobs', async () => {
    const put = (body: unknown) =>
      sandbox.app.request('/__sandbox/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await put({ rateLimitBurst: 1 })).status).toBe(200)
    expect(sandbox.faults.rateLimitBurst).toBe(1)
    expect((await put({ explode: true })).status).toBe(400)
    expect((await put({ serverErrorRate: 2 })).status).toBe(400)
    expect((await push()).status).toBe(429)
  })

  it('shows the record as JSON and resets it', async () => {
    await push()
    const record = await (await sandbox.app.request(`/__sandbox/record?user=${alice}`)).json()
    expect(record.requestCount).toBe(1)
    expect(record.inbox[alice][0].message).toEqual(text[0])
    await sandbox.app.request('/__sandbox/reset', { method: 'POST' })
    expect(sandbox.record.requests).toHaveLength(0)
  })
})

describe('messaging sandbox: link tokens, profiles, rich menus', () => {
  it('issues a random link token and keeps it for lookup', async () => {
    const { linkToken } = await client.issueLinkToken(alice)
    const other = await client.issueLinkToken(alice)
    expect(linkToken).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    expect(other.linkToken).not.toBe(linkToken)
    expect(sandbox.record.linkTokens.get(linkToken)?.lineUserId).toBe(alice)
  })

  it('answers profiles of known users and 404 for others', async () => {
    expect((await client.getProfile(alice)).displayName).toBe('山田 花子')
    const err = await client.getProfile('U0000000000000000000000000000dead').catch((e: unknown) => e)
    expect((err as HTTPFetchError).status).toBe(404)
  })

  it('creates a rich menu, uploads its image, sets it default, links and unlinks it per user', async () => {
    const menu: messagingApi.RichMenuRequest = {
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'member',
      chatBarText: 'メニュー',
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'postback', data: 'card' } }],
    }
    const { richMenuId } = await client.createRichMenu(menu)
    const early = await client.linkRichMenuIdToUser(alice, richMenuId).catch((e: unknown) => e)
    expect((early as HTTPFetchError).status).toBe(400)
    await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }))
    await client.setDefaultRichMenu(richMenuId)
    await client.linkRichMenuIdToUser(alice, richMenuId)
    expect(sandbox.record.defaultRichMenuId).toBe(richMenuId)
    expect((await client.getRichMenuIdOfUser(alice)).richMenuId).toBe(richMenuId)
    expect((await client.getRichMenuList()).richmenus.map((m) => m.name)).toEqual(['member'])
    await client.createRichMenuAlias({ richMenuAliasId: 'member', richMenuId })
    await client.unlinkRichMenuIdFromUser(alice)
    expect(sandbox.record.userRichMenus.has(alice)).toBe(false)
    await client.deleteRichMenu(richMenuId)
    expect(sandbox.record.defaultRichMenuId).toBeNull()
    expect(sandbox.record.richMenuAliases.size).toBe(0)
  })

  it('serves the per-user rich menu endpoints as LINE’s spec has them, with faults injected as on any endpoint', async () => {
    const paths = loadLineSpec('messaging-api').paths as Record<string, Record<string, unknown>>
    expect(paths['/v2/bot/user/{userId}/richmenu/{richMenuId}']).toHaveProperty('post')
    expect(paths['/v2/bot/user/{userId}/richmenu']).toHaveProperty('get')
    expect(paths['/v2/bot/user/{userId}/richmenu']).toHaveProperty('delete')
    const { richMenuId } = await client.createRichMenu({
      size: { width: 2500, height: 843 },
      selected: false,
      name: 'member',
      chatBarText: 'メニュー',
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'postback', data: 'card' } }],
    })
    await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }))
    await client.linkRichMenuIdToUser(alice, richMenuId)
    const res = await sandbox.app.request(`/v2/bot/user/${alice}/richmenu`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(schemaCheck('messaging-api', 'RichMenuIdResponse')(await res.json())).toEqual([])

    sandbox.faults.serverErrorRate = 1
    const failed = await client.unlinkRichMenuIdFromUser(alice).catch((e: unknown) => e)
    expect((failed as HTTPFetchError).status).toBe(500)
    expect(sandbox.record.userRichMenus.get(alice)).toBe(richMenuId)
    sandbox.faults.serverErrorRate = 0
    sandbox.faults.rateLimitBurst = 1
    const limited = await client.getRichMenuIdOfUser(alice).catch((e: unknown) => e)
    expect((limited as HTTPFetchError).status).toBe(429)

    await client.unlinkRichMenuIdFromUser(alice)
    const none = await client.getRichMenuIdOfUser(alice).catch((e: unknown) => e)
    expect((none as HTTPFetchError).status).toBe(404)
  })

  it('validates the rich menu body against the spec', async () => {
    const res = await sandbox.app.request('/v2/bot/richmenu', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ chatBarText: 'this text is far too long for the bar' }),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).details[0].property).toBe('chatBarText')
  })
})
