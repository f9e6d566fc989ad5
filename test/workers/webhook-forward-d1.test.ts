// Webhook forwarding inside workerd on D1: the forward row is stored with the event before the 200, sent after the
// response (waitUntil) with the exact bytes and signature, and a failed send is retried by the cron.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { openD1 } from '../../db/d1'
import { webhookForwards } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { sandboxChannel } from '../../server/config'
import { saveForwardTargets } from '../../server/data/forward-targets'
import { signBody } from '../../server/sandbox/webhook-sender'
import { deliverWebhook, eventFrom, runCronAt } from './worker-webhook'

const db = openD1(env.DB)
const sandboxUrl = String(env.LINE_SANDBOX_URL)
const target = `${sandboxUrl}/__other-bot/hook`
vi.spyOn(console, 'log').mockImplementation(() => {})
vi.spyOn(console, 'error').mockImplementation(() => {})

async function answer(status: number) {
  const res = await fetch(`${sandboxUrl}/__other-bot/answer`, { method: 'PUT', body: JSON.stringify({ status }) })
  expect(res.status).toBe(200)
}
const received = async () =>
  (await (await fetch(`${sandboxUrl}/__other-bot/received`)).json()) as { body: string; signature: string }[]

function body(text: string) {
  const event = {
    type: 'message',
    ...eventFrom('U0000000000000000000000000000f0f1'),
    replyToken: 'r',
    message: { type: 'text', id: '1', quoteToken: 'q', text },
  }
  return { event, raw: `{"destination":"U${'f'.repeat(32)}", "events":[${JSON.stringify(event, null, 2)}]}` }
}

beforeAll(async () => {
  await seedDemoShop(db, new Date())
  await saveForwardTargets(db, [target], 'test', new Date())
})

describe('worker webhook forwarding', () => {
  it('forwards the exact bytes and signature after the 200, and the cron retries a failed send', async () => {
    const { event, raw } = body('転送テスト 🌸')
    const signature = signBody(sandboxChannel.channelSecret, raw)
    await answer(500)
    expect(await deliverWebhook(raw, signature)).toBe(200)
    const row = await db.query.webhookForwards.findFirst({ where: eq(webhookForwards.eventIds, event.webhookEventId) })
    expect(row).toMatchObject({ target, status: 'pending', attempts: 1, lastStatus: 500 })

    await answer(200)
    await runCronAt(new Date(row!.nextAttemptAt.getTime() + 1000))
    const sent = await db.query.webhookForwards.findFirst({ where: eq(webhookForwards.id, row!.id) })
    expect(sent).toMatchObject({ status: 'done', attempts: 2, lastStatus: 200 })

    const got = (await received()).filter((r) => r.signature === signature)
    expect(got).toHaveLength(2)
    for (const r of got) expect(Buffer.from(r.body, 'base64').toString('utf8')).toBe(raw)
  })

  it('forwards nothing for a bad signature', async () => {
    const { event, raw } = body('偽物')
    expect(await deliverWebhook(raw, signBody('not-the-channel-secret', raw))).toBe(401)
    expect(
      await db.query.webhookForwards.findFirst({ where: eq(webhookForwards.eventIds, event.webhookEventId) }),
    ).toBe(undefined)
    expect((await received()).some((r) => Buffer.from(r.body, 'base64').toString('utf8') === raw)).toBe(false)
  })
})
