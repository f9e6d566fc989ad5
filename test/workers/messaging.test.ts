// The Worker's cron inside workerd: scheduled → reminder planned in D1 → handed to the outbox Queue → the queue
// consumer sends it through the sandbox.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as schema from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { openD1 } from '../../db/d1'
import worker from '../../server/worker'

const db = openD1(env.DB)
const sandboxUrl = String(env.LINE_SANDBOX_URL)
const userId = 'U0000000000000000000000000000f0a1'
const log = vi.spyOn(console, 'log').mockImplementation(() => {})

async function runCron(at: Date): Promise<Record<string, unknown>> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
  const [, , report] = log.mock.calls.findLast(([first]) => first === 'scheduled jobs') ?? []
  return JSON.parse(String(report)) as Record<string, unknown>
}

async function inbox(): Promise<{ kind: string; message: { type: string; altText?: string } }[]> {
  const res = await fetch(`${sandboxUrl}/line/__sandbox/record?user=${userId}&limit=0`)
  return ((await res.json()) as { inbox: Record<string, never[]> }).inbox[userId] ?? []
}

let reservationId = 0

beforeAll(async () => {
  const now = new Date()
  // The demo shop as of a month ago: its reservations (tomorrow 18:00 Tokyo and so on, relative to the seed's
  // date) are past, so the only reminder due at any hour of the day is this test's own.
  await seedDemoShop(db, new Date(now.getTime() - 30 * 86_400_000))
  // Quiet hours off: the test runs at any hour, and the reminder must go out now.
  await db.insert(schema.settings).values({ key: 'messaging', value: { quietHours: null, expiryWarningDays: 30 } })
  // The daily jobs done for every day to come: after 03:00 Tokyo the first cron would otherwise plan the seeded
  // customers' point notices beside this test's reminder (scheduled.test.ts covers the daily jobs).
  await db.insert(schema.jobRuns).values({ name: 'daily', period: '9999-12-31', claimedAt: now, finishedAt: now })
  const [member] = await db
    .insert(schema.members)
    .values({ memberNumber: '9000000008', name: 'ワーカー 太郎' })
    .returning()
  await db
    .insert(schema.lineAccounts)
    .values({ lineUserId: userId, memberId: member!.id, friendStatus: 'friend', linkedAt: now })
  // Starts in 20 h: its 24 h reminder is overdue, the 2 h one is not due yet.
  const [reservation] = await db
    .insert(schema.reservations)
    .values({ memberId: member!.id, storeId: 1, startsAt: new Date(now.getTime() + 20 * 3_600_000), partySize: 2 })
    .returning()
  reservationId = reservation!.id
})

describe('worker scheduled messaging', () => {
  it('plans the reminder into D1 and sends it through the sandbox once, however often the cron runs', async () => {
    const first = await runCron(new Date())
    expect(first.messaging).toMatchObject({ planned: { reminders: 1 }, outbox: { claimed: 1, messages: 1 } })
    await vi.waitFor(async () => expect(await inbox()).toHaveLength(1), { timeout: 20_000, interval: 100 })
    await runCron(new Date())

    const delivered = await inbox()
    expect(delivered).toHaveLength(1)
    expect(delivered[0]!.message.type).toBe('flex')
    expect(delivered[0]!.message.altText).toContain('ご予約のお知らせ')
    const rows = await db.select().from(schema.deliveries).where(eq(schema.deliveries.lineUserId, userId))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'sent', kind: 'reservation', attempts: 1 })
    expect(rows[0]!.dedupeKey).toMatch(new RegExp(`^reservation:${reservationId}:1440m:`))
  })
})
