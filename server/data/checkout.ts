// Staff checkout around the ledger write: who the customer is, and what follows each transaction (last visit,
// audit entry, receipt through the outbox, flags for unusual staff activity), written as one batch.
import { eq, sql, type SQL } from 'drizzle-orm'
import { affectedRows } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import { perDatabase } from '../../db/prepared'
import { lineAccounts, members, stores, type LedgerEntry, type Member, type Staff } from '../../db/schema'
import type { Config } from '../config'
import { verifyCardToken, type CardTokenFailure } from '../domain/card-token'
import { normalizeMemberNumber } from '../domain/member-number'
import { messageLocale } from '../domain/message-locale'
import { receiptMessage, type ReceiptKind } from '../domain/receipt'
import type { ShopSettings } from './settings'
import { ApiError, badRequest, notFound } from '../errors'
import type { WriteRef } from './ledger'
import { enqueueMessageWhen } from './outbox'

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
  /** The scanned card token: its single-use id and when it was issued (seconds). */
  card?: { tokenId: string; issuedAt: number }
}

const customerBy = (db: Database, key: 'id' | 'number') =>
  db
    .select({ member: members, lineUserId: lineAccounts.lineUserId, friendStatus: lineAccounts.friendStatus })
    .from(members)
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(key === 'id' ? eq(members.id, sql.placeholder('id')) : eq(members.memberNumber, sql.placeholder('number')))
    .limit(1)
    .prepare()
const customerById = perDatabase((db) => customerBy(db, 'id'))
const customerByNumber = perDatabase((db) => customerBy(db, 'number'))

/** The member behind a scanned card code or a typed member number, with where their receipt goes. */
export async function findCheckoutCustomer(db: Database, config: Config, ref: CustomerRef, now: Date): Promise<CheckoutCustomer> {
  let rows
  let card: CheckoutCustomer['card']
  if (ref.memberId !== undefined) {
    rows = await customerById(db).all({ id: ref.memberId })
  } else if (ref.cardToken) {
    const result = verifyCardToken(config.cardKeys, ref.cardToken, now)
    if (!result.ok) throw new ApiError(422, `card_${result.reason}`, cardMessages[result.reason])
    rows = await customerById(db).all({ id: result.claims.memberId })
    card = { tokenId: result.claims.tokenId, issuedAt: result.claims.issuedAt }
  } else {
    const number = normalizeMemberNumber(ref.memberNumber ?? '')
    if (!number) throw badRequest('invalid_member_number', 'This is not a valid member number: check the digits')
    rows = await customerByNumber(db).all({ number })
  }
  const row = rows[0]
  if (!row || row.member.status !== 'active') throw notFound('member_not_found', 'No active membership with this number')
  const receiptTo = row.lineUserId && row.friendStatus !== 'blocked' ? row.lineUserId : null
  return { member: row.member, receiptTo, card }
}

/**
 * Whether a request's card code (signed, fresh or not) or typed number names `member`: a retried idempotency key
 * must be for the same customer as the transaction it first wrote.
 */
export function refersTo(config: Config, ref: CustomerRef, member: Member, now: Date): boolean {
  if (ref.cardToken) return verifyCardToken(config.cardKeys, ref.cardToken, now).claims?.memberId === member.id
  return normalizeMemberNumber(ref.memberNumber ?? '') === member.memberNumber
}

/** The LINE account a member's receipts go to, if linked and not blocked, and the member's message language. */
export async function receiptRecipient(
  db: Database,
  memberId: number,
): Promise<{ to: string | null; language: string | null }> {
  const [row] = await db
    .select({ lineUserId: lineAccounts.lineUserId, friendStatus: lineAccounts.friendStatus, language: members.language })
    .from(members)
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(eq(members.id, memberId))
    .limit(1)
  const to = row?.lineUserId && row.friendStatus !== 'blocked' ? row.lineUserId : null
  return { to, language: row?.language ?? null }
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
  /** The member's language (`members.language`): the receipt's; Japanese when unknown. */
  receiptLanguage?: string | null
  detail: Record<string, unknown>
  /** A reversal's points that could not be taken back (stated on the receipt). */
  shortfall?: { points: number; yen: number } | null
}

/** What follows a ledger entry whose id is known only inside the batch that writes it. */
export interface PendingCheckout extends Omit<CheckoutRecord, 'entry'> {
  /** Signed points and purchase amount of the entry being written. */
  entry: Pick<LedgerEntry, 'points' | 'purchaseAmount'>
  /** The store's name for the receipt (`checkoutStoreName`). */
  storeName: string | null
}

const hourMs = 3_600_000

