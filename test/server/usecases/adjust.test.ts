import { like, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { pointLedger, type Staff } from '../../../db/schema'
import { adjustPoints } from '../../../server/usecases/adjust'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { testAppPerSuite } from '../../support/test-app'
import { addStaff, seededAdmin } from '../../support/staff'
import { auditsWithDetail, memberBalance } from '../../support/ledger-reads'

describe('adjustPoints', () => {
  const t = testAppPerSuite()
  let admin: Staff
  let secondAdmin: Staff
  const key = () => `adjust-${crypto.randomUUID()}`
  beforeAll(async () => {
    admin = await seededAdmin(t.db)
    secondAdmin = await addStaff(t.db, 'admin', null, '管理者 2')
  })

  const balance = () => memberBalance(t.db, 2)
  const auditsOf = (entryId: number) => auditsWithDetail(t.db, 'points.adjusted', '$.entryId', entryId)

  it('writes the adjustment and its audit entry with the entry id and balance, once per key', async () => {
    const before = await balance()
    const input = { memberId: 2, points: 250, reason: '誕生日ボーナス', idempotencyKey: key(), admin }
    const first = await adjustPoints(t.deps, input)
    expect(first).toMatchObject({
      ok: true,
      replayed: false,
      balance: before + 250,
      entry: { kind: 'adjust', points: 250 },
    })
    const entryId = first.ok ? first.entry.id : 0
    const [audit] = await auditsOf(entryId)
    expect(audit).toMatchObject({
      actor: `staff:${admin.id}`,
      target: 'member:2',
      detail: { points: 250, reason: '誕生日ボーナス', entryId, balance: before + 250 },
    })
    expect(await adjustPoints(t.deps, input)).toMatchObject({ ok: true, replayed: true, entry: { id: entryId } })
    expect(await auditsOf(entryId)).toHaveLength(1)
  })

  it('keeps two admins’ adjustments apart when their consoles send the same key', async () => {
    const shared = key()
    const mine = await adjustPoints(t.deps, { memberId: 2, points: 10, reason: 'a', idempotencyKey: shared, admin })
    const theirs = await adjustPoints(t.deps, {
      memberId: 2,
      points: 10,
      reason: 'a',
      idempotencyKey: shared,
      admin: secondAdmin,
    })
    expect(mine).toMatchObject({ ok: true, replayed: false })
    expect(theirs).toMatchObject({ ok: true, replayed: false })
    expect(await t.db.$count(pointLedger, like(pointLedger.idempotencyKey, `%:${shared}`))).toBe(2)
  })

  it.each([300, -100])(
    'writes nothing when the batch fails at its audit entry (%i pt), and its retry writes both once',
    async (points) => {
      const before = await balance()
      const input = { memberId: 2, points, reason: '訂正', idempotencyKey: key(), admin }
      await t.db.run(sql`CREATE TRIGGER fail_adjust_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'points.adjusted'
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
      try {
        await expect(adjustPoints(t.deps, input)).rejects.toThrow()
      } finally {
        await t.db.run(sql`DROP TRIGGER fail_adjust_audit`)
      }
      expect(await t.db.$count(pointLedger, like(pointLedger.idempotencyKey, `%:${input.idempotencyKey}`))).toBe(0)
      expect(await balance()).toBe(before)

      const retried = await adjustPoints(t.deps, input)
      expect(retried).toMatchObject({ ok: true, replayed: false, balance: before + points })
      expect(await adjustPoints(t.deps, input)).toMatchObject({ ok: true, replayed: true })
      expect(await auditsOf(retried.ok ? retried.entry.id : 0)).toHaveLength(1)
      expect(await ledgerViolations(t.db)).toEqual(noViolations)
    },
  )
})
