// The demo shop: a store, a linked customer with points, an unlinked member, staff, an admin, reservations.
import { count } from 'drizzle-orm'
import { personaByKey } from '../server/sandbox/personas'
import { memberNumberFor } from '../server/domain/member-number'
import type { Database } from './client'
import {
  ledgerAllocations,
  lineAccounts,
  members,
  pointLedger,
  reminderRules,
  reservations,
  staff,
  stores,
} from './schema'

const day = 86_400_000

/** Tokyo wall-clock time `hour`:00, `days` days after `now`'s Tokyo date, as a UTC instant. */
function tokyoAt(now: Date, days: number, hour: number): Date {
  const tokyo = new Date(now.getTime() + 9 * 3_600_000)
  const midnightUtc = Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate()) - 9 * 3_600_000
  return new Date(midnightUtc + days * day + hour * 3_600_000)
}

export const demo = {
  storeId: 1,
  customerMemberId: 1,
  unlinkedMemberId: 2,
  unlinkedMemberNumber: memberNumberFor(2),
  unlinkedBirthday: '1985-04-12',
} as const

/** Creates the demo shop unless the database already has a store. Returns whether it seeded. */
export async function seedDemoShop(db: Database, now: Date = new Date()): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(stores)
  if (existing && existing.n > 0) return false
  try {
    await db.batch(demoShopStatements(db, now))
  } catch (err) {
    // Another server seeding the same empty database at the same moment won: its batch is whole, this one rolled back.
    const [seeded] = await db.select({ n: count() }).from(stores)
    if (seeded && seeded.n > 0) return false
    throw err
  }
  return true
}

/** The demo shop's inserts, for one batch (alone, or after the demo reset's deletes). */
export function demoShopStatements(db: Database, now: Date) {
  const customer = personaByKey('customer')!
  const newcomer = personaByKey('newcomer')!
  const clerk = personaByKey('staff')!
  const admin = personaByKey('admin')!
  const ago = (days: number) => new Date(now.getTime() - days * day)
  const ahead = (days: number) => new Date(now.getTime() + days * day)

  return [
    db.insert(stores).values([
      {
        id: 1,
        code: 'shibuya',
        name: '渋谷店',
        address: '東京都渋谷区道玄坂1-2-3',
        phone: '03-1234-5678',
        mapUrl: 'https://maps.google.com/?q=35.658,139.699',
      },
      { id: 2, code: 'online', name: 'オンラインストア', timeZone: 'Asia/Tokyo' },
    ]),
    db.insert(members).values([
      {
        id: demo.customerMemberId,
        memberNumber: memberNumberFor(demo.customerMemberId),
        name: '山田 花子',
        nameKana: 'ヤマダ ハナコ',
        birthday: '1990-07-15',
        phone: '09012345678',
        prefecture: '東京都',
        rank: 'gold',
        balance: 1700,
        marketingOptIn: true,
        termsVersion: '2026-04',
        termsAcceptedAt: ago(120),
        privacyVersion: '2026-04',
        privacyAcceptedAt: ago(120),
        homeStoreId: 1,
      },
      {
        id: demo.unlinkedMemberId,
        memberNumber: demo.unlinkedMemberNumber,
        name: '佐藤 一郎',
        nameKana: 'サトウ イチロウ',
        birthday: demo.unlinkedBirthday,
        phone: '08023456789',
        prefecture: '神奈川県',
        balance: 500,
        homeStoreId: 1,
      },
    ]),
    db.insert(pointLedger).values([
      {
        id: 1,
        memberId: 1,
        kind: 'earn',
        points: 1200,
        remaining: 900,
        purchaseAmount: 80_000,
        expiresAt: ahead(20),
        storeId: 1,
        actor: 'seed',
        idempotencyKey: 'seed:1',
        createdAt: ago(345),
      },
      {
        id: 2,
        memberId: 1,
        kind: 'earn',
        points: 800,
        remaining: 800,
        purchaseAmount: 53_400,
        expiresAt: ahead(358),
        storeId: 1,
        actor: 'seed',
        idempotencyKey: 'seed:2',
        createdAt: ago(7),
      },
      {
        id: 3,
        memberId: 1,
        kind: 'redeem',
        points: -300,
        storeId: 1,
        actor: 'seed',
        idempotencyKey: 'seed:3',
        createdAt: ago(2),
      },
      {
        id: 4,
        memberId: 2,
        kind: 'adjust',
        points: 500,
        remaining: 500,
        expiresAt: ahead(200),
        storeId: 1,
        actor: 'seed',
        idempotencyKey: 'seed:4',
        note: '旧ポイントカードからの移行',
        createdAt: ago(165),
      },
    ]),
    db.insert(ledgerAllocations).values({ entryId: 3, lotId: 1, points: 300 }),
    db.insert(lineAccounts).values([
      {
        lineUserId: customer.lineUserId,
        displayName: customer.displayName,
        memberId: 1,
        linkedAt: ago(120),
        linkMethod: 'register',
        friendStatus: 'friend',
        richMenu: 'member',
      },
      { lineUserId: newcomer.lineUserId, displayName: newcomer.displayName, friendStatus: 'friend' },
    ]),
    db.insert(staff).values([
      { lineUserId: clerk.lineUserId, displayName: clerk.displayName, storeId: 1, role: 'staff' },
      { lineUserId: admin.lineUserId, displayName: admin.displayName, storeId: null, role: 'admin' },
    ]),
    db.insert(reservations).values([
      { memberId: 1, storeId: 1, startsAt: tokyoAt(now, 1, 18), partySize: 2, menu: 'カット＋カラー' },
      { memberId: 1, storeId: 1, startsAt: tokyoAt(now, 8, 11), partySize: 1, menu: 'ヘッドスパ' },
      { memberId: 2, storeId: 1, startsAt: tokyoAt(now, 2, 15), partySize: 1, menu: 'カット' },
    ]),
    db.insert(reminderRules).values([
      { kind: 'reservation', offset: 24 * 60, enabled: true },
      { kind: 'reservation', offset: 2 * 60, enabled: true },
      { kind: 'points_expiring', offset: 30, enabled: true },
    ]),
  ] as const
}
