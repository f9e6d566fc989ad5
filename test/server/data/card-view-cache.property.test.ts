import fc from 'fast-check'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { restoreMigrated } from '../../support/migrated-template'
import { lineAccounts, pointLedger, reservations } from '../../../db/schema'
import { seedDemoShop } from '../../../db/seed'
import { loadCardView, type CardView } from '../../../server/data/card-view'
import { createCardViewCache } from '../../../server/data/card-view-cache'
import { addPoints, reverseEntry, spendPoints } from '../../../server/data/ledger'
import { expireDueLots } from '../../../server/data/point-expiry'

const minute = 60_000
const day = 1440 * minute

type Op =
  | { kind: 'earn'; member: number; points: number; minutes: number }
  | { kind: 'redeem'; member: number; points: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'expire' }
  | { kind: 'book'; member: number; minutes: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'advance'; minutes: number }
  | { kind: 'read'; member: number }

const member = fc.integer({ min: 1, max: 2 })
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('earn' as const), member, points: fc.integer({ min: 1, max: 300 }), minutes: fc.integer({ min: 1, max: 45 * 1440 }) }),
  fc.record({ kind: fc.constant('redeem' as const), member, points: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.constant({ kind: 'expire' as const }),
  fc.record({ kind: fc.constant('book' as const), member, minutes: fc.integer({ min: 1, max: 3 * 1440 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  // Clock moves without writes are where a cache goes wrong, so they come often: from a minute to 40 days (small
  // steps cross a reservation's start, large ones a lot's expiry or the 30-day window's edge).
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 40 * 1440 })) }),
    weight: 5,
  },
  fc.record({ kind: fc.constant('read' as const), member }),
)

describe('card view cache', () => {
  it('answers exactly what the database answers, after any sequence of writes and clock moves', async () => {
    let hits = 0
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        let now = new Date('2026-11-23T03:00:00Z').getTime()
        const { db, close, dataStamp } = openLibsql(':memory:')
        await restoreMigrated(db)
        await seedDemoShop(db, new Date(now))
        // Both demo members get a LINE account, so either card can be read.
        await db.insert(lineAccounts).values({ lineUserId: 'U-second', memberId: 2 }).onConflictDoNothing()
        const users = new Map((await db.select().from(lineAccounts)).filter((a) => a.memberId).map((a) => [a.memberId!, a.lineUserId]))
        const cache = createCardViewCache(dataStamp!)
        const compare = async (memberId: number) => {
          const lineUserId = users.get(memberId)!
          const at = new Date(now)
          let loads = 0
          const cached = await cache.read(lineUserId, at, () => {
            loads++
            return loadCardView(db, lineUserId, at)
          })
          if (loads === 0) hits++
          const direct: CardView | undefined = await loadCardView(db, lineUserId, at)
          expect(cached).toEqual(direct)
        }
        try {
          let n = 0
          for (const o of ops) {
            const key = `p-${n++}`
            const at = new Date(now)
            if (o.kind === 'earn') {
              await addPoints(db, { memberId: o.member, idempotencyKey: key, actor: 't', points: o.points, expiresAt: new Date(now + o.minutes * minute) }, at)
            } else if (o.kind === 'redeem') {
              await spendPoints(db, { memberId: o.member, idempotencyKey: key, actor: 't', points: o.points }, at).catch(() => undefined)
            } else if (o.kind === 'reverse') {
              const entries = await db.select({ id: pointLedger.id }).from(pointLedger)
              const entry = entries[o.pick % entries.length]!
              await reverseEntry(db, { entryId: entry.id, idempotencyKey: key, actor: 't' }, at).catch(() => undefined)
            } else if (o.kind === 'expire') {
              await expireDueLots(db, at)
            } else if (o.kind === 'book') {
              await db.insert(reservations).values({ memberId: o.member, storeId: 1, startsAt: new Date(now + o.minutes * minute), partySize: 2 })
            } else if (o.kind === 'cancel') {
              const booked = await db.select({ id: reservations.id }).from(reservations)
              if (booked.length > 0)
                await db.update(reservations).set({ status: 'cancelled' }).where(eq(reservations.id, booked[o.pick % booked.length]!.id))
            } else if (o.kind === 'advance') {
              now += o.minutes * minute
            }
            // Every step, both cards: a cached one must equal a fresh read.
            await compare(1)
            await compare(2)
          }
        } finally {
          close()
        }
      }),
      { numRuns: 100 },
    )
    // The property is only worth something if the cache served: most reads follow a read with no write between.
    expect(hits).toBeGreaterThan(100)
  })
})

describe('card view cache, by example', () => {
  const view = (unchangedUntil: number) => ({ memberId: 1, unchangedUntil }) as CardView

  it('serves under the same stamp until unchangedUntil, and never for an earlier time than it read at', async () => {
    let stamp = 'a'
    let loads = 0
    const cache = createCardViewCache(() => stamp)
    const read = (at: number, until = 1_000) =>
      cache.read('U1', new Date(at), async () => {
        loads++
        return view(until)
      })
    await read(100)
    await read(500)
    await read(999)
    expect(loads).toBe(1)
    await read(1_000, 5_000) // the clock reached unchangedUntil
    expect(loads).toBe(2)
    await read(900, 5_000) // a clock set back: read again
    expect(loads).toBe(3)
    stamp = 'b' // a write
    await read(901, 5_000)
    expect(loads).toBe(4)
  })

  it('keeps no answer for an unlinked user, and drops the least recently used past its size', async () => {
    let loads = 0
    const cache = createCardViewCache(() => 's', 2)
    const read = (user: string, answer?: CardView) =>
      cache.read(user, new Date(0), async () => {
        loads++
        return answer
      })
    await read('nobody')
    await read('nobody')
    expect(loads).toBe(2)
    await read('U1', view(day))
    await read('U2', view(day))
    await read('U1', view(day)) // U1 is now the most recently used
    await read('U3', view(day)) // drops U2
    expect(loads).toBe(5)
    await read('U1', view(day))
    expect(loads).toBe(5)
    await read('U2', view(day))
    expect(loads).toBe(6)
  })
})
