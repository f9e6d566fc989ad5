// Staff checkout around the ledger write: who the customer is, and what follows each transaction (last visit with the
// balance, audit entry, receipt through the outbox, flags for unusual staff activity), written as one batch.
import { eq, sql, type SQL } from 'drizzle-orm'
import { affectedRows } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import { perDatabase } from '../../db/prepared'
import { lineAccounts, members, stores, type LedgerEntry, type Member } from '../../db/schema'
import type { Config } from '../config'
import { verifyCardToken, type CardTokenFailure } from '../domain/card-token'
import { normalizeMemberNumber } from '../domain/member-number'
import { messageLocale } from '../domain/message-locale'
import { receiptMessage, type ReceiptKind } from '../domain/receipt'
import { refuse, type Refusal } from '../domain/refusal'
import type { SettingsStore, ShopSettings } from './settings'
import type { Cashier } from './cashier'
import type { FollowUps, LedgerOutcome, LedgerWrite, WriteRef } from './ledger'
import { enqueueMessageWhen } from './outbox'
import { liffUrl } from '../liff-url'

const cardMessages: Record<CardTokenFailure, string> = {
  malformed: 'This is not a member card code',
  unknown_key: 'This card code was signed with a key that is no longer valid',
  bad_signature: 'This card code is forged or damaged',
  expired: 'This card code has expired: ask the customer to reopen their card',
  not_yet_valid: 'This card code is not valid yet: check the device clock',
}

/** A scanned card code that does not verify, as its refusal (`card_malformed`, `card_expired`, ...). */
export const cardRefusal = (reason: CardTokenFailure) => refuse(`card_${reason}` as const, cardMessages[reason])

export interface CustomerRef {
  cardToken?: string
  memberNumber?: string
  /** The member's linked LINE user id (a shop system that knows it, e.g. an EC site with LINE Login). */
  lineUserId?: string
  /** For a retried action whose ledger entry already exists (its card code may have expired since). */
  memberId?: number
}

export interface CheckoutCustomer {
  member: Member
  /** The LINE account to send the receipt to: linked and not blocked. */
  receiptTo: string | null
  /** The linked LINE account, blocked or not. */
  lineUserId: string | null
  /** The scanned card token: its single-use id and when it was issued (seconds). */
  card?: { tokenId: string; issuedAt: number }
}

const customerKeys = {
  id: members.id,
  number: members.memberNumber,
  line: lineAccounts.lineUserId,
}

const customerBy = (db: Database, key: keyof typeof customerKeys) =>
  db
    .select({ member: members, lineUserId: lineAccounts.lineUserId, friendStatus: lineAccounts.friendStatus })
    .from(members)
    .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
    .where(eq(customerKeys[key], sql.placeholder(key)))
    .limit(1)
    .prepare()
const customerById = perDatabase((db) => customerBy(db, 'id'))
const customerByNumber = perDatabase((db) => customerBy(db, 'number'))
const customerByLineUser = perDatabase((db) => customerBy(db, 'line'))

/** The member behind a scanned card code or a typed member number, with where their receipt goes. */
export async function findCheckoutCustomer(db: Database, config: Config, ref: CustomerRef, now: Date): Promise<CheckoutCustomer | Refusal> {
  let rows
  let card: CheckoutCustomer['card']
  if (ref.memberId !== undefined) {
    rows = await customerById(db).all({ id: ref.memberId })
  } else if (ref.cardToken) {
    const result = verifyCardToken(config.cardKeys, ref.cardToken, now)
    if (!result.ok) return cardRefusal(result.reason)
    rows = await customerById(db).all({ id: result.claims.memberId })
    card = { tokenId: result.claims.tokenId, issuedAt: result.claims.issuedAt }
  } else if (ref.lineUserId) {
    rows = await customerByLineUser(db).all({ line: ref.lineUserId })
  } else {
    const number = normalizeMemberNumber(ref.memberNumber ?? '')
    if (!number) return refuse('invalid_member_number', 'This is not a valid member number: check the digits')
    rows = await customerByNumber(db).all({ number })
  }
  const row = rows[0]
  if (!row || row.member.status !== 'active') return refuse('member_not_found', 'No active membership with this number')
  const receiptTo = row.lineUserId && row.friendStatus !== 'blocked' ? row.lineUserId : null
  return { member: row.member, receiptTo, lineUserId: row.lineUserId, card }
}

