import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, webhookForwards, type WebhookForwardRow } from '../../../db/schema'
import { runScheduledJobs } from '../../../server/jobs'
import { personaByKey } from '../../../server/sandbox/personas'
import { signBody } from '../../../server/sandbox/webhook-sender'
import { maxForwardAttempts, sendDueForwards } from '../../../server/webhook/forward'
import { verifyLineSignature } from '../../../server/webhook/signature'
import { serveOnLoopback, type Served } from '../../support/serve'
import { bearer, createTestApp, type TestApp } from '../../support/test-app'

const customer = personaByKey('customer')!

interface Received {
  body: Uint8Array<ArrayBuffer>
  signature: string | null
  forwarded: string | null
}

/** Another bot's webhook over real HTTP: records what arrives and answers as `answer` says. */
async function otherBot() {
  const received: Received[] = []
  const hanging: (() => void)[] = []
  const bot = {
    received,
    answer: 200 as number | 'hang',
    served: null as unknown as Served,
    close: async () => {
      for (const release of hanging.splice(0)) release()
      await bot.served.close()
    },
  }
  bot.served = await serveOnLoopback(async (req) => {
    received.push({
      body: new Uint8Array(await req.arrayBuffer()),
      signature: req.headers.get('x-line-signature'),
      forwarded: req.headers.get('x-tsunagu-forwarded'),
    })
    if (bot.answer === 'hang') {
      await new Promise<void>((release) => hanging.push(release))
      return new Response('late')
    }
    return new Response('{}', { status: bot.answer })
  })
  return bot
}

