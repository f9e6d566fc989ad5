import fc from 'fast-check'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { restoreMigrated } from '../../support/migrated-template'
import { members, pointLedger } from '../../../db/schema'
import { seedDemoShop } from '../../../db/seed'
import { addPoints, reverseEntry, spendPoints } from '../../../server/data/ledger'
import { expireDueLots } from '../../../server/data/point-expiry'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'

const day = 86_400_000

/** A plain in-memory model of what the ledger must do. */
interface ModelLot {
  id: number
  points: number
  remaining: number
  expiresAt: number
}
interface ModelEntry {
  id: number
  memberId: number
  points: number
  taken: Map<number, number>
  reversed: boolean
}

class Model {
  lots = new Map<number, ModelLot[]>()
  entries = new Map<number, ModelEntry>()
  /** What earn reversals took from lots (never given back). */
  reversalTakes: Map<number, number>[] = []
  /** Points spent from a lot by entries that still stand. */
  used(lotId: number) {
    const takes = [...[...this.entries.values()].filter((e) => !e.reversed).map((e) => e.taken), ...this.reversalTakes]
    return takes.reduce((s, t) => s + (t.get(lotId) ?? 0), 0)
  }
  spendable(memberId: number, now: number) {
    return (this.lots.get(memberId) ?? []).filter((l) => l.remaining > 0 && l.expiresAt > now)
  }
  balance(memberId: number) {
    return (this.lots.get(memberId) ?? []).reduce((s, l) => s + l.remaining, 0)
  }
}

type Op =
  | { kind: 'earn'; member: number; points: number; days: number }
  | { kind: 'redeem'; member: number; points: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'advance'; days: number }
  | { kind: 'expire' }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('earn' as const), member: fc.integer({ min: 1, max: 2 }), points: fc.integer({ min: 1, max: 300 }), days: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('redeem' as const), member: fc.integer({ min: 1, max: 2 }), points: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 40 }) }),
  fc.constant({ kind: 'expire' as const }),
)

async function freshDatabase(now: Date) {
  const database = openLibsql(':memory:')
  await restoreMigrated(database.db)
  await seedDemoShop(database.db, now)
  return database
}

describe('points ledger against a reference model', () => {
  it('keeps balance = SUM(ledger) >= 0, spends earliest expiry first, expires once and answers each write with the balance after it, for any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        let now = new Date('2026-11-23T03:00:00Z').getTime()
        const { db, close } = await freshDatabase(new Date(now))
        const model = new Model()
        for (const row of await db.select().from(pointLedger)) {
          if (row.remaining !== null) {
            const list = model.lots.get(row.memberId) ?? []
            list.push({ id: row.id, points: row.points, remaining: row.remaining, expiresAt: row.expiresAt!.getTime() })
            model.lots.set(row.memberId, list)
          }
        }
        try {
          let n = 0
          for (const o of ops) {
            const key = `p-${n++}`
            if (o.kind === 'advance') now += o.days * day
            else if (o.kind === 'expire') {
              await expireDueLots(db, new Date(now))
              for (const list of model.lots.values()) for (const l of list) if (l.expiresAt <= now) l.remaining = 0
            } else if (o.kind === 'earn') {
              const out = await addPoints(db, { memberId: o.member, idempotencyKey: key, actor: 't', points: o.points, expiresAt: new Date(now + o.days * day) }, new Date(now))
              const lots = model.lots.get(o.member) ?? []
              lots.push({ id: out.entry.id, points: o.points, remaining: o.points, expiresAt: now + o.days * day })
              model.lots.set(o.member, lots)
              model.entries.set(out.entry.id, { id: out.entry.id, memberId: o.member, points: o.points, taken: new Map(), reversed: false })
              expect(out.balance).toBe(model.balance(o.member))
            } else if (o.kind === 'redeem') {
              const lots = model.spendable(o.member, now).sort((a, b) => a.expiresAt - b.expiresAt || a.id - b.id)
              const available = lots.reduce((s, l) => s + l.remaining, 0)
              const result = await spendPoints(db, { memberId: o.member, idempotencyKey: key, actor: 't', points: o.points }, new Date(now)).catch((e) => e)
              if (available < o.points) {
                expect(result.code).toBe('insufficient_points')
                continue
              }
              const taken = new Map<number, number>()
              let left = o.points
              for (const l of lots) {
                const take = Math.min(l.remaining, left)
                if (take === 0) break
                l.remaining -= take
                left -= take
                taken.set(l.id, take)
              }
              model.entries.set(result.entry.id, { id: result.entry.id, memberId: o.member, points: -o.points, taken, reversed: false })
              expect(result.balance).toBe(model.balance(o.member))
            } else {
              const ids = [...model.entries.keys()]
              if (ids.length === 0) continue
              const entry = model.entries.get(ids[o.pick % ids.length]!)!
              const lot = (model.lots.get(entry.memberId) ?? []).find((l) => l.id === entry.id)
              const result = await reverseEntry(db, { entryId: entry.id, idempotencyKey: key, actor: 't' }, new Date(now)).catch((e) => e)
              if (entry.reversed) {
                expect(result.code).toBe('already_reversed')
                continue
              }
              expect(result.replayed).toBe(false)
              if (entry.points > 0) {
                const left = lot!.remaining
                const owed = Math.min(entry.points, left + model.used(lot!.id))
                const taken = new Map([[lot!.id, left]])
                let rest = owed - left
                const others = model.spendable(entry.memberId, now).filter((l) => l.id !== lot!.id)
                for (const l of others.sort((a, b) => a.expiresAt - b.expiresAt || a.id - b.id)) {
                  const take = Math.min(l.remaining, rest)
                  if (take === 0) break
                  l.remaining -= take
                  rest -= take
                  taken.set(l.id, take)
                }
                lot!.remaining = 0
                model.reversalTakes.push(taken)
                expect(result.entry.points).toBe(rest - owed)
                expect(result.entry.shortfall).toBe(rest)
              } else for (const [lotId, pts] of entry.taken) model.lots.get(entry.memberId)!.find((l) => l.id === lotId)!.remaining += pts
              entry.reversed = true
              expect(result.balance).toBe(model.balance(entry.memberId))
            }
          }
          expect(await ledgerViolations(db)).toEqual(noViolations)
          for (const memberId of [1, 2]) {
            const member = await db.query.members.findFirst({ where: eq(members.id, memberId) })
            expect(member!.balance).toBe(model.balance(memberId))
            const rows = await db.select({ id: pointLedger.id, remaining: pointLedger.remaining }).from(pointLedger).where(eq(pointLedger.memberId, memberId))
            const actual = Object.fromEntries(rows.filter((r) => r.remaining !== null).map((r) => [r.id, r.remaining]))
            expect(actual).toEqual(Object.fromEntries((model.lots.get(memberId) ?? []).map((l) => [l.id, l.remaining])))
          }
        } finally {
          close()
        }
      }),
      { numRuns: 60 },
    )
  }, 120_000)
})