/**
 * Whether a request's card code (signed, fresh or not), typed number or LINE user id names the customer: a retried
 * idempotency key must be for the same customer as the transaction it first wrote.
 */
export function refersTo(config: Config, ref: CustomerRef, customer: Pick<CheckoutCustomer, 'member' | 'lineUserId'>, now: Date): boolean {
  const { member } = customer
  if (ref.cardToken) return verifyCardToken(config.cardKeys, ref.cardToken, now).claims?.memberId === member.id
  if (ref.lineUserId) return ref.lineUserId === customer.lineUserId
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

/** Namespaces the client's key by cashier, so one person's (or system's) key never replays another's transaction. */
export const ledgerKey = (cashier: Pick<Cashier, 'keyScope'>, key: string) => `${cashier.keyScope}:${key}`

export interface CheckoutRecord {
  action: ReceiptKind
  cashier: Cashier
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
  /** The store's name for the receipt (`checkoutStore`). */
  storeName: string | null
  /** The checkout's time zone (`timeZoneOf` with its store): the receipt's date, the daily earn cap's day. */
  timeZone: string
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

const storeById = perDatabase((db) =>
  db.query.stores.findFirst({ where: eq(stores.id, sql.placeholder('id')), columns: { name: true, timeZone: true } }).prepare(),
)

/** The store of a checkout: its name printed on receipts, its time zone (`timeZoneOf`). */
export interface CheckoutStore {
  name: string
  timeZone: string
}

/** A checkout's store, read now (the shop's `SettingsStore.store` keeps it). */
export async function checkoutStore(db: Database, storeId: number | null): Promise<CheckoutStore | null> {
  if (!storeId) return null
  return (await storeById(db).execute({ id: storeId })) ?? null
}

type ReceiptOf = Pick<PendingCheckout, 'action' | 'entry' | 'balance' | 'storeName' | 'timeZone' | 'shortfall' | 'receiptLanguage'> & {
  receiptTo: string
}

/** The receipt of a ledger entry through the outbox, deduplicated by the entry id (`id` may be SQL). */
function receiptStatement(db: Database, config: Config, rec: ReceiptOf, id: SQL, now: Date, condition: SQL) {
  return enqueueMessageWhen(
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
          timeZone: rec.timeZone,
          cardUrl: liffUrl(config),
          shortfall: rec.shortfall,
          locale: messageLocale(rec.receiptLanguage),
        }),
      ],
    },
    now,
    condition,
  )
}

/**
 * What follows a new earn or redeem, as follow-ups in the ledger write's own batch (`addPoints`/`spendPoints`): the
 * audit entry (its entry id and balance read from the entry being written) and staff-activity alerts apply whenever
 * the entry is written, so they commit with it or not at all (the last visit is set by the ledger write's own balance
 * update: `LedgerWrite.visit`). The receipt states `rec.balance`, the balance the caller expects after the entry, and
 * applies only if the entry's own `balance_after` is that (a concurrent write to the same member changes it): check
 * with `checkoutReceiptSent`, else `sendReceipt` with the outcome's balance, so every receipt states its own balance.
 */
