// Stamp-card mode (LINE ショップカード's model on the points ledger): with `stampCard` enabled, each earn at the till
// (a visit) also gives the member one stamp, at most one per member, store and local day when `onePerDay`; the stamp
// that fills a card (`stampsPerCard`) issues the reward coupon and closes the card's stamps, all as follow-ups in the
// earn's own batch, so a replayed receipt (which writes no entry) gives nothing. Reversing the visit's earn takes its
// stamp back while the card is open; once the card it belonged to has been turned into the coupon, the stamp and the
// coupon stand (the coupon can still be withdrawn by an admin): a reversal never takes back a coupon already issued.
import type { BatchItem } from 'drizzle-orm/batch'
import { and, count, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { stamps, type Coupon } from '../../db/schema'
import type { Config } from '../config'
import { localDate } from '../domain/time-zone'
import { auditWhen } from './audit'
import { copyWritten, couponIssuedMessage, findCoupon, insertCopy } from './coupon-copies'
import type { PendingCheckout } from './checkout'
import type { WriteRef } from './ledger'
import { enqueueMessageWhen } from './outbox'
import type { ShopSettings } from './settings'

export interface StampCard {
  stampsPerCard: number
  onePerDay: boolean
  reward: Coupon
}

/** The shop's stamp card when the mode is on and its reward coupon is active; else null (no stamps are given). */
export async function stampCardOf(db: Database, settings: Pick<ShopSettings, 'stampCard'>): Promise<StampCard | null> {
  const { enabled, rewardCouponId, stampsPerCard, onePerDay } = settings.stampCard
  if (!enabled || rewardCouponId === null) return null
  const reward = await findCoupon(db, rewardCouponId)
  return reward?.status === 'active' ? { stampsPerCard, onePerDay, reward } : null
}

/** The earn that is a visit; `ledgerKey` (the earn's scoped key) makes the reward coupon's issue key. */
export type Visit = Pick<PendingCheckout, 'memberId' | 'storeId' | 'timeZone' | 'receiptTo' | 'receiptLanguage'> & {
  ledgerKey: string
}

/** The visit's stamp and, when it fills the card, the reward coupon: statements for the earn's batch (`addPoints`). */
export function stampFollowUps(
  db: Database,
  config: Config,
  card: StampCard,
  visit: Visit,
  now: Date,
  ref: WriteRef,
): BatchItem<'sqlite'>[] {
  const at = now.getTime()
  const { memberId } = visit
  const dailyKey = card.onePerDay ? `${visit.storeId ?? 0}:${localDate(now, visit.timeZone)}` : null
  const issueKey = `stamps:${visit.ledgerKey}`
  const writeId = crypto.randomUUID()
  const written = copyWritten({ issueKey }, writeId)
  const open = sql`SELECT id FROM stamps WHERE member_id = ${memberId} AND member_coupon_id IS NULL`
  const rewardActive = sql`EXISTS (SELECT 1 FROM coupons WHERE id = ${card.reward.id} AND status = 'active'
    AND (valid_until IS NULL OR valid_until > ${at}))`
  return [
    db.run(sql`INSERT INTO stamps (member_id, entry_id, store_id, daily_key, created_at)
      SELECT ${memberId}, ${ref.entryId}, ${visit.storeId}, ${dailyKey}, ${at} WHERE ${ref.written}
      ON CONFLICT DO NOTHING`),
    insertCopy(
      db,
      { coupon: card.reward, memberId, issueKey, source: 'stamps' },
      writeId,
      now,
      sql`${ref.written} AND EXISTS (SELECT 1 FROM stamps WHERE entry_id = ${ref.entryId})
        AND (SELECT count(*) FROM (${open})) >= ${card.stampsPerCard} AND ${rewardActive}`,
    ),
    db.run(sql`UPDATE stamps SET member_coupon_id = (SELECT id FROM member_coupons WHERE issue_key = ${issueKey})
      WHERE id IN (${open} ORDER BY id LIMIT ${card.stampsPerCard}) AND ${written}`),
    auditWhen(
      db,
      {
        actor: 'system:stamps',
        action: 'coupon.issued',
        target: `member:${memberId}`,
        detail: { couponId: card.reward.id, title: card.reward.title, issueKey, stampsPerCard: card.stampsPerCard },
        storeId: visit.storeId,
      },
      at,
      written,
    ),
    ...(visit.receiptTo
      ? [
          enqueueMessageWhen(
            db,
            {
              dedupeKey: `coupon-issued:${issueKey}`,
              kind: 'coupon_issued',
              holdInQuietHours: true,
              lineUserId: visit.receiptTo,
              messages: [couponIssuedMessage(config, card.reward, visit.receiptLanguage ?? null)],
            },
            now,
            written,
          ),
        ]
      : []),
  ]
}

/** In a reversal's batch: the reversed earn's stamp is taken back if its card is still open. */
export const stampTakenBack = (db: Database, earnEntryId: number, ref: WriteRef) =>
  db.run(sql`DELETE FROM stamps WHERE entry_id = ${earnEntryId} AND member_coupon_id IS NULL AND ${ref.written}`)

/** The member's open stamps (on the card being filled). */
export async function openStamps(db: Database, memberId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(stamps)
    .where(and(eq(stamps.memberId, memberId), isNull(stamps.memberCouponId)))
  return row?.n ?? 0
}
