import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { restoreMigrated } from '../../support/migrated-template'
import { countSegment, recipientsPage } from '../../../server/data/segments'
import { reachableLineStatuses, type Segment } from '../../../server/domain/segment'

const day = 86_400_000
const now = new Date('2026-11-23T03:00:00Z')
const ranks = ['regular', 'silver', 'gold']
const prefectures = ['東京都', '大阪府', '北海道']
const lineStatuses = ['none', 'unknown', 'friend', 'blocked'] as const

interface Lot {
  remaining: number
  expiresAt: number
}
interface TestMember {
  id: number
  status: 'active' | 'deleted'
  rank: string
  birthday: string | null
  prefecture: string | null
  homeStoreId: number | null
  lastVisitAt: number | null
  optIn: boolean
  line: (typeof lineStatuses)[number]
  lots: Lot[]
}

/** The plain reference: what a segment means, written as obviously as possible. */
function matches(m: TestMember, s: Segment, at: number): boolean {
  if (m.status !== 'active') return false
  if (s.ranks && !s.ranks.includes(m.rank)) return false
  if (s.lineStatuses && !s.lineStatuses.includes(m.line)) return false
  if (s.prefectures && (m.prefecture === null || !s.prefectures.includes(m.prefecture))) return false
  if (s.storeIds && (m.homeStoreId === null || !s.storeIds.includes(m.homeStoreId))) return false
  if (s.birthdayMonths && (m.birthday === null || !s.birthdayMonths.includes(Number(m.birthday.slice(5, 7))))) return false
  if (s.visitedWithinDays !== undefined && !(m.lastVisitAt !== null && m.lastVisitAt >= at - s.visitedWithinDays * day)) return false
  if (s.notVisitedForDays !== undefined && !(m.lastVisitAt === null || m.lastVisitAt < at - s.notVisitedForDays * day)) return false
  if (s.pointsExpiringWithinDays !== undefined) {
    const until = at + s.pointsExpiringWithinDays * day
    if (!m.lots.some((l) => l.remaining > 0 && l.expiresAt > at && l.expiresAt <= until)) return false
  }
  return true
}
const reachable = (m: TestMember) => (reachableLineStatuses as readonly string[]).includes(m.line) && m.optIn

