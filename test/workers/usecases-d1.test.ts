// The points use cases inside workerd on D1: one batch each, so an injected failure writes nothing and a retry writes
// the ledger entry with exactly one audit entry.
import { env } from 'cloudflare:workers'
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog, domainEvents, members, pointLedger, type Staff } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { addPoints } from '../../server/data/ledger'
import { refreshMemberRank } from '../../server/data/ranks'
import { defaultRankTiers } from '../../server/domain/ranks'
import { adjustPoints } from '../../server/usecases/adjust'
import { staffCashier } from '../../server/data/cashier'
import { reverseTransaction } from '../../server/usecases/reverse'
import { useCaseContext } from './use-case-context'
import { seededAdmin } from '../support/staff'
import { memberBalance } from '../support/ledger-reads'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
const clock = () => now
const ctx = useCaseContext(db, clock)
const memberId = demo.customerMemberId
let admin: Staff

const balance = () => memberBalance(db, memberId)
const audits = (action: string) =>
  db.$count(auditLog, and(eq(auditLog.action, action), eq(auditLog.target, `member:${memberId}`)))
/** Makes every insert of `action` into the audit log fail while `run` runs. */
async function failingAudit(action: string, run: () => Promise<unknown>) {
  // A trigger's body takes no bound parameters: the action (a constant of this file) is inlined.
  await db.run(sql`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = ${sql.raw(`'${action}'`)}
    BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
  try {
    await expect(run()).rejects.toThrow()
  } finally {
    await db.run(sql`DROP TRIGGER fail_audit`)
  }
}

beforeAll(async () => {
  await seedDemoShop(db, now)
  admin = await seededAdmin(db)
})

describe('points use cases on D1', () => {
  it('adjusts in one batch: a failure at the audit entry writes nothing, and the retry writes both once', async () => {
    const start = await balance()
    const input = { memberId, points: 120, reason: '訂正', idempotencyKey: 'd1-adjust-1', admin }
    await failingAudit('points.adjusted', () => adjustPoints(ctx, input))
    expect(await balance()).toBe(start)
    expect(await audits('points.adjusted')).toBe(0)
    expect(await adjustPoints(ctx, input)).toMatchObject({ ok: true, replayed: false, balance: start + 120 })
    expect(await adjustPoints(ctx, input)).toMatchObject({ ok: true, replayed: true })
    expect(await audits('points.adjusted')).toBe(1)
  })

  it('reverses in one batch: a failure at the audit entry writes nothing, and the retry writes both once', async () => {
    const lot = { memberId, idempotencyKey: 'd1-earn-1', actor: `staff:${admin.id}`, storeId: 1, points: 100 }
    const earned = await addPoints(db, { ...lot, expiresAt: new Date(now.getTime() + 365 * 86_400_000) }, now)
    const input = {
      entryId: earned.entry.id,
      cashier: staffCashier(admin),
      reason: 'ご返品',
      idempotencyKey: 'd1-reverse-1',
    }
    await failingAudit('checkout.reverse', () => reverseTransaction(ctx, input))
    expect(await db.$count(pointLedger, eq(pointLedger.reversesId, earned.entry.id))).toBe(0)
    expect(await balance()).toBe(earned.balance)
    expect(await reverseTransaction(ctx, input)).toMatchObject({ ok: true, replayed: false, entry: { points: -100 } })
    expect(await reverseTransaction(ctx, input)).toMatchObject({ ok: true, replayed: true })
    expect(await audits('checkout.reverse')).toBe(1)
    expect(await balance()).toBe(earned.balance - 100)
  })

  it('refreshes a rank in one batch whose domain event copies the audit entry written just before it, once', async () => {
    const events = () =>
      db
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.kind, 'rank.changed'), eq(domainEvents.memberId, memberId)))
    const before = (await events()).length
    const lot = {
      memberId,
      idempotencyKey: 'd1-rank-1',
      actor: `staff:${admin.id}`,
      points: 1,
      purchaseAmount: 500_000,
    }
    await addPoints(db, { ...lot, expiresAt: new Date(now.getTime() + 365 * 86_400_000) }, now)
    await db.update(members).set({ rank: defaultRankTiers[0]!.key }).where(eq(members.id, memberId))
    const change = await refreshMemberRank(db, memberId, defaultRankTiers, now)
    expect(change).toEqual({ from: defaultRankTiers[0]!.key, to: defaultRankTiers.at(-1)!.key })
    expect((await events()).slice(before)).toMatchObject([{ payload: change }])
    expect(await refreshMemberRank(db, memberId, defaultRankTiers, now)).toBeNull()
    expect(await events()).toHaveLength(before + 1)
  })
})
