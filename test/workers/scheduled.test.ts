// The Worker's cron handler inside workerd: runScheduledJobs against the demo shop in D1.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as schema from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import worker from '../../server/worker'
import { openD1 } from '../../db/d1'

const day = 86_400_000
const db = openD1(env.DB)
const seededAt = new Date('2026-04-01T00:00:00Z')

const every5Minutes = '*/5 * * * *'
const log = vi.spyOn(console, 'log').mockImplementation(() => {})

/** Runs the cron handler as the trigger `cron` would, and returns the job report it logged. */
async function runCron(at: Date): Promise<Record<string, unknown>> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: every5Minutes }), env, ctx)
  await waitOnExecutionContext(ctx)
  const [, , report] = log.mock.calls.findLast(([first]) => first === 'scheduled jobs') ?? []
  return JSON.parse(String(report)) as Record<string, unknown>
}

async function customerState() {
  const member = await db.query.members.findFirst({ where: eq(schema.members.id, demo.customerMemberId) })
  const expiries = await db
    .select()
    .from(schema.pointLedger)
    .where(and(eq(schema.pointLedger.memberId, demo.customerMemberId), eq(schema.pointLedger.kind, 'expire')))
  return { balance: member!.balance, expiries }
}

beforeAll(async () => {
  await seedDemoShop(db, seededAt)
})

describe('worker scheduled', () => {
  it('expires nothing before any lot is due', async () => {
    expect(await runCron(new Date(seededAt.getTime() + day))).toMatchObject({ expiredLots: 0, expiredPoints: 0 })
    expect(await customerState()).toEqual({ balance: 1700, expiries: [] })
  })

  it('runs the daily jobs (rank refresh) once a shop day, on the first run after 03:00 Asia/Tokyo', async () => {
    const before = new Date(seededAt.getTime() + 2 * day + 17 * 3_600_000 + 55 * 60_000) // 02:55 JST
    expect(await runCron(before)).not.toHaveProperty('rankChanges')
    expect(await runCron(new Date(before.getTime() + 5 * 60_000))).toHaveProperty('rankChanges')
    expect(await runCron(new Date(before.getTime() + 10 * 60_000))).not.toHaveProperty('rankChanges')
  })

  it('writes one expiry row per due lot and keeps the balance equal to the ledger, once', async () => {
    // The customer's 900 remaining points of lot seed:1 expire 20 days after the seed.
    const after = new Date(seededAt.getTime() + 21 * day)
    await runCron(after)
    await runCron(after)

    const { balance, expiries } = await customerState()
    expect(expiries).toHaveLength(1)
    expect(expiries[0]).toMatchObject({ points: -900, actor: 'system:expiry' })
    expect(balance).toBe(800)
    const ledger = await db
      .select()
      .from(schema.pointLedger)
      .where(eq(schema.pointLedger.memberId, demo.customerMemberId))
    expect(ledger.reduce((sum, row) => sum + row.points, 0)).toBe(balance)
  })

  it('expires more due lots than D1 binds parameters in one statement (100)', async () => {
    const memberId = demo.unlinkedMemberId
    const dueAt = new Date(seededAt.getTime() + 30 * day)
    const lots = Array.from({ length: 120 }, (_, i) => ({
      memberId,
      kind: 'earn' as const,
      points: 10,
      remaining: 10,
      expiresAt: new Date(dueAt.getTime() - 1000),
      actor: 'test',
      idempotencyKey: `test:many:${i}`,
    }))
    const [first, ...rest] = lots.map((lot) => db.insert(schema.pointLedger).values(lot))
    await db.batch([
      first!,
      ...rest,
      db
        .update(schema.members)
        .set({ balance: 500 + 1200 })
        .where(eq(schema.members.id, memberId)),
    ])

    await runCron(dueAt)

    const member = await db.query.members.findFirst({ where: eq(schema.members.id, memberId) })
    const expiries = await db
      .select()
      .from(schema.pointLedger)
      .where(and(eq(schema.pointLedger.memberId, memberId), eq(schema.pointLedger.kind, 'expire')))
    expect(expiries).toHaveLength(120)
    expect(member!.balance).toBe(500)
  })
})
