import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { deliveries, pointLedger, type Staff } from '../../../db/schema'
import { addPoints } from '../../../server/data/ledger'
import { staffCashier } from '../../../server/data/cashier'
import { reverseTransaction } from '../../../server/usecases/reverse'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { testAppPerSuite } from '../../support/test-app'
import { addStaff, seededAdmin } from '../../support/staff'
import { auditsWithDetail, memberBalance } from '../../support/ledger-reads'

describe('reverseTransaction', () => {
  const t = testAppPerSuite()
  let admin: Staff
  let otherManager: Staff
  const key = () => `k-${crypto.randomUUID()}`
  beforeAll(async () => {
    admin = await seededAdmin(t.db)
    otherManager = await addStaff(t.db, 'manager', 2, '店長 2')
  })

  const earn = async (points = 100) =>
    (
      await addPoints(
        t.db,
        {
          memberId: 1,
          idempotencyKey: key(),
          actor: `staff:${admin.id}`,
          storeId: 1,
          points,
          expiresAt: new Date(t.clock.now.getTime() + 365 * 86_400_000),
        },
        t.clock.now,
      )
    ).entry
  const balance = () => memberBalance(t.db, 1)
  const auditsOf = (entryId: number) => auditsWithDetail(t.db, 'checkout.reverse', '$.reverses', entryId)

  it('writes the reversal with its audit entry, amounts and receipt, and a replay writes nothing more', async () => {
    const earned = await earn()
    const before = await balance()
    const input = { entryId: earned.id, cashier: staffCashier(admin), reason: 'ご返品', idempotencyKey: key() }
    const first = await reverseTransaction(t.deps, input)
    expect(first).toMatchObject({ ok: true, replayed: false, entry: { kind: 'reverse', points: -100 } })
    expect(first.ok && first.member.balance).toBe(before - 100)
    const [audit] = await auditsOf(earned.id)
    expect(audit!.detail).toMatchObject({
      entryId: first.ok && first.entry.id,
      points: -100,
      balance: before - 100,
      reason: 'ご返品',
      settlement: { earned: 100, takenBack: 100, shortfall: 0, shortfallYen: 0, expired: 0 },
    })
    const receipt =
      first.ok &&
      (await t.db.query.deliveries.findFirst({ where: eq(deliveries.dedupeKey, `receipt:${first.entry.id}`) }))
    expect(receipt).toBeTruthy()
    expect(await reverseTransaction(t.deps, input)).toMatchObject({ ok: true, replayed: true })
    expect(await auditsOf(earned.id)).toHaveLength(1)
  })

  it('writes nothing when the batch fails after the ledger steps, and its retry writes the reversal with one audit entry', async () => {
    const earned = await earn()
    const before = await balance()
    const input = { entryId: earned.id, cashier: staffCashier(admin), reason: '打ち間違い', idempotencyKey: key() }
    await t.db.run(sql`CREATE TRIGGER fail_reverse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'checkout.reverse'
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
    try {
      await expect(reverseTransaction(t.deps, input)).rejects.toThrow()
    } finally {
      await t.db.run(sql`DROP TRIGGER fail_reverse_audit`)
    }
    expect(await t.db.$count(pointLedger, eq(pointLedger.reversesId, earned.id))).toBe(0)
    expect(await balance()).toBe(before)
    expect(await auditsOf(earned.id)).toHaveLength(0)

    const retried = await reverseTransaction(t.deps, input)
    expect(retried).toMatchObject({ ok: true, replayed: false })
    expect(await reverseTransaction(t.deps, input)).toMatchObject({ ok: true, replayed: true })
    expect(await auditsOf(earned.id)).toHaveLength(1)
    expect(await balance()).toBe(before - 100)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('refuses an unknown entry, another store and a reversal as typed values, writing nothing', async () => {
    const earned = await earn()
    const reversal = await reverseTransaction(t.deps, {
      entryId: earned.id,
      cashier: staffCashier(admin),
      reason: 'x',
      idempotencyKey: key(),
    })
    const entries = await t.db.$count(pointLedger)
    expect(
      await reverseTransaction(t.deps, {
        entryId: 999_999,
        cashier: staffCashier(admin),
        reason: 'x',
        idempotencyKey: key(),
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'entry_not_found',
    })
    expect(
      await reverseTransaction(t.deps, {
        entryId: earned.id,
        cashier: staffCashier(otherManager),
        reason: 'x',
        idempotencyKey: key(),
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'other_store',
    })
    const reversalId = reversal.ok ? reversal.entry.id : 0
    expect(
      await reverseTransaction(t.deps, {
        entryId: reversalId,
        cashier: staffCashier(admin),
        reason: 'x',
        idempotencyKey: key(),
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'not_reversible',
    })
    expect(await t.db.$count(pointLedger)).toBe(entries)
  })
})