function checkoutFollowUps(db: Database, config: Config, settings: ShopSettings, rec: PendingCheckout, now: Date, ref: WriteRef) {
  const at = now.getTime()
  const actor = rec.cashier.actor
  const limits = settings.checkout
  // Placeholders keep the keys in their order; the batch fills them in from the entry.
  const detail = JSON.stringify({ entryId: 0, points: rec.entry.points, balance: 0, staffRole: rec.cashier.role, ...rec.detail })
  const balanceAsExpected = sql`${ref.written} AND (SELECT balance_after FROM point_ledger WHERE id = ${ref.entryId}) = ${rec.balance}`
  // A high-value alert can only be newly due when this earn is one of the high-value earns it counts.
  const highValue = rec.action === 'earn' && (rec.entry.purchaseAmount ?? 0) >= limits.alertHighValueAmount
  return [
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      SELECT ${actor}, ${`checkout.${rec.action}`}, ${`member:${rec.memberId}`},
        json_set(${detail}, '$.entryId', e.id, '$.balance', e.balance_after), ${rec.storeId}, ${at}
      FROM point_ledger e WHERE e.id = ${ref.entryId} AND ${ref.written}`),
    ...(rec.receiptTo ? [receiptStatement(db, config, { ...rec, receiptTo: rec.receiptTo }, ref.entryId, now, balanceAsExpected)] : []),
    ...(highValue
      ? [
          alertWhenOver(db, actor, 'high_value_earns', 'checkout.earn', limits.alertHighValueEarnsPerHour, at, rec.storeId,
            sql` AND json_extract(detail, '$.purchaseAmount') >= ${limits.alertHighValueAmount}`, ref.written),
        ]
      : []),
  ]
}

/** Whether the follow-ups of `checkoutFollowUps` (their results, in order) sent the receipt; true when there was none. */
const checkoutReceiptSent = (rec: Pick<PendingCheckout, 'receiptTo'>, results: unknown[]) =>
  !rec.receiptTo || affectedRows(results[1]) > 0

/**
 * The customer of a checkout and its store (kept by the shop's settings store); a retry finds the customer by its
 * first entry's member alone.
 */
export function checkoutSubject(
  ctx: { db: Database; config: Config; settings: Pick<SettingsStore, 'store'> },
  ref: CustomerRef,
  prior: Pick<LedgerEntry, 'memberId'> | null | undefined,
  storeId: number | null,
  now: Date,
): Promise<[CheckoutCustomer | Refusal, CheckoutStore | null]> {
  // A retry after the card code expired still gets its answer: the key alone identifies the transaction.
  return Promise.all([
    findCheckoutCustomer(ctx.db, ctx.config, prior ? { memberId: prior.memberId } : ref, now),
    prior ? null : ctx.settings.store(storeId),
  ])
}

/**
 * Another write to the member between the lookup and the batch made the batch skip the receipt (its balance would
 * have been wrong): send it now, stating the entry as written (deduplicated by the entry id).
 */
async function sendMissedReceipt(
  db: Database,
  config: Config,
  expected: PendingCheckout,
  outcome: { replayed: boolean; followed: unknown[]; entry: LedgerEntry; balance: number },
  now: Date,
): Promise<void> {
  if (outcome.replayed || !expected.receiptTo || checkoutReceiptSent(expected, outcome.followed)) return
  const receipt = { ...expected, receiptTo: expected.receiptTo, entry: outcome.entry, balance: outcome.balance }
  await sendReceipt(db, config, receipt, outcome.entry.id, now)
}

export interface CheckoutWriteInput {
  action: 'earn' | 'redeem'
  cashier: Cashier
  storeId: number | null
  customer: CheckoutCustomer
  store: { name: string } | null
  timeZone: string
  /** The scoped key (`ledgerKey`). */
  key: string
  /** The entry this key already wrote, if any: then the write is a replay, with no card use and no follow-ups. */
  prior: unknown
  /** Signed points of the entry, and its purchase amount (earn). */
  points: number
  purchaseAmount: number | null
  /** The audit entry's detail beyond entry id, points, balance and staff role. */
  detail: Record<string, unknown>
}

/**
 * The parts every earn and redeem at the till shares: the ledger write's own fields, the checkout's follow-ups in its
 * batch (with the caller's `more`, none on a replay), and the receipt sent after it if a concurrent write made the
 * batch skip it (`sendMissedReceipt`).
 */
export function checkoutWrite(db: Database, config: Config, settings: ShopSettings, input: CheckoutWriteInput, now: Date) {
  const { cashier, storeId, customer, prior } = input
  const { member } = customer
  const record = {
    action: input.action,
    cashier,
    storeId,
    memberId: member.id,
    receiptTo: customer.receiptTo,
    receiptLanguage: member.language,
    detail: input.detail,
  }
  const expected: PendingCheckout = {
    ...record,
    entry: { points: input.points, purchaseAmount: input.purchaseAmount },
    balance: member.balance + input.points,
    storeName: input.store?.name ?? null,
    timeZone: input.timeZone,
  }
  const ledger = {
    memberId: member.id,
    idempotencyKey: input.key,
    actor: cashier.actor,
    storeId,
    staffId: cashier.staffId,
    card: prior ? undefined : customer.card,
    visit: true,
  } satisfies LedgerWrite
  return {
    record,
    ledger,
    followUps: (more: FollowUps): FollowUps | undefined =>
      prior ? undefined : (ref) => [...checkoutFollowUps(db, config, settings, expected, now, ref), ...more(ref)],
    sendMissedReceipt: (outcome: LedgerOutcome) => sendMissedReceipt(db, config, expected, outcome, now),
  }
}

/**
 * `alert.redeem_without_card`: one for every redeem made without the member's card (by a manager, with a manager's
 * approval, or where the shop does not require the card), in the redeem's own batch.
 */
export function redeemWithoutCardAlert(db: Database, rec: Pick<PendingCheckout, 'cashier' | 'storeId' | 'memberId'> & { points: number; approvedBy: number | null }, now: Date, ref: WriteRef) {
  const detail = JSON.stringify({ entryId: 0, memberId: rec.memberId, points: rec.points, approvedBy: rec.approvedBy, staffRole: rec.cashier.role })
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    SELECT ${rec.cashier.actor}, 'alert.redeem_without_card', ${`member:${rec.memberId}`},
      json_set(${detail}, '$.entryId', ${ref.entryId}), ${rec.storeId}, ${now.getTime()}
    WHERE ${ref.written}`)
}

