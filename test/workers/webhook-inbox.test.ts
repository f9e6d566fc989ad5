// The webhook inbox inside workerd on D1: the Worker stores a signed event before its 200, handles it after the
// response (waitUntil), and the cron's frequent run retries an event whose handler failed.
import { env } from 'cloudflare:workers'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { openD1 } from '../../db/d1'
import { lineAccounts, webhookEvents } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { deliverWebhook, eventFrom, runCronAt, sandboxBotUserId } from './worker-webhook'

const db = openD1(env.DB)
const userId = 'U0000000000000000000000000000f0b1'
vi.spyOn(console, 'log').mockImplementation(() => {})
vi.spyOn(console, 'error').mockImplementation(() => {})

const stored = (id: string) => db.query.webhookEvents.findFirst({ where: eq(webhookEvents.webhookEventId, id) })

beforeAll(async () => {
  await seedDemoShop(db, new Date())
})

describe('worker webhook inbox', () => {
  it('stores the event, answers 200, fails in the background, and the cron handles it once the fault is gone', async () => {
    // A real failure of the follow handler's write: D1 refuses this user's row until the trigger is dropped.
    await db.run(
      sql.raw(`CREATE TRIGGER fail_follow BEFORE INSERT ON line_accounts
      WHEN NEW.line_user_id = '${userId}' BEGIN SELECT RAISE(ABORT, 'injected follow failure'); END`),
    )
    const event = {
      type: 'follow',
      ...eventFrom(userId),
      replyToken: 'r',
      follow: { isUnblocked: false },
    }
    expect(await deliverWebhook(JSON.stringify({ destination: await sandboxBotUserId(), events: [event] }))).toBe(200)
    const failed = await stored(event.webhookEventId)
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, type: 'follow' })
    expect(failed!.lastError).toContain('injected follow failure')

    await db.run(sql`DROP TRIGGER fail_follow`)
    await runCronAt(new Date(failed!.nextAttemptAt.getTime() + 1000))
    expect(await stored(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 2 })
    const account = await db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, userId) })
    expect(account?.friendStatus).toBe('friend')

    await runCronAt(new Date(failed!.nextAttemptAt.getTime() + 60_000))
    expect(await stored(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 2 })
  })
})
