import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { auditLog, deliveries, domainEvents, pointLedger } from '../../../db/schema'
import { planRankMessages } from '../../../server/data/point-notice-planner'
import { defaultRankTiers } from '../../../server/domain/ranks'
import { testAppPerTest } from '../../support/test-app'
import { seededAdmin } from '../../support/staff'

const migration = readFileSync(
  new URL('../../../db/migrations/0029_rank_events_and_staff_actors.sql', import.meta.url),
  'utf8',
)
const statements = migration.split('--> statement-breakpoint')

describe('migration 0029_rank_events_and_staff_actors', () => {
  const t = testAppPerTest()
  let admin: string
  let adminId: number
  beforeEach(async () => {
    admin = await t.signIn('admin')
    adminId = (await seededAdmin(t.db)).id
  })

  /** Rows as they were written before the migration: an admin as `admin:N`, rank changes only in the audit log. */
  async function oldRows() {
    const at = new Date(t.clock.now.getTime() - 3_600_000)
    const [settingsSaved, planned, unplanned] = await t.db
      .insert(auditLog)
      .values([
        { actor: `admin:${adminId}`, action: 'settings.updated', target: 'settings:points', at },
        {
          actor: 'system:rank',
          action: 'rank.changed',
          target: 'member:1',
          detail: { from: 'silver', to: 'gold' },
          at,
        },
        {
          actor: 'system:rank',
          action: 'rank.changed',
          target: 'member:1',
          detail: { from: 'gold', to: 'silver' },
          at,
        },
      ])
      .returning()
    await t.db.insert(deliveries).values({
      dedupeKey: `rank:${planned!.id}`,
      kind: 'rank',
      lineUserId: 'U1000000000000000000000000000c001',
      messages: [{ type: 'text', text: 'sent before the migration' }],
      retryKey: 'old-retry-key',
      status: 'sent',
      nextAttemptAt: at,
      createdAt: at,
    })
    await t.db
      .run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, actor, idempotency_key, created_at)
      VALUES (1, 'adjust', 10, 10, ${t.clock.now.getTime() + 86_400_000}, ${`admin:${adminId}`}, 'old-adjust', ${at.getTime()})`)
    return { settingsSaved: settingsSaved!, planned: planned!, unplanned: unplanned! }
  }

  const migrate = async () => {
    for (const statement of statements) await t.db.run(sql.raw(statement))
  }

  it('lets the audit filter find an admin’s old and new actions under one actor', async () => {
    const { settingsSaved } = await oldRows()
    await migrate()
    const res = await t.app.request('/api/admin/members/1/adjust', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ points: 5, reason: 'after the migration', idempotencyKey: 'migration-0029' }),
    })
    expect(res.status).toBe(200)
    const list = await t.app.request(`/api/admin/audit?staffId=${adminId}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    const { entries } = (await list.json()) as {
      entries: { id: number; actor: string; action: string; actorRole: string }[]
    }
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['points.adjusted', 'settings.updated']))
    expect(entries.find((e) => e.id === settingsSaved.id)).toMatchObject({
      actor: `staff:${adminId}`,
      actorRole: 'admin',
    })
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([`staff:${adminId}`]))
    const exact = await t.app.request(`/api/admin/audit?actor=staff:${adminId}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(((await exact.json()) as { entries: unknown[] }).entries).toHaveLength(entries.length)
    const [oldAdjust] = await t.db.select().from(pointLedger).where(eq(pointLedger.idempotencyKey, 'old-adjust'))
    expect(oldAdjust!.actor).toBe(`staff:${adminId}`)
    const left = await t.db.all(sql`SELECT actor FROM audit_log WHERE actor LIKE 'admin:%'`)
    expect(left).toEqual([])
  })

  it('turns old rank changes into events under the same ids, so a message already planned is not sent again', async () => {
    const { planned, unplanned } = await oldRows()
    await migrate()
    const events = await t.db.select().from(domainEvents).orderBy(domainEvents.id)
    expect(events).toMatchObject([
      { id: planned.id, kind: 'rank.changed', memberId: 1, payload: { from: 'silver', to: 'gold' } },
      {
        id: unplanned.id,
        kind: 'rank.changed',
        memberId: 1,
        payload: { from: 'gold', to: 'silver' },
        consumedAt: null,
      },
    ])
    expect(events[0]!.consumedAt).not.toBeNull()
    const ctx = {
      quiet: null,
      timeZone: 'Asia/Tokyo',
      cardLink: 'https://liff.line.me/x',
      couponsLink: 'https://liff.line.me/x/coupons',
      ranks: defaultRankTiers,
    }
    expect(await planRankMessages(t.db, ctx, t.clock.now)).toBe(1)
    expect(await planRankMessages(t.db, ctx, t.clock.now)).toBe(0)
    const rankRows = await t.db
      .select()
      .from(deliveries)
      .where(sql`${deliveries.dedupeKey} LIKE 'rank:%'`)
    expect(rankRows.map((r) => r.dedupeKey).sort()).toEqual([`rank:${planned.id}`, `rank:${unplanned.id}`].sort())
  })
})
