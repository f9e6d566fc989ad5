import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { summarize } from '../../../../bench/support/sandbox-memory'
import { createInbox } from '../../../../server/sandbox/inbox'
import { createMessagingSandbox } from '../../../../server/sandbox/messaging'
import { inboxKeptInAll, inboxKeptPerUser, requestsKept } from '../../../../server/sandbox/messaging/record'

const token = 'test-channel-access-token'
const alice = 'U1000000000000000000000000000c001'
const userOf = (i: number) => `U2${String(i).padStart(31, '0')}`
let now = 1_700_000_000_000
// Unlimited, so a test can send more requests in a second than LINE's rate limit allows.
const sandbox = createMessagingSandbox({
  channelAccessToken: token,
  now: () => now,
  limits: { sendPerSecond: 1e9, monthlyQuota: null },
})

function send(kind: 'push' | 'multicast', body: object, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    sandbox.app.request(`/v2/bot/message/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  )
}

const texts = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ type: 'text', text: `m${from + i}` }))

beforeEach(() => sandbox.reset())

describe('messaging sandbox record: recent messages kept, everything counted', () => {
  it("keeps a user's newest messages past the per-user cap and counts every one", async () => {
    const total = inboxKeptPerUser + 10
    for (let i = 0; i < total; i += 5)
      expect((await send('push', { to: alice, messages: texts(i, 5) })).status).toBe(200)
    const kept = sandbox.record.inbox.get(alice)!
    expect(kept).toHaveLength(inboxKeptPerUser)
    expect(kept[0]!.message.text).toBe('m10')
    expect(kept.at(-1)!.message.text).toBe(`m${total - 1}`)
    expect(sandbox.record.delivered.get(alice)).toBe(total)

    const json = await (await sandbox.app.request(`/__sandbox/record?user=${alice}`)).json()
    expect(json.inbox[alice]).toHaveLength(inboxKeptPerUser)
    expect(json.delivered).toEqual({ [alice]: total })
    expect(json.requestCount).toBe(total / 5)

    const page = await (await createInbox({ messaging: sandbox }).app.request(`/?user=${alice}`)).text()
    expect(page).toContain(`(${total}件)`)
    expect(page).toMatch(/10件の古いメッセージはサンドボックスに残っていません/)
    expect(page).toContain('<div class="bubble">m10</div>')
    expect(page).not.toContain('<div class="bubble">m9</div>')
  })

  it('keeps the newest messages in all, dropping the oldest first, and counts every delivery', async () => {
    const users = Array.from({ length: 500 }, (_, i) => userOf(i))
    // Multicasts of 5 messages to 500 users until more was delivered than the sandbox keeps in all, then a push.
    const multicasts = Math.ceil(inboxKeptInAll / 2500) + 1
    for (let i = 0; i < multicasts; i++)
      expect((await send('multicast', { to: users, messages: texts(5 * i, 5) })).status).toBe(200)
    expect((await send('push', { to: users[0], messages: texts(1000, 1) })).status).toBe(200)
    const kept = [...sandbox.record.inbox.values()].flat()
    expect(kept).toHaveLength(inboxKeptInAll)
    // The last delivery of the first multicast went to user 499: gone, as are all of the first multicast's.
    expect(kept.every((m) => Number(String(m.message.text).slice(1)) >= 5)).toBe(true)
    expect(sandbox.record.inbox.get(users[0]!)!.map((m) => m.message.text)[0]).toBe('m6')
    expect(sandbox.record.inbox.get(users[1]!)!.map((m) => m.message.text)[0]).toBe('m5')
    expect(sandbox.record.inbox.get(users[0]!)!.at(-1)!.message.text).toBe('m1000')

    const deliveries = multicasts * 2500 + 1
    expect(summarize(sandbox.record)).toMatchObject({
      requests: multicasts + 1,
      push: 1,
      multicast: multicasts,
      maxRecipients: 500,
      users: 500,
      delivered: deliveries,
      duplicates: deliveries - 500,
    })
  })

  it('keeps the most recent requests, counts all of them, and times each for the busiest second', async () => {
    const total = requestsKept + 5
    const start = now
    for (let i = 0; i < total; i++) {
      now = start + i * 10 // 100 a second
      expect((await send('push', { to: userOf(i), messages: texts(i, 1) })).status).toBe(200)
    }
    expect(sandbox.record.requests).toHaveLength(requestsKept)
    expect(sandbox.record.requests[0]!.to).toEqual([userOf(5)])
    expect(sandbox.record.requests.at(-1)!.to).toEqual([userOf(total - 1)])
    const summary = summarize(sandbox.record)
    expect(summary).toMatchObject({
      requests: total,
      push: total,
      users: total,
      delivered: total,
      duplicates: 0,
      firstAt: start,
      lastAt: start + (total - 1) * 10,
      busiestSecond: 100,
    })
    expect(summary.perSecond).toEqual(Array.from({ length: 10 }, () => 100))
    const json = await (await sandbox.app.request('/__sandbox/record?limit=2')).json()
    expect(json.requestCount).toBe(total)
    expect(json.requests.map((r: { to: string[] }) => r.to[0])).toEqual([userOf(total - 1), userOf(total - 2)])
    expect((await (await sandbox.app.request('/__sandbox/record?limit=0')).json()).requests).toEqual([])
  })

  it('answers insight of a recent multicast from whom it reached, and 404 once the request is no longer kept', async () => {
    sandbox.limits.insightDelayMs = 0
    const insight = async (requestId: string) =>
      sandbox.app.request(`/v2/bot/insight/message/event?requestId=${requestId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    const users = Array.from({ length: 20 }, (_, i) => userOf(i))
    sandbox.record.blocked.add(users[0]!)
    const res = await send('multicast', {
      to: users,
      messages: texts(0, 2),
    })
    const requestId = res.headers.get('x-line-request-id')!
    // Its messages leave the inbox long before the request leaves the kept requests.
    const others = Array.from({ length: 500 }, (_, i) => userOf(100 + i))
    for (let i = 0; i < inboxKeptInAll / 2500; i++) await send('multicast', { to: others, messages: texts(1, 5) })
    expect(sandbox.record.inbox.get(users[1]!)).toBeUndefined()
    const answer = await insight(requestId)
    expect(answer.status).toBe(200)
    const { overview, messages } = await answer.json()
    expect(overview).toMatchObject({ requestId, delivered: 19 })
    expect(messages).toHaveLength(2)

    for (let i = 0; i < requestsKept; i++) await send('push', { to: alice, messages: texts(i, 1) })
    expect((await insight(requestId)).status).toBe(404)
  })
})