describe('webhook forwarding', () => {
  let t: TestApp
  let a: Awaited<ReturnType<typeof otherBot>>
  let b: Awaited<ReturnType<typeof otherBot>>
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-23T12:00:00+09:00') })
    a = await otherBot()
    b = await otherBot()
  })
  afterAll(async () => {
    await a.close()
    await b.close()
    await t.close()
  })
  afterEach(async () => {
    await t.settle()
    a.received.length = 0
    b.received.length = 0
    a.answer = 200
    b.answer = 200
    t.deps.config = { ...t.config, webhookOwner: 'tsunagu' }
  })

  /** An admin's headers, signed in at the test clock's time (the clock moves by days here). */
  const asAdmin = async () => bearer(await t.signIn('admin'))
  async function setTargets(urls: string[]) {
    return t.app.request('/api/admin/webhook-forwards/targets', {
      method: 'PUT',
      headers: { ...(await asAdmin()).headers, 'content-type': 'application/json' },
      body: JSON.stringify({ urls }),
    })
  }
  /** Posts a body (as given, byte for byte) signed with the channel secret, as LINE does. */
  function post(body: string, signature = signBody(t.config.line.channelSecret, body)) {
    return t.app.request('/webhook/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': signature },
      body,
    })
  }
  /** A body as LINE could write it: its own spacing and key order, non-ASCII text. */
  function rawBody(text = 'こんにちは 🌸') {
    const event = t.sandbox.webhook.build({ type: 'message', userId: customer.lineUserId, text })
    const body = `{"destination":"${t.sandbox.webhook.destination}",  "events":[${JSON.stringify(event, null, 1)}]}`
    return { body, event }
  }
  const rows = () => t.db.select().from(webhookForwards)
  const rowFor = async (target: string, eventId: string) =>
    (await rows()).find((r) => r.target === target && r.eventIds === eventId)!
  /** Moves the clock past the row's retry time and runs the frequent scheduled job. */
  async function retryByJob(row: WebhookForwardRow, options: { timeoutMs?: number } = {}) {
    const current = (await t.db.query.webhookForwards.findFirst({ where: eq(webhookForwards.id, row.id) }))!
    t.clock.now = new Date(Math.max(t.clock.now.getTime(), current.nextAttemptAt.getTime()) + 1)
    if (options.timeoutMs) return sendDueForwards(t.deps, t.clock.now, options)
    return (await runScheduledJobs(t.deps, t.clock.now)).webhookForwards
  }

  it('forwards a verified request to every target with its exact bytes and signature, which verify there', async () => {
    expect((await setTargets([a.served.url, `${b.served.url}/hook`])).status).toBe(200)
    const { body, event } = rawBody()
    const signature = signBody(t.config.line.channelSecret, body)
    expect((await post(body, signature)).status).toBe(200)
    await t.settle()

    for (const bot of [a, b]) {
      expect(bot.received).toHaveLength(1)
      const got = bot.received[0]!
      expect(Buffer.from(got.body).equals(Buffer.from(body, 'utf8'))).toBe(true)
      expect(got.signature).toBe(signature)
      expect(got.forwarded).toBe('1')
      expect(await verifyLineSignature(t.config.line.channelSecret, got.body, got.signature!)).toBe(true)
    }
    expect(await rowFor(a.served.url, event.webhookEventId)).toMatchObject({
      status: 'done',
      attempts: 1,
      lastStatus: 200,
      eventTypes: 'message',
      sentAt: t.clock.now,
    })
  })

  it('forwards a redelivered body (same events) to a target only once', async () => {
    const { event } = rawBody()
    expect((await t.sandbox.webhook.send([event])).status).toBe(200)
    await t.settle()
    expect((await t.sandbox.webhook.send([{ ...event, deliveryContext: { isRedelivery: true } }])).status).toBe(200)
    await t.settle()
    expect(a.received).toHaveLength(1)
    expect((await rows()).filter((r) => r.eventIds === event.webhookEventId)).toHaveLength(2)
  })

  it('forwards nothing for a bad signature, and stores nothing', async () => {
    const before = (await rows()).length
    const { body } = rawBody()
    expect((await post(body, signBody('not-the-channel-secret', body))).status).toBe(401)
    expect((await post(body, '')).status).toBe(401)
    await t.settle()
    expect([a.received, b.received]).toEqual([[], []])
    expect(await rows()).toHaveLength(before)
  })

  it('retries a target that answered 500 and one that did not answer in time, then sends', async () => {
    a.answer = 500
    const { body, event } = rawBody()
    expect((await post(body)).status).toBe(200)
    await t.settle()
    const first = await rowFor(a.served.url, event.webhookEventId)
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' })
    expect(await rowFor(`${b.served.url}/hook`, event.webhookEventId)).toMatchObject({ status: 'done' })

    a.answer = 'hang'
    expect(await retryByJob(first, { timeoutMs: 100 })).toMatchObject({ retrying: 1 })
    expect(await rowFor(a.served.url, event.webhookEventId)).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastStatus: null,
      lastError: 'no answer within 100 ms',
    })

    a.answer = 200
    expect(await retryByJob(first)).toMatchObject({ sent: 1 })
    expect(await rowFor(a.served.url, event.webhookEventId)).toMatchObject({ status: 'done', attempts: 3 })
    expect(a.received).toHaveLength(3)
    expect(a.received.every((r) => Buffer.from(r.body).equals(Buffer.from(body)))).toBe(true)
  })

  it('marks a forward failed after the last attempt, shows it to the admin, and sends it again on retry', async () => {
    a.answer = 503
    const { body, event } = rawBody()
    await post(body)
    await t.settle()
    const row = await rowFor(a.served.url, event.webhookEventId)
    for (let i = 1; i < maxForwardAttempts; i++) await retryByJob(row)
    expect(await rowFor(a.served.url, event.webhookEventId)).toMatchObject({
      status: 'failed',
      attempts: maxForwardAttempts,
      lastStatus: 503,
    })
    t.clock.advance(24 * 60 * 60_000)
    expect(await sendDueForwards(t.deps, t.clock.now)).toMatchObject({ sent: 0, retrying: 0, failed: 0 })
    expect(a.received).toHaveLength(maxForwardAttempts)

    const list = await t.app.request('/api/admin/webhook-forwards', await asAdmin())
    expect(list.status).toBe(200)
    const view = (await list.json()) as {
      owner: string
      forwarding: boolean
      targets: { url: string; failed: number; done: number }[]
      forwards: { id: string; target: string; attempts: number; lastStatus: number; eventAt: string }[]
    }
    expect(view).toMatchObject({ owner: 'tsunagu', forwarding: true })
    expect(view.targets.find((x) => x.url === a.served.url)).toMatchObject({ failed: 1 })
    expect(view.forwards).toEqual([
      expect.objectContaining({
        id: row.id,
        target: a.served.url,
        attempts: maxForwardAttempts,
        lastStatus: 503,
        eventAt: new Date(event.timestamp).toISOString(),
      }),
    ])

    a.answer = 200
    const retried = await t.app.request(`/api/admin/webhook-forwards/${row.id}/retry`, {
      method: 'POST',
      ...(await asAdmin()),
    })
    expect(retried.status).toBe(202)
    await t.settle()
    expect(await rowFor(a.served.url, event.webhookEventId)).toMatchObject({ status: 'done', attempts: 1 })
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'webhook_forward.retried'))
    expect(audits.map((x) => x.target)).toEqual([`webhook-forward:${row.id}`])
    const again = await t.app.request(`/api/admin/webhook-forwards/${row.id}/retry`, {
      method: 'POST',
      ...(await asAdmin()),
    })
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: { code: 'webhook_forward_not_retryable' } })
  })

  it('does not answer unhandled text or a keyword inside a sentence while forwarding, but answers a keyword', async () => {
    const replies = async (text: string) => {
      t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
      expect((await t.sandbox.webhook.text(customer.lineUserId, text)).status).toBe(200)
      await t.settle()
      return (t.sandbox.messaging.record.inbox.get(customer.lineUserId) ?? []).filter((m) => m.kind === 'reply')
    }
    expect(await replies('営業時間は？')).toEqual([])
    expect(await replies('ポイントカードは使えますか')).toEqual([])
    expect(a.received).toHaveLength(2)
    expect((await replies('ポイント')).map((m) => String(m.message.text))).toEqual([expect.stringContaining('1,700pt')])

    expect((await setTargets([])).status).toBe(200)
    expect(await replies('営業時間は？')).toEqual([expect.objectContaining({ kind: 'reply' })])
    expect((await setTargets([a.served.url, `${b.served.url}/hook`])).status).toBe(200)
  })

  it('forwards nothing while another tool owns the webhook, nor a request that was itself forwarded', async () => {
    t.deps.config = { ...t.config, webhookOwner: 'other' }
    const { body, event } = rawBody('営業時間は？')
    t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
    expect((await post(body)).status).toBe(200)
    await t.settle()
    expect((await rows()).filter((r) => r.eventIds === event.webhookEventId)).toEqual([])
    expect(t.sandbox.messaging.record.inbox.get(customer.lineUserId) ?? []).toEqual([])
    const view = await t.app.request('/api/admin/webhook-forwards', await asAdmin())
    expect(await view.json()).toMatchObject({ owner: 'other', forwarding: false })

    t.deps.config = { ...t.config, webhookOwner: 'tsunagu' }
    const looped = rawBody()
    const res = await t.app.request('/webhook/line', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-line-signature': signBody(t.config.line.channelSecret, looped.body),
        'x-tsunagu-forwarded': '1',
      },
      body: looped.body,
    })
    expect(res.status).toBe(200)
    await t.settle()
    expect([a.received, b.received]).toEqual([[], []])
  })

  it('refuses a target list that is too long, repeats a URL or is not a URL, saving nothing', async () => {
    const before = await t.app.request('/api/admin/webhook-forwards', await asAdmin())
    const cases: [string[], string][] = [
      [Array.from({ length: 6 }, (_, i) => `${a.served.url}/${i}`), 'forward_target_too_many'],
      [[a.served.url, a.served.url], 'forward_target_duplicate'],
      [['ftp://bot.example.jp/hook'], 'forward_target_not_a_url'],
      [['https://user:pass@bot.example.jp/hook'], 'forward_target_has_credentials'],
    ]
    for (const [urls, code] of cases) {
      const res = await setTargets(urls)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ error: { code } })
    }
    const after = await t.app.request('/api/admin/webhook-forwards', await asAdmin())
    expect(((await after.json()) as { targets: unknown }).targets).toEqual(
      ((await before.json()) as { targets: unknown }).targets,
    )
  })
})
