// Retention inside workerd on D1: the bounded DELETE … RETURNING prunes and counts as on libsql, and deleting a
// member clears their LINE profile, message bodies and EC data (orders unnamed) in D1's batch.
import { env } from 'cloudflare:workers'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { carts, deliveries, lineAccounts, memberTags, orders, savedItems, webhookEvents } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { deleteMembership, erasedMessages } from '../../server/data/member-data'
import { pruneExpiredRows, retentionChunk } from '../../server/data/retention'
import { defaultSettings } from '../../server/data/settings'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
const day = 86_400_000

beforeAll(() => seedDemoShop(db, now))

describe('retention on D1', () => {
  it('prunes past rows in chunks and counts them, keeping pending webhook events', async () => {
    const old = now.getTime() - 60 * day
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${retentionChunk + 2})
      INSERT INTO card_scans (token_id, member_id, used_at) SELECT 'scan' || i, ${demo.customerMemberId}, ${old} FROM n`)
    await db.run(sql`INSERT INTO webhook_events (webhook_event_id, type, status, received_at)
      VALUES ('done', 'message', 'done', ${old}), ('pending', 'message', 'pending', ${old})`)
    const report = await pruneExpiredRows(db, defaultSettings.retention, now)
    expect(report.cardScansDays).toEqual({ deleted: retentionChunk + 2, more: false })
    expect(report.webhookEventsDays).toEqual({ deleted: 1, more: false })
    expect((await db.select().from(webhookEvents)).map((e) => e.webhookEventId)).toEqual(['pending'])
  })

  it('clears the LINE name, picture and past message bodies when a member is deleted', async () => {
    const [account] = await db.select().from(lineAccounts).where(eq(lineAccounts.memberId, demo.customerMemberId))
    await db
      .update(lineAccounts)
      .set({ displayName: 'さくら', pictureUrl: 'https://x' })
      .where(eq(lineAccounts.lineUserId, account!.lineUserId))
    await db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, status, attempts, next_attempt_at, created_at)
      VALUES ('receipt:x', 'receipt', ${account!.lineUserId}, '[{"type":"text","text":"900pt"}]', 'r', 'sent', 1, 0, 0)`)
    const id = demo.customerMemberId
    const item = { name: 'タオル', priceYen: 1980, url: 'https://shop.example.jp/items/towel' }
    await db.batch([
      db.insert(orders).values({
        externalId: 'EC-1',
        memberId: id,
        lineUserId: account!.lineUserId,
        status: 'placed',
        updatedAt: now,
      }),
      db.insert(orders).values({ externalId: 'EC-2', lineUserId: account!.lineUserId, status: 'paid', updatedAt: now }),
      db
        .insert(carts)
        .values({ externalId: 'c-1', memberId: id, items: [item], status: 'open', remindAt: now, updatedAt: now }),
      db.insert(savedItems).values({ itemId: 'towel', memberId: id, ...item }),
      db.insert(memberTags).values({ memberId: id, name: 'vip', setBy: 'apikey:1', setAt: now }),
    ])
    await deleteMembership(db, id, 'line:test', now)
    expect(await db.$count(carts)).toBe(0)
    expect(await db.$count(savedItems)).toBe(0)
    expect(await db.$count(memberTags)).toBe(0)
    expect((await db.select().from(orders)).map((o) => [o.externalId, o.memberId, o.lineUserId])).toEqual([
      ['EC-1', null, null],
      ['EC-2', null, null],
    ])
    const [after] = await db.select().from(lineAccounts).where(eq(lineAccounts.lineUserId, account!.lineUserId))
    expect(after).toMatchObject({ memberId: null, displayName: null, pictureUrl: null })
    const [row] = await db.select().from(deliveries).where(eq(deliveries.dedupeKey, 'receipt:x'))
    expect(row!.messages).toEqual(JSON.parse(erasedMessages))
  })
})
