import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardScans, ledgerAllocations, lineAccounts, members, pointLedger } from '../../../db/schema'
import { addPoints, reverseEntry, spendPoints } from '../../../server/data/ledger'
import { expireDueLots } from '../../../server/data/point-expiry'
import { ApiError } from '../../../server/errors'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { createTestApp, type TestApp } from '../../support/test-app'
import { memberBalance } from '../../support/ledger-reads'

const day = 86_400_000

describe('points ledger', () => {
  let t: TestApp
  beforeEach(async () => void (t = await createTestApp()))
  afterEach(async () => {
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
    await t.close()
  })

  const now = () => t.clock.now
  const inDays = (d: number) => new Date(now().getTime() + d * day)
  const balance = (id = 2) => memberBalance(t.db, id)
  const earn = (key: string, points: number, expiresInDays = 365, extra = {}) =>
    addPoints(t.db, { memberId: 2, idempotencyKey: key, actor: 'staff:1', points, expiresAt: inDays(expiresInDays), ...extra }, now())
  const redeem = (key: string, points: number, extra = {}) =>
    spendPoints(t.db, { memberId: 2, idempotencyKey: key, actor: 'staff:1', points, ...extra }, now())
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: ApiError) => e.code)

  it('adds an earn lot and applies a repeated key only once', async () => {
    const first = await earn('k1', 120)
    expect(first).toMatchObject({ balance: 620, replayed: false, entry: { kind: 'earn', points: 120, remaining: 120 } })
    const again = await earn('k1', 120)
    expect(again).toMatchObject({ balance: 620, replayed: true, entry: { id: first.entry.id } })
    expect(await codeOf(earn('k1', 999))).toBe('idempotency_key_reused')
  })

  it('writes exactly one row when the same key arrives 50 times at once', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => earn('burst', 10)))
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    expect(await t.db.select().from(pointLedger).where(eq(pointLedger.idempotencyKey, 'burst'))).toHaveLength(1)
    expect(await balance()).toBe(510)
  })

  it('spends the lots that expire first, recording where the points came from', async () => {
    const late = await earn('late', 100, 300)
    const soon = await earn('soon', 100, 10)
    const out = await redeem('r1', 650)
    expect(out.balance).toBe(50)
    const allocations = await t.db.select().from(ledgerAllocations).where(eq(ledgerAllocations.entryId, out.entry.id))
    // Seed lot of 500 expires in 200 days: order is soon (10 d), seed (200 d), late (300 d).
    const taken = Object.fromEntries(allocations.map((a) => [a.lotId, a.points]))
    expect(taken).toEqual({ [soon.entry.id]: 100, 4: 500, [late.entry.id]: 50 })
  })

  it('never overdraws, however many redemptions race', async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => redeem(`race-${i}`, 70)))
    const ok = results.filter((r) => r.status === 'fulfilled')
    expect(ok).toHaveLength(7)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(13).fill('insufficient_points'))
    expect(await balance()).toBe(10)
  })

  it('does not let points past their expiry be spent', async () => {
    t.clock.advance(201 * day)
    expect(await codeOf(redeem('late', 1))).toBe('insufficient_points')
  })

  // Member 1 is the linked demo customer (linked 120 days ago); member 2 is unlinked.
  const card = (tokenId: string, issuedAtMs = now().getTime()) => ({ card: { tokenId, issuedAt: Math.floor(issuedAtMs / 1000) } })
  const earnFor1 = (key: string, extra = {}) =>
    addPoints(t.db, { memberId: 1, idempotencyKey: key, actor: 'staff:1', points: 10, expiresAt: inDays(365), ...extra }, now())

  it('accepts a card token for one transaction only', async () => {
    const before = await balance(1)
    await earnFor1('c1', card('tok-1'))
    expect(await codeOf(earnFor1('c2', card('tok-1')))).toBe('card_used')
    expect(await codeOf(spendPoints(t.db, { memberId: 1, idempotencyKey: 'c3', actor: 'staff:1', points: 10, ...card('tok-1') }, now()))).toBe('card_used')
    expect(await balance(1)).toBe(before + 10)
  })

  it('refuses a card token once the member is unlinked, or when it predates the current link', async () => {
    expect(await codeOf(earn('u1', 10, 365, card('tok-u1')))).toBe('card_revoked')
    const issued = now().getTime()
    t.clock.advance(2_000)
    await t.db.update(lineAccounts).set({ linkedAt: now() }).where(eq(lineAccounts.memberId, 1))
    expect(await codeOf(earnFor1('u2', card('tok-u2', issued)))).toBe('card_revoked')
    expect(await codeOf(earnFor1('u3', card('tok-u3')))).toBe('ok')
    await t.db.update(lineAccounts).set({ memberId: null, linkedAt: null }).where(eq(lineAccounts.memberId, 1))
    expect(await codeOf(earnFor1('u4', card('tok-u4')))).toBe('card_revoked')
    expect(await t.db.select().from(cardScans)).toHaveLength(1)
  })

  it('states the balance right after each entry, however many writes race', async () => {
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => redeem(`rb-${i}`, 50)),
      ...Array.from({ length: 6 }, (_, i) => earn(`eb-${i}`, 7)),
    ])
    const byId = [...results].sort((a, b) => a.entry.id - b.entry.id)
    let running = 500
    for (const r of byId) {
      running += r.entry.points
      expect(r.balance).toBe(running)
      expect(r.entry.balanceAfter).toBe(running)
    }
    expect(new Set(results.map((r) => r.balance)).size).toBe(12)
    expect(await balance()).toBe(running)
  })

  it('answers 409 when a key is reused for another member, amount, store or target, and replays the same content', async () => {
    const first = await earn('same', 10, 365, { storeId: 1, purchaseAmount: 1000 })
    expect(await earn('same', 10, 365, { storeId: 1, purchaseAmount: 1000 })).toMatchObject({ replayed: true, entry: { id: first.entry.id }, balance: 510 })
    expect(await codeOf(earnFor1('same', { storeId: 1, purchaseAmount: 1000 }))).toBe('idempotency_key_reused')
    expect(await codeOf(earn('same', 10, 365, { storeId: null, purchaseAmount: 1000 }))).toBe('idempotency_key_reused')
    expect(await codeOf(earn('same', 10, 365, { storeId: 1, purchaseAmount: 1100 }))).toBe('idempotency_key_reused')
    expect(await codeOf(redeem('same', 10, { storeId: 1 }))).toBe('idempotency_key_reused')
    const a = await earn('ra', 5)
    const b = await earn('rb', 5)
    await reverseEntry(t.db, { entryId: a.entry.id, idempotencyKey: 'rev', actor: 'staff:2' }, now())
    expect(await codeOf(reverseEntry(t.db, { entryId: b.entry.id, idempotencyKey: 'rev', actor: 'staff:2' }, now()))).toBe('idempotency_key_reused')
  })

  it('reverses an unspent earn once, in full, with no shortfall', async () => {
    const e = await earn('e1', 200, 5)
    const r = await reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rev-e1', actor: 'staff:2', note: '打ち間違い' }, now())
    expect(r).toMatchObject({ balance: 500, entry: { kind: 'reverse', points: -200, reversesId: e.entry.id, shortfall: 0 } })
    expect(await codeOf(reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rev-e1b', actor: 'staff:2' }, now()))).toBe('already_reversed')
  })

  it('takes the used part of a reversed earn from the other lots when they hold enough', async () => {
    const spent = await earn('e2', 100, 5)
    await redeem('use', 50)
    const r = await reverseEntry(t.db, { entryId: spent.entry.id, idempotencyKey: 'rev-e2', actor: 'staff:2' }, now())
    expect(r).toMatchObject({ balance: 450, entry: { points: -100, balanceAfter: 450, shortfall: 0 } })
  })

  it('takes back what is left after a partial use and records the rest as the shortfall (earn 100, redeem 80 of it)', async () => {
    const e = await earn('e3', 100, 5)
    await redeem('all-but-20', 580)
    const r = await reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rev-e3', actor: 'staff:2' }, now())
    expect(r).toMatchObject({ balance: 0, replayed: false, entry: { points: -20, balanceAfter: 0, shortfall: 80 } })
    const again = await reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rev-e3', actor: 'staff:2' }, now())
    expect(again).toMatchObject({ replayed: true, entry: { id: r.entry.id, points: -20, shortfall: 80 } })
  })

  it('does not take back points of an earn that expired unused, only those that were used', async () => {
    const e = await earn('e4', 100, 5)
    await redeem('part', 30)
    t.clock.advance(6 * day)
    await expireDueLots(t.db, now())
    expect(await balance()).toBe(500)
    const r = await reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rev-e4', actor: 'staff:2' }, now())
    expect(r).toMatchObject({ balance: 470, entry: { points: -30, shortfall: 0 } })
  })

  it('reverses an earn once when two reversals with different keys arrive together', async () => {
    const e = await earn('e5', 100, 5)
    await redeem('most', 590)
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((k) => reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: `rev-e5-${k}`, actor: 'staff:2' }, now())),
    )
    const done = results.filter((x) => x.status === 'fulfilled')
    expect(done).toHaveLength(1)
    expect(results.filter((x) => x.status === 'rejected').map((x) => (x as PromiseRejectedResult).reason.code)).toEqual(['already_reversed', 'already_reversed'])
    expect(await balance()).toBe(0)
  })

  it('holds at most one reversal of an entry in the table itself, while entries that reverse nothing are many', async () => {
    const e = await earn('e6', 100)
    await reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rev-e6', actor: 'staff:2' }, now())
    const second = t.db.insert(pointLedger).values({ memberId: 2, kind: 'reverse', points: 0, actor: 'staff:2', reversesId: e.entry.id, idempotencyKey: 'rev-e6-again' })
    const refused = await second.then(
      () => null,
      (e: Error) => e,
    )
    expect(String(refused?.cause)).toMatch(/UNIQUE constraint failed: point_ledger\.reverses_id/)
    const rows = await t.db.select().from(pointLedger).where(eq(pointLedger.memberId, 2))
    expect(rows.filter((r) => r.reversesId === null).length).toBeGreaterThan(1)
    expect(rows.filter((r) => r.reversesId === e.entry.id)).toHaveLength(1)
  })

  it('sets the last visit with the balance of a visit (a checkout), not on a replay of its key nor for other writes', async () => {
    const lastVisit = async () => (await t.db.query.members.findFirst({ where: eq(members.id, 2) }))!.lastVisitAt
    const before = await lastVisit()
    await earn('online', 10)
    expect(await lastVisit()).toEqual(before)
    await earn('visit', 10, 365, { visit: true })
    expect(await lastVisit()).toEqual(now())
    t.clock.advance(60_000)
    const replay = await earn('visit', 10, 365, { visit: true })
    expect(replay.replayed).toBe(true)
    expect(await lastVisit()).toEqual(new Date(now().getTime() - 60_000))
    await redeem('spend', 5, { visit: true })
    expect(await lastVisit()).toEqual(now())
    expect(await balance()).toBe(515)
  })

  it('gives a reversed redemption back to the lots it came from', async () => {
    const soon = await earn('soon', 100, 10)
    const out = await redeem('r', 150)
    await reverseEntry(t.db, { entryId: out.entry.id, idempotencyKey: 'rev-r', actor: 'staff:2' }, now())
    expect(await balance()).toBe(600)
    const lot = await t.db.query.pointLedger.findFirst({ where: eq(pointLedger.id, soon.entry.id) })
    expect(lot!.remaining).toBe(100)
  })

  it('refuses writes for unknown or deleted members and expire or reverse entries', async () => {
    expect(await codeOf(addPoints(t.db, { memberId: 999, idempotencyKey: 'x', actor: 'a', points: 1, expiresAt: inDays(1) }, now()))).toBe('member_not_found')
    expect(await codeOf(reverseEntry(t.db, { entryId: 999, idempotencyKey: 'y', actor: 'a' }, now()))).toBe('entry_not_found')
    const e = await earn('z', 10)
    const r = await reverseEntry(t.db, { entryId: e.entry.id, idempotencyKey: 'rz', actor: 'a' }, now())
    expect(await codeOf(reverseEntry(t.db, { entryId: r.entry.id, idempotencyKey: 'rrz', actor: 'a' }, now()))).toBe('not_reversible')
  })
})
