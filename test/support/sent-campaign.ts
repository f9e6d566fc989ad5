// A campaign already sent, whose one text message carries `url`, and purchases after it: for the click redirect's and
// the reports' tests and benchmark.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { campaigns } from '../../db/schema'

export async function insertSentCampaign(db: Database, url: string, sentAt = new Date()): Promise<number> {
  const text = `セール開催中 ${url}`
  const [campaign] = await db
    .insert(campaigns)
    .values({
      name: '冬のセール',
      segment: {},
      messages: [{ type: 'text', text }],
      content: { template: 'text', text },
      status: 'sent',
      createdBy: 'staff:1',
      sentAt,
    })
    .returning({ id: campaigns.id })
  return campaign!.id
}

/** A purchase of `amount` yen by member `memberId` at `at` (one point per ¥100, kept a year): what reports count. */
export async function insertPurchase(db: Database, memberId: number, amount: number, at: number, key: string) {
  const points = Math.floor(amount / 100)
  await db.run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, purchase_amount, actor,
      idempotency_key, created_at)
    VALUES (${memberId}, 'earn', ${points}, ${points}, ${at + 365 * 86_400_000}, ${amount}, 'staff:1', ${key}, ${at})`)
}