describe('messaging sandbox record: retry keys', () => {
  it('answers a repeated push the first answer’s request id and sentMessages, until 24 h have passed', async () => {
    const key = randomUUID()
    const first = await send('push', { to: alice, messages: texts(0, 2) }, { 'X-Line-Retry-Key': key })
    const firstId = first.headers.get('x-line-request-id')
    expect(firstId).toEqual(expect.any(String))
    const { sentMessages } = await first.json()
    expect(sentMessages).toHaveLength(2)
    expect(sentMessages[0].quoteToken).toEqual(expect.any(String))
    now += 24 * 3600_000 - 1
    const again = await send('push', { to: alice, messages: texts(0, 2) }, { 'X-Line-Retry-Key': key })
    expect(again.status).toBe(409)
    expect(again.headers.get('x-line-accepted-request-id')).toBe(firstId)
    expect(await again.json()).toEqual({ message: 'The retry key is already accepted', sentMessages })
    now += 1
    expect((await send('push', { to: alice, messages: texts(0, 2) }, { 'X-Line-Retry-Key': key })).status).toBe(200)
  })

  it('answers a repeated multicast with no sentMessages, as LINE does', async () => {
    const key = randomUUID()
    expect((await send('multicast', { to: [alice], messages: texts(0, 1) }, { 'X-Line-Retry-Key': key })).status).toBe(
      200,
    )
    const again = await send('multicast', { to: [alice], messages: texts(0, 1) }, { 'X-Line-Retry-Key': key })
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ message: 'The retry key is already accepted' })
  })
})