/** A reversal being written: the original entry, and what the receipt states (`reversalPreview`). */
export interface PendingReversal extends Omit<PendingCheckout, 'action' | 'detail'> {
  original: Pick<LedgerEntry, 'id' | 'kind' | 'points'>
  reason: string
  yenPerPoint: number
}

/**
 * What follows a reversal, in its ledger write's batch: the audit entry, its amounts and settlement read from the
 * entry being written (so it is right whatever was written since the preview), the reversals alert, and the receipt,
 * which applies only when the entry is the one previewed (`reversalReceiptSent` tells; else send it with the outcome).
 */
export function reversalFollowUps(db: Database, config: Config, settings: ShopSettings, rec: PendingReversal, now: Date, ref: WriteRef) {
  const at = now.getTime()
  const actor = rec.cashier.actor
  const earned = rec.original.points
  const detail = JSON.stringify({
    entryId: 0,
    points: 0,
    balance: 0,
    staffRole: rec.cashier.role,
    reverses: rec.original.id,
    reversedKind: rec.original.kind,
    reason: rec.reason,
    ...(earned > 0 && { settlement: { earned, takenBack: 0, shortfall: 0, shortfallYen: 0, expired: 0 } }),
  })
  const settlement =
    earned > 0
      ? sql`, '$.settlement.takenBack', -e.points, '$.settlement.shortfall', coalesce(e.shortfall, 0),
          '$.settlement.shortfallYen', CAST(round(coalesce(e.shortfall, 0) * ${rec.yenPerPoint}) AS INTEGER),
          '$.settlement.expired', ${earned} + e.points - coalesce(e.shortfall, 0)`
      : sql``
  const asPreviewed = sql`${ref.written} AND EXISTS (SELECT 1 FROM point_ledger e WHERE e.id = ${ref.entryId}
    AND e.points = ${rec.entry.points} AND e.balance_after = ${rec.balance} AND coalesce(e.shortfall, 0) = ${rec.shortfall?.points ?? 0})`
  return [
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      SELECT ${actor}, 'checkout.reverse', ${`member:${rec.memberId}`},
        json_set(${detail}, '$.entryId', e.id, '$.points', e.points, '$.balance', e.balance_after${settlement}), ${rec.storeId}, ${at}
      FROM point_ledger e WHERE e.id = ${ref.entryId} AND ${ref.written}`),
    ...(rec.receiptTo ? [receiptStatement(db, config, { ...rec, action: 'reverse', receiptTo: rec.receiptTo }, ref.entryId, now, asPreviewed)] : []),
    alertWhenOver(db, actor, 'reversals', 'checkout.reverse', settings.checkout.alertReversalsPerHour, at, rec.storeId, sql``, ref.written),
  ]
}

/** Whether `reversalFollowUps` (their results, in order) sent the receipt; true when there was none to send. */
export const reversalReceiptSent = (rec: Pick<PendingReversal, 'receiptTo'>, results: unknown[]) =>
  !rec.receiptTo || affectedRows(results[1]) > 0

/** The receipt of a written entry, in a batch of its own (a repeat is dropped: it is deduplicated by the entry id). */
export async function sendReceipt(db: Database, config: Config, rec: ReceiptOf, entryId: number, now: Date) {
  await db.batch([receiptStatement(db, config, rec, sql`CAST(${entryId} AS INTEGER)`, now, sql`1`)])
}
