// Staff checkout around the ledger write: who the customer is, and what follows each transaction (last visit,
// audit entry, receipt through the outbox, flags for unusual staff activity), written as one batch.
import { eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, stores, type LedgerEntry, type Member, type Staff } from '../../db/schema'
import type { Config } from '../config'
import { verifyCardToken, type CardTokenFailure } from '../domain/card-token'
import { normalizeMemberNumber } from '../domain/member-number'
import { receiptMessage, type ReceiptKind } from '../domain/receipt'
import type { ShopSettings } from './settings'
import { ApiError, badRequest, notFound } from '../errors'
import { enqueueMessage } from './outbox'

const cardMessages: Record<CardTokenFailure, string> = {
  malformed: 'This is not a member card code',
  unknown_key: 'This card code was signed with a key that is no longer valid',
  bad_signature: 'This card code is forged or damaged',
  expired: 'This card code has expired: ask the customer to reopen their card',
  not_yet_valid: 'This card code is not valid yet: check the device clock',
}

export interface CustomerRef {
  cardToken?: string
  memberNumber?: string
  /** For a retried action whose ledger entry already exists (its card code may have expired since). */
  memberId?: number
}

export interface CheckoutCustomer {
  member: Member
  /** The LINE account to send the receipt to: linked and not blocked. */
  receiptTo: string | null
  /** The scanned card token's single-use id. */
  cardTokenId?: string
}

/** The member behind a scanned card code or a typed member number, with where their receipt goes. */
export async function findCheckoutCustomer(db: Database, config: Config, ref: CustomerRef, now: Date): Promise<CheckoutCustomer> {
  let where
  let cardTokenId: string | undefined
  if (ref.memberId !== undefined) {
    where = eq(members.id, ref.memberId)
  } else if (ref.cardToken) {
    const result = await verifyCardToken(config.cardKeys, ref.cardToken, now)
    if (!result.ok) throw new ApiError(422, `card_${result.reason}`, cardMessages[result.reason])
    where = eq(members.id, result.claims.memberId)
    cardTokenId = result.claims.tokenId
  } else {
    const number = normalizeMemberNumber(ref.memberNumber ?? '')
    if (!number) throw badRequest('invalid_member_number', 'This is not a valid member number: check the digits')
    where = eq(members.memberNumber, number)
  }
  const [row] = await db
    .select({ member: members, lineUserId: lineAccounts.lineUserId, friendStatus: lineAccounts.friendStatus })
    .from(members)
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(where)
    .limit(1)
  if (!row || row.member.status !== 'active') throw notFound('member_not_found', 'No active membership with this number')
  const receiptTo = row.lineUserId && row.friendStatus !== 'blocked' ? row.lineUserId : null
  return { member: row.member, receiptTo, cardTokenId }
}

/** The LINE account a member's receipts go to, if linked and not blocked. */
export async function receiptRecipient(db: Database, memberId: number): Promise<string | null> {
  const account = await db.query.lineAccounts.findFirst({ where: eq(lineAccounts.memberId, memberId) })
  return account && account.friendStatus !== 'blocked' ? account.lineUserId : null
}

export const staffActor = (staff: Pick<Staff, 'id'>) => `staff:${staff.id}`

export interface CheckoutRecord {
  action: ReceiptKind
  staff: Staff
  storeId: number | null
  memberId: number
  entry: LedgerEntry
  balance: number
  receiptTo: string | null
  detail: Record<string, unknown>
}

const hourMs = 3_600_000

/** An `alert.<kind>` audit entry when `actor` did more than `limit` matching actions in the last hour (once an hour). */
function alertWhenOver(db: Database, actor: string, kind: string, counted: string, limit: number, now: number, storeId: number | null, extra = sql``) {
  const since = now - hourMs
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    SELECT ${actor}, ${`alert.${kind}`}, ${actor}, json_object('count', n, 'limit', ${limit}, 'windowMinutes', 60), ${storeId}, ${now}
    FROM (SELECT count(*) AS n FROM audit_log WHERE actor = ${actor} AND action = ${counted} AND at > ${since}${extra})
    WHERE n > ${limit}
      AND NOT EXISTS (SELECT 1 FROM audit_log WHERE actor = ${actor} AND action = ${`alert.${kind}`} AND at > ${since})`)
}

/** Writes what follows a new ledger entry, in one batch. The receipt is deduplicated by the entry id. */
export async function recordCheckout(db: Database, config: Config, settings: ShopSettings, rec: CheckoutRecord, now: Date) {
  const at = now.getTime()
  const actor = staffActor(rec.staff)
  const store = rec.storeId ? await db.query.stores.findFirst({ where: eq(stores.id, rec.storeId), columns: { name: true } }) : undefined
  const cardUrl = config.sandbox ? `${config.publicUrl}/` : `https://liff.line.me/${config.line.liffId}`
  const limits = settings.checkout
  await db.batch([
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      VALUES (${actor}, ${`checkout.${rec.action}`}, ${`member:${rec.memberId}`},
        ${JSON.stringify({ entryId: rec.entry.id, points: rec.entry.points, balance: rec.balance, staffRole: rec.staff.role, ...rec.detail })},
        ${rec.storeId}, ${at})`),
    ...(rec.action === 'reverse' ? [] : [db.update(members).set({ lastVisitAt: now }).where(eq(members.id, rec.memberId))]),
    ...(rec.receiptTo
      ? [
          enqueueMessage(
            db,
            {
              dedupeKey: `receipt:${rec.entry.id}`,
              kind: 'receipt',
              lineUserId: rec.receiptTo,
              messages: [
                receiptMessage({
                  kind: rec.action,
                  points: rec.entry.points,
                  balance: rec.balance,
                  purchaseAmount: rec.entry.purchaseAmount,
                  storeName: store?.name ?? null,
                  shopName: config.shopName,
                  at: now,
                  timeZone: config.timeZone,
                  cardUrl,
                }),
              ],
            },
            now,
          ),
        ]
      : []),
    ...(rec.action === 'reverse' ? [alertWhenOver(db, actor, 'reversals', 'checkout.reverse', limits.alertReversalsPerHour, at, rec.storeId)] : []),
    ...(rec.action === 'earn'
      ? [
          alertWhenOver(db, actor, 'high_value_earns', 'checkout.earn', limits.alertHighValueEarnsPerHour, at, rec.storeId,
            sql` AND json_extract(detail, '$.purchaseAmount') >= ${limits.alertHighValueAmount}`),
        ]
      : []),
  ])
}
