import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { lineAccounts, webhookEvents } from '../../../db/schema'
import { personaByKey } from '../../../server/sandbox/personas'
import { signBody } from '../../../server/sandbox/webhook-sender'
import { testAppPerSuite } from '../../support/test-app'

const newcomer = personaByKey('newcomer')!

describe('POST /webhook/line', () => {
  const t = testAppPerSuite()

  const friendStatus = async (id: string) =>
    (await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, id) }))?.friendStatus
  const post = (body: string, signature?: string) =>
    t.app.request('/webhook/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) },
      body,
    })

  it('marks a user blocked on unfollow and a friend again on follow with isUnblocked', async () => {
    expect((await t.sandbox.webhook.unfollow(newcomer.lineUserId)).status).toBe(200)
    await t.settle()
    expect(await friendStatus(newcomer.lineUserId)).toBe('blocked')
    await t.sandbox.webhook.follow(newcomer.lineUserId, true)
    await t.settle()
    expect(await friendStatus(newcomer.lineUserId)).toBe('friend')
  })

  it('handles a redelivered event once', async () => {
    const events = [t.sandbox.webhook.build({ type: 'unfollow', userId: newcomer.lineUserId })]
    await t.sandbox.webhook.send(events)
    await t.settle()
    await t.sandbox.webhook.follow(newcomer.lineUserId)
    await t.settle()
    const redelivered = events.map((e) => ({ ...e, deliveryContext: { isRedelivery: true } }))
    await t.sandbox.webhook.send(redelivered)
    await t.settle()
    expect(await friendStatus(newcomer.lineUserId)).toBe('friend')
    const rows = await t.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.webhookEventId, events[0]!.webhookEventId))
    expect(rows).toHaveLength(1)
  })

  it('rejects a missing or wrong signature with 401 before parsing', async () => {
    const body = JSON.stringify({ destination: 'U0', events: [] })
    expect((await post(body)).status).toBe(401)
    const wrong = await post(body, signBody('another-secret', body))
    expect(wrong.status).toBe(401)
    expect((await wrong.json()).error.code).toBe('bad_signature')
    expect((await post('not json at all', 'AAAA')).status).toBe(401)
  })

  it('checks the signature on the bytes as sent: a leading BOM and a character outside the BMP included', async () => {
    const verify = `\uFEFF${JSON.stringify({ destination: 'Uつなぐ😀', events: [] })}`
    expect((await post(verify, signBody(t.config.line.channelSecret, verify))).status).toBe(200)
    const withoutBom = verify.slice(1)
    expect((await post(verify, signBody(t.config.line.channelSecret, withoutBom))).status).toBe(401)
  })

  it('answers 400 to malformed JSON and to a body that is not a callback request, when signed', async () => {
    const secret = t.config.line.channelSecret
    const malformed = '{"destination":'
    const res = await post(malformed, signBody(secret, malformed))
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('malformed_json')
    const odd = JSON.stringify({ hello: 'world' })
    expect((await post(odd, signBody(secret, odd))).status).toBe(400)
  })

  it('answers 413 to an oversized body', async () => {
    const big = JSON.stringify({ destination: 'U0', events: [], pad: 'x'.repeat(1024 * 1024) })
    expect((await post(big, signBody(t.config.line.channelSecret, big))).status).toBe(413)
  })

  it("acknowledges LINE's verify call (no events), and stores event types it does not handle as done", async () => {
    const verify = JSON.stringify({ destination: 'U0', events: [] })
    expect((await post(verify, signBody(t.config.line.channelSecret, verify))).status).toBe(200)
    const join = JSON.stringify({
      destination: t.sandbox.webhook.destination,
      events: [
        {
          type: 'join',
          mode: 'active',
          timestamp: 1,
          webhookEventId: '01JOIN',
          deliveryContext: { isRedelivery: false },
          source: { type: 'group', groupId: 'C1' },
        },
      ],
    })
    expect((await post(join, signBody(t.config.line.channelSecret, join))).status).toBe(200)
    await t.settle()
    const [stored] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.webhookEventId, '01JOIN'))
    expect(stored).toMatchObject({ type: 'join', status: 'done', attempts: 1 })
  })
})
