// Outgoing webhooks inside workerd on D1: a LINE unfollow handled by the Worker writes its domain event, the cron
// plans the endpoint's delivery and sends it signed; a 503 is retried by a later cron run, and a replayed plan writes
// no second row.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { openD1 } from '../../db/d1'
import { jobCursors, webhookDeliveries } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { insertEndpoint } from '../../server/data/webhook-endpoints'
import { newWebhookSecret } from '../../server/domain/outgoing-webhook'
import { personaByKey } from '../../server/sandbox/personas'
import { verifyTsunaguSignature } from '../support/tsunagu-signature'
import { deliverWebhook, eventFrom, runCronAt, sandboxBotUserId } from './worker-webhook'

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

async function unfollow(): Promise<number> {
  const event = { type: 'unfollow', ...eventFrom(customer.lineUserId) }
  return deliverWebhook(JSON.stringify({ destination: await sandboxBotUserId(), events: [event] }))
}

beforeAll(async () => {
  await seedDemoShop(db, new Date())
  // Events before the endpoint (the demo shop's) are not its business: the first cron moves the cursor past them.
  await runCronAt(new Date())
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
    await runCronAt(new Date())
    const [first] = await db.select().from(webhookDeliveries)
    expect(first).toMatchObject({ eventType: 'member.unfollowed', status: 'pending', attempts: 1, lastStatus: 503 })

    await answer(200)
    // A replay of the plan from the start (a lost cursor) on the next run writes no second row.
    await db.delete(jobCursors).where(eq(jobCursors.name, 'webhooks:events'))
    await runCronAt(new Date(first!.nextAttemptAt.getTime() + 1000))
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