/** An `alert.<kind>` audit entry when `actor` did more than `limit` matching actions in the last hour (once an hour). */
function alertWhenOver(db: Database, actor: string, kind: string, counted: string, limit: number, now: number, storeId: number | null, extra = sql``, condition = sql`1`) {
  const since = now - hourMs
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    SELECT ${actor}, ${`alert.${kind}`}, ${actor}, json_object('count', n, 'limit', ${limit}, 'windowMinutes', 60), ${storeId}, ${now}
    FROM (SELECT count(*) AS n FROM audit_log WHERE actor = ${actor} AND action = ${counted} AND at > ${since}${extra})
    WHERE n > ${limit} AND ${condition}
      AND NOT EXISTS (SELECT 1 FROM audit_log WHERE actor = ${actor} AND action = ${`alert.${kind}`} AND at > ${since})`)
}

const storeNameById = perDatabase((db) =>
  db.query.stores.findFirst({ where: eq(stores.id, sql.placeholder('id')), columns: { name: true } }).prepare(),
)

/** The name printed on receipts for `storeId`. */
export async function checkoutStoreName(db: Database, storeId: number | null): Promise<string | null> {
  if (!storeId) return null
  const store = await storeNameById(db).execute({ id: storeId })
  return store?.name ?? null
}

/**
 * The statements that follow a ledger entry — audit entry, last visit, receipt (deduplicated by the entry id),
 * staff-activity alerts — applying only when `condition` holds inside their batch. `entryId` may be SQL.
 */
function checkoutStatements(db: Database, config: Config, settings: ShopSettings, rec: PendingCheckout, entryId: number | SQL, now: Date, condition: SQL, visit = sql`1`) {
  const at = now.getTime()
  const actor = staffActor(rec.staff)
  const cardUrl = config.sandbox ? `${config.publicUrl}/` : `https://liff.line.me/${config.line.liffId}`
  const limits = settings.checkout
  // A JS number is bound as a REAL (7 would read back as 7.0 in text and JSON).
  const id = typeof entryId === 'number' ? sql`CAST(${entryId} AS INTEGER)` : entryId
  // The entry id goes into the detail inside the batch; the placeholder keeps the keys in their order.
  const detail = JSON.stringify({ entryId: 0, points: rec.entry.points, balance: rec.balance, staffRole: rec.staff.role, ...rec.detail })
  // A high-value alert can only be newly due when this earn is one of the high-value earns it counts.
  const highValue = rec.action === 'earn' && (rec.entry.purchaseAmount ?? 0) >= limits.alertHighValueAmount
  return [
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      SELECT ${actor}, ${`checkout.${rec.action}`}, ${`member:${rec.memberId}`}, json_set(${detail}, '$.entryId', ${id}),
        ${rec.storeId}, ${at}
      WHERE ${condition}`),
    ...(rec.action === 'reverse' ? [] : [db.run(sql`UPDATE members SET last_visit_at = ${at} WHERE id = ${rec.memberId} AND ${visit}`)]),
    ...(rec.receiptTo
      ? [
          enqueueMessageWhen(
            db,
            {
              dedupeKey: sql`'receipt:' || ${id}`,
              kind: 'receipt',
              lineUserId: rec.receiptTo,
              messages: [
                receiptMessage({
                  kind: rec.action,
                  points: rec.entry.points,
                  balance: rec.balance,
                  purchaseAmount: rec.entry.purchaseAmount,
                  storeName: rec.storeName,
                  shopName: config.shopName,
                  at: now,
                  timeZone: config.timeZone,
                  cardUrl,
                  shortfall: rec.shortfall,
                  locale: messageLocale(rec.receiptLanguage),
                }),
              ],
            },
            now,
            condition,
          ),
        ]
      : []),
    ...(rec.action === 'reverse' ? [alertWhenOver(db, actor, 'reversals', 'checkout.reverse', limits.alertReversalsPerHour, at, rec.storeId, sql``, condition)] : []),
    ...(highValue
      ? [
          alertWhenOver(db, actor, 'high_value_earns', 'checkout.earn', limits.alertHighValueEarnsPerHour, at, rec.storeId,
            sql` AND json_extract(detail, '$.purchaseAmount') >= ${limits.alertHighValueAmount}`, condition),
        ]
      : []),
  ] as const
}

/**
 * What follows a new ledger entry, as follow-ups in the ledger write's own batch (`addPoints`/`spendPoints`), so the
 * entry, its audit entry and its receipt commit together. `rec.balance` is the balance the caller expects after the
 * entry; the audit entry, receipt and alerts are written only if the entry's own `balance_after` is that (a
 * concurrent write to the same member changes it): check with `checkoutFollowed`, else call `recordCheckout` with
 * the outcome's balance, which is the entry's `balance_after` too, so every receipt states its own balance.
 */
export function checkoutFollowUps(db: Database, config: Config, settings: ShopSettings, rec: PendingCheckout, now: Date, ref: WriteRef) {
  const balanceAsExpected = sql`${ref.written} AND (SELECT balance_after FROM point_ledger WHERE id = ${ref.entryId}) = ${rec.balance}`
  return [...checkoutStatements(db, config, settings, rec, ref.entryId, now, balanceAsExpected, ref.written)]
}

/**
 * `alert.redeem_without_card`: one for every redeem made without the member's card (by a manager, with a manager's
 * approval, or where the shop does not require the card), in the redeem's own batch.
 */
export function redeemWithoutCardAlert(db: Database, rec: Pick<PendingCheckout, 'staff' | 'storeId' | 'memberId'> & { points: number; approvedBy: number | null }, now: Date, ref: WriteRef) {
  const detail = JSON.stringify({ entryId: 0, memberId: rec.memberId, points: rec.points, approvedBy: rec.approvedBy, staffRole: rec.staff.role })
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    SELECT ${staffActor(rec.staff)}, 'alert.redeem_without_card', ${`member:${rec.memberId}`},
      json_set(${detail}, '$.entryId', ${ref.entryId}), ${rec.storeId}, ${now.getTime()}
    WHERE ${ref.written}`)
}

/** Whether the follow-ups of `checkoutFollowUps` wrote the audit entry (their results, in order). */
export const checkoutFollowed = (results: unknown[]) => affectedRows(results[0]) > 0

/** Writes what follows a new ledger entry, in one batch of its own. The receipt is deduplicated by the entry id. */
export async function recordCheckout(db: Database, config: Config, settings: ShopSettings, rec: CheckoutRecord, now: Date) {
  const storeName = await checkoutStoreName(db, rec.storeId)
  const [first, ...rest] = checkoutStatements(db, config, settings, { ...rec, storeName }, rec.entry.id, now, sql`1`)
  await db.batch([first, ...rest])
}