const memberArb = fc.record({
  status: fc.constantFrom('active', 'active', 'active', 'deleted'),
  rank: fc.constantFrom(...ranks),
  birthday: fc.option(fc.tuple(fc.integer({ min: 1950, max: 2008 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, mo, d]) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`)),
  prefecture: fc.option(fc.constantFrom(...prefectures)),
  homeStoreId: fc.option(fc.constantFrom(1, 2, 3)),
  lastVisitAt: fc.option(fc.integer({ min: -400, max: 0 }).map((d) => now.getTime() + d * day - 1000)),
  optIn: fc.boolean(),
  line: fc.constantFrom(...lineStatuses),
  lots: fc.array(fc.record({ remaining: fc.constantFrom(0, 10, 50), expiresAt: fc.integer({ min: -10, max: 200 }).map((d) => now.getTime() + d * day) }), { maxLength: 3 }),
})

const segmentArb: fc.Arbitrary<Segment> = fc.record(
  {
    ranks: fc.uniqueArray(fc.constantFrom(...ranks, 'platinum'), { minLength: 1, maxLength: 3 }),
    birthdayMonths: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
    prefectures: fc.uniqueArray(fc.constantFrom(...prefectures), { minLength: 1, maxLength: 2 }),
    storeIds: fc.uniqueArray(fc.constantFrom(1, 2, 3), { minLength: 1, maxLength: 2 }),
    visitedWithinDays: fc.integer({ min: 1, max: 365 }),
    notVisitedForDays: fc.integer({ min: 1, max: 365 }),
    pointsExpiringWithinDays: fc.integer({ min: 1, max: 120 }),
    lineStatuses: fc.uniqueArray(fc.constantFrom(...lineStatuses), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
)

describe('segment queries', () => {
  const database = openLibsql(':memory:')
  const db = database.db
  beforeAll(async () => {
    await restoreMigrated(db)
    await db.run(sql`INSERT INTO stores (id, code, name, created_at) VALUES (1, 'a', 'A', 0), (2, 'b', 'B', 0), (3, 'c', 'C', 0)`)
  })
  afterAll(() => database.close())

  async function load(members: TestMember[]) {
    await db.batch([db.run(sql`DELETE FROM point_ledger`), db.run(sql`DELETE FROM line_accounts`), db.run(sql`DELETE FROM members`)])
    const statements = []
    for (const m of members) {
      statements.push(
        db.run(sql`INSERT INTO members (id, member_number, name, status, rank, birthday, prefecture, home_store_id, last_visit_at, marketing_opt_in, created_at)
          VALUES (${m.id}, ${`n${m.id}`}, ${`会員${m.id}`}, ${m.status}, ${m.rank}, ${m.birthday}, ${m.prefecture}, ${m.homeStoreId}, ${m.lastVisitAt}, ${m.optIn ? 1 : 0}, 0)`),
      )
      // Linked accounts go through line_accounts: the triggers must keep members.line_status in step.
      if (m.line !== 'none') {
        statements.push(db.run(sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, created_at) VALUES (${`U${m.id}`}, ${m.id}, 'unknown', 0)`))
        if (m.line !== 'unknown') statements.push(db.run(sql`UPDATE line_accounts SET friend_status = ${m.line} WHERE member_id = ${m.id}`))
      }
      m.lots.forEach((lot, i) =>
        statements.push(
          db.run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, actor, idempotency_key, created_at)
            VALUES (${m.id}, 'earn', 50, ${lot.remaining}, ${lot.expiresAt}, 'test', ${`k${m.id}-${i}`}, 0)`),
        ),
      )
    }
    if (statements.length > 0) await db.batch(statements as [never, ...never[]])
  }

  it('counts and lists the same members as the in-memory reference, for random members and segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(memberArb, { maxLength: 40 }), fc.array(segmentArb, { minLength: 1, maxLength: 5 }), async (raw, segments) => {
        const members = raw.map((m, i) => ({ ...m, id: i + 1 }) as TestMember)
        await load(members)
        for (const segment of segments) {
          const expected = members.filter((m) => matches(m, segment, now.getTime()))
          const count = await countSegment(db, segment, now)
          expect(count).toEqual({ members: expected.length, recipients: expected.filter(reachable).length })
          const listed: number[] = []
          for (let after = 0; ; ) {
            const page = await recipientsPage(db, segment, now, after, 7)
            listed.push(...page.map((r) => r.memberId))
            if (page.length < 7) break
            after = page.at(-1)!.memberId
          }
          expect(listed).toEqual(expected.filter(reachable).map((m) => m.id))
        }
      }),
      { numRuns: 60 },
    )
  })

  it('keeps line_status in step when an account is unlinked or relinked', async () => {
    await load([])
    await db.run(sql`INSERT INTO members (id, member_number, name, marketing_opt_in, created_at) VALUES (1, 'n1', 'a', 1, 0), (2, 'n2', 'b', 1, 0)`)
    await db.run(sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, created_at) VALUES ('U1', 1, 'friend', 0)`)
    expect(await countSegment(db, {}, now)).toEqual({ members: 2, recipients: 1 })
    await db.run(sql`UPDATE line_accounts SET member_id = 2 WHERE line_user_id = 'U1'`)
    expect(await db.all(sql`SELECT id, line_status AS s FROM members ORDER BY id`)).toEqual([{ id: 1, s: 'none' }, { id: 2, s: 'friend' }])
    await db.run(sql`DELETE FROM line_accounts`)
    expect(await countSegment(db, {}, now)).toEqual({ members: 2, recipients: 0 })
  })
})
