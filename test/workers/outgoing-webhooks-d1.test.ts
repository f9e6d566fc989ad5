// Outgoing webhooks inside workerd on D1: a LINE unfollow handled by the Worker writes its domain event, the cron
// plans the endpoint's delivery and sends it signed; a 503 is retried by a later cron run, and a replayed plan writes
// no second row.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { openD1 } from '../../db/d1'
import { jobCursors, webhookDeliveries } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { sandboxChannel } from '../../server/config'
import { insertEndpoint } from '../../server/data/webhook-endpoints'
import { newWebhookSecret } from '../../server/domain/outgoing-webhook'
import { personaByKey } from '../../server/sandbox/personas'
import { signBody, ulid } from '../../server/sandbox/webhook-sender'
import worker from '../../server/worker'
import { verifyTsunaguSignature } from '../support/tsunagu-signature'

const db = openD1(env.DB)
const sandboxUrl = String(env.LINE_SANDBOX_URL)
const customer = personaByKey('customer')!
const secret = newWebhookSecret()
vi.spyOn(console, 'log').mockImplementation(() => {})
vi.spyOn(console, 'error').mockImplementation(() => {})

async function answer(status: number) {
  const res = await fetch(`${sandboxUrl}/__shop-system/answer`, { method: 'PUT', body: JSON.stringify({ status }) })
  expect(res.status).toBe(200)
}
const received = async () =>
  (await (await fetch(`${sandboxUrl}/__shop-system/received`)).json()) as {
    body: string
    signature: string | null
    eventId: string | null
  }[]

async function botUserId(): Promise<string> {
  const res = await fetch(`${sandboxUrl}/v2/bot/info`, {
    headers: { authorization: `Bearer ${sandboxChannel.channelAccessToken}` },
  })
  return ((await res.json()) as { userId: string }).userId
}

async function unfollow(): Promise<number> {
  const event = {
    type: 'unfollow',
    mode: 'active',
    timestamp: Date.now(),
    webhookEventId: ulid(Date.now()),
    deliveryContext: { isRedelivery: false },
    source: { type: 'user', userId: customer.lineUserId },
  }
  const raw = JSON.stringify({ destination: await botUserId(), events: [event] })
  const ctx = createExecutionContext()
  const request = new Request('https://tsunagu.test/webhook/line', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signBody(sandboxChannel.channelSecret, raw) },
    body: raw,
  })
  const res = await worker.fetch(request as never, env, ctx)
  await waitOnExecutionContext(ctx)
  return res.status
}

async function cron(at: Date) {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

beforeAll(async () => {
  await seedDemoShop(db, new Date())
  // Events before the endpoint (the demo shop's) are not its business: the first cron moves the cursor past them.
  await cron(new Date())
  const url = `${sandboxUrl}/__shop-system/hook`
  const made = await insertEndpoint(
    db,
    { url, events: ['member.unfollowed'], active: true, includeLineUserId: false, secret, actor: 'test', max: 10 },
    new Date(),
  )
  expect(made).not.toBe(null)
})

describe('worker outgoing webhooks', () => {
  it('plans and sends a signed delivery from the cron, retries a 503, and never plans it twice', async () => {
    await answer(503)
    expect(await unfollow()).toBe(200)
    await cron(new Date())
    const [first] = await db.select().from(webhookDeliveries)
    expect(first).toMatchObject({ eventType: 'member.unfollowed', status: 'pending', attempts: 1, lastStatus: 503 })

    await answer(200)
    // A replay of the plan from the start (a lost cursor) on the next run writes no second row.
    await db.delete(jobCursors).where(eq(jobCursors.name, 'webhooks:events'))
    await cron(new Date(first!.nextAttemptAt.getTime() + 1000))
    const rows = await db.select().from(webhookDeliveries)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 })

    const got = await received()
    expect(got).toHaveLength(2)
    for (const r of got) {
      expect(verifyTsunaguSignature(secret, r.body, r.signature)).toBe(true)
      const payload = JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> }
      expect(r.eventId).toBe(payload.id)
      expect(payload.type).toBe('member.unfollowed')
      expect(payload.data.memberNumber).toMatch(/^\d{10}$/)
    }
    expect(got[0]!.body).toBe(got[1]!.body)
  })
})
