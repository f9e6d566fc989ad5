// Writes to the points ledger: earn, redeem, adjust, reverse. Each write is one atomic `db.batch` of
// conditional statements, so it is applied once per idempotency key and never overdraws, on libsql and D1 alike.
import { eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import { perDatabase } from '../../db/prepared'
import { members, pointLedger, type LedgerEntry } from '../../db/schema'
import { refuse, Refused, type Refusal } from '../domain/refusal'
import { recordEvent } from './domain-events'

export interface LedgerWrite {
  memberId: number
  idempotencyKey: string
  /** e.g. `staff:3` (`staffActor`), `ec:order`. */
  actor: string
  storeId?: number | null
  note?: string | null
  /**
   * The scanned card token this write consumes (single use); refused (`card_revoked`) unless the member's LINE account
   * is still linked and was linked before the token was issued, checked inside the batch so a concurrent unlink or
   * deletion cannot slip through.
   */
  card?: { tokenId: string; issuedAt: number }
  /** A manager's redeem approval (`redeem_approvals.id`) this write consumes (single use, unexpired). */
  approvalId?: number
  staffId?: number | null
  /**
   * A visit (a checkout at the till): the member's `last_visit_at` becomes the write's time, set by the same update as
   * the balance (one write of the member row).
   */
  visit?: boolean
  /** A further condition the write needs, checked in its insert (e.g. a reward still in stock for this member). */
  condition?: SQL
}

export interface LedgerOutcome {
  entry: LedgerEntry
  /** The balance right after this entry (computed in its own batch), whatever was written since. */
  balance: number
  /** The member's rank, read with the balance after the write. */
  rank: string
  /** True when the idempotency key had already been applied: nothing new was written. */
  replayed: boolean
  /** Results of the follow-up statements, in their order (empty without follow-ups). */
  followed: unknown[]
}

/** Where statements in the same batch as a ledger write find it; both hold only inside that batch. */
export interface WriteRef {
  /** True only if this attempt inserted the entry. */
  written: SQL
  /** The id of the entry this attempt inserted. */
  entryId: SQL
}

/**
 * Statements that run in the ledger write's own batch, right after it (so they commit with it or not at all), such
 * as the audit entry and the receipt of a checkout. Each must apply only when `written` holds.
 */
export type FollowUps = (ref: WriteRef) => BatchItem<'sqlite'>[]

type Kind = LedgerEntry['kind']

/** True while the member's LINE account that showed a card issued at `issuedAt` (seconds) is still linked. */
const cardStillLinked = (memberId: number, issuedAt: number) =>
  sql`EXISTS (SELECT 1 FROM line_accounts WHERE member_id = ${memberId} AND linked_at < ${(issuedAt + 1) * 1000})`

/** True while a redeem approval is unused and unexpired. */
const approvalOpen = (id: number, at: number) =>
  sql`EXISTS (SELECT 1 FROM redeem_approvals WHERE id = ${id} AND used_at IS NULL AND expires_at > ${at})`

/** Conditions every write shares: a fresh key, an active member, an unused card token still linked, an open approval. */
function freshWrite(w: LedgerWrite, at: number): SQL {
  const card = w.card
    ? sql` AND NOT EXISTS (SELECT 1 FROM card_scans WHERE token_id = ${w.card.tokenId})
      AND ${cardStillLinked(w.memberId, w.card.issuedAt)}`
    : sql``
  const approval = w.approvalId === undefined ? sql`` : sql` AND ${approvalOpen(w.approvalId, at)}`
  const more = w.condition ? sql` AND ${w.condition}` : sql``
  return sql`NOT EXISTS (SELECT 1 FROM point_ledger WHERE idempotency_key = ${w.idempotencyKey})
    AND EXISTS (SELECT 1 FROM members WHERE id = ${w.memberId} AND status = 'active')${card}${approval}${more}`
}

/** True inside the batch only if this attempt inserted the entry. */
const written = (key: string, writeId: string) =>
  sql`EXISTS (SELECT 1 FROM point_ledger WHERE idempotency_key = ${key} AND write_id = ${writeId})`

const entryIdOf = (key: string, writeId: string) =>
  sql`(SELECT id FROM point_ledger WHERE idempotency_key = ${key} AND write_id = ${writeId})`

/** Points of a member's lots that can still be spent at `at`. */
const spendable = (memberId: number, at: number) =>
  sql`(SELECT coalesce(sum(remaining), 0) FROM point_ledger
       WHERE member_id = ${memberId} AND remaining > 0 AND (expires_at IS NULL OR expires_at > ${at}))`

interface EntryValues {
  kind: Kind
  points: number
  remaining: number | null
  expiresAt: Date | null
  purchaseAmount?: number | null
  reversesId?: number | null
}

function insertEntry(db: Database, w: LedgerWrite, v: EntryValues, writeId: string, at: number, condition: SQL) {
  return db.run(sql`
    INSERT INTO point_ledger (member_id, kind, points, balance_after, remaining, expires_at, purchase_amount, store_id,
      actor, reverses_id, idempotency_key, note, write_id, created_at)
    SELECT ${w.memberId}, ${v.kind}, ${v.points}, (SELECT balance FROM members WHERE id = ${w.memberId}) + ${v.points},
      ${v.remaining}, ${v.expiresAt?.getTime() ?? null},
      ${v.purchaseAmount ?? null}, ${w.storeId ?? null}, ${w.actor}, ${v.reversesId ?? null}, ${w.idempotencyKey},
      ${w.note ?? null}, ${writeId}, ${at}
    WHERE ${condition}
    ON CONFLICT DO NOTHING`)
}

function changeBalance(db: Database, w: LedgerWrite, delta: number | SQL, writeId: string, at: number) {
  const visit = w.visit ? sql`, last_visit_at = ${at}` : sql``
  return db.run(sql`UPDATE members SET balance = balance + ${delta}, updated_at = ${at}${visit}
    WHERE id = ${w.memberId} AND ${written(w.idempotencyKey, writeId)}`)
}

/** Marks the card token and the approval the write consumed as used. */
function consumeGrants(db: Database, w: LedgerWrite, writeId: string, at: number) {
  return [
    ...(w.card
      ? [db.run(sql`INSERT INTO card_scans (token_id, member_id, staff_id, used_at)
          SELECT ${w.card.tokenId}, ${w.memberId}, ${w.staffId ?? null}, ${at} WHERE ${written(w.idempotencyKey, writeId)}`)]
      : []),
    ...(w.approvalId === undefined
      ? []
      : [db.run(sql`UPDATE redeem_approvals SET used_at = ${at}, used_by_staff_id = ${w.staffId ?? null}
          WHERE id = ${w.approvalId} AND ${written(w.idempotencyKey, writeId)}`)]),
  ]
}

/**
 * Takes `points` (a number, or SQL evaluated inside the batch) from the member's spendable lots, earliest expiry
 * first, recording each allocation; `exceptLot` is left alone.
 */
function consumeLots(db: Database, w: LedgerWrite, points: number | SQL, writeId: string, at: number, exceptLot?: number) {
  const except = exceptLot === undefined ? sql`` : sql` AND id != ${exceptLot}`
  return [
    db.run(sql`
      INSERT INTO ledger_allocations (entry_id, lot_id, points)
      SELECT ${entryIdOf(w.idempotencyKey, writeId)}, id, min(remaining, ${points} - before)
      FROM (
        SELECT id, remaining, coalesce(sum(remaining) OVER (
          ORDER BY expires_at IS NULL, expires_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
        FROM point_ledger
        WHERE member_id = ${w.memberId} AND remaining > 0 AND (expires_at IS NULL OR expires_at > ${at})${except}
      )
      WHERE before < ${points} AND ${written(w.idempotencyKey, writeId)}`),
    db.run(sql`
      UPDATE point_ledger SET remaining = remaining - a.points
      FROM ledger_allocations a
      WHERE a.entry_id = ${entryIdOf(w.idempotencyKey, writeId)} AND point_ledger.id = a.lot_id`),
  ] as const
}

/** The batch of a write: its own statements, then the follow-ups (their results come back as `followed`). */
async function writeBatch(db: Database, w: LedgerWrite, writeId: string, own: BatchItem<'sqlite'>[], followUps?: FollowUps) {
  const more = followUps?.({ written: written(w.idempotencyKey, writeId), entryId: entryIdOf(w.idempotencyKey, writeId) }) ?? []
  const results = (await db.batch([own[0]!, ...own.slice(1), ...more])) as unknown[]
  return results.slice(own.length)
}

const entryByKey = perDatabase((db) =>
  db.query.pointLedger.findFirst({ where: eq(pointLedger.idempotencyKey, sql.placeholder('key')) }).prepare(),
)
/** The entry written under a key, with its member's balance and rank as they stand: what a write answers, in one read. */
const entryWithStanding = perDatabase((db) =>
  db
    .select({ entry: pointLedger, balance: members.balance, rank: members.rank })
    .from(pointLedger)
    .innerJoin(members, eq(members.id, pointLedger.memberId))
    .where(eq(pointLedger.idempotencyKey, sql.placeholder('key')))
    .limit(1)
    .prepare(),
)

/** The entry written under an idempotency key, if any. */
export const ledgerEntryByKey = (db: Database, key: string): Promise<LedgerEntry | undefined> =>
  entryByKey(db).execute({ key })

export const keyReused = () =>
  new Refused(refuse('idempotency_key_reused', 'This idempotency key was already used for a different transaction'))

/**
 * Whether the entry under a key records the same change as this write (member, kind, points, store, purchase,
 * target). A reversal's points depend on the lots when it was written, so its target stands for them.
 */
function sameContent(entry: LedgerEntry, w: LedgerWrite, v: EntryValues): boolean {
  return (
    entry.memberId === w.memberId &&
    entry.kind === v.kind &&
    (v.kind === 'reverse' || entry.points === v.points) &&
    entry.storeId === (w.storeId ?? null) &&
    entry.purchaseAmount === (v.purchaseAmount ?? null) &&
    entry.reversesId === (v.reversesId ?? null)
  )
}

async function settle(db: Database, w: LedgerWrite, writeId: string, expected: EntryValues, followed: unknown[], why: () => Promise<Refusal>): Promise<LedgerOutcome> {
  const [stored] = await entryWithStanding(db).all({ key: w.idempotencyKey })
  if (!stored) throw new Refused(await why())
  const { entry } = stored
  if (!sameContent(entry, w, expected)) throw keyReused()
  const balance = entry.balanceAfter ?? stored.balance
  return { entry, balance, rank: stored.rank, replayed: entry.writeId !== writeId, followed }
}

export const cardRevoked = () =>
  refuse('card_revoked', 'This card code is no longer valid: the membership was unlinked or deleted since')

export const approvalInvalid = () =>
  refuse('approval_invalid', "The manager's approval code is wrong, expired, already used or for another redeem")

/** Why a write whose entry was not inserted was refused (the key is known to be unused). */
async function refusal(db: Database, w: LedgerWrite, at: number, need?: number): Promise<Refusal> {
  const member = await db.query.members.findFirst({ where: eq(members.id, w.memberId) })
  if (!member || member.status !== 'active') return refuse('member_not_found', 'No active membership with this id')
  if (w.card) {
    const { tokenId, issuedAt } = w.card
    const used = await db.query.cardScans.findFirst({ where: (t, { eq: is }) => is(t.tokenId, tokenId) })
    if (used) return refuse('card_used', 'This card code has already been used for a transaction')
    const [linked] = await db.all<{ ok: number }>(sql`SELECT ${cardStillLinked(w.memberId, issuedAt)} AS ok`)
    if (!linked?.ok) return cardRevoked()
  }
  if (w.approvalId !== undefined) {
    const [open] = await db.all<{ ok: number }>(sql`SELECT ${approvalOpen(w.approvalId, at)} AS ok`)
    if (!open?.ok) return approvalInvalid()
  }
  if (need !== undefined) {
    const [row] = await db.all<{ n: number }>(sql`SELECT ${spendable(w.memberId, at)} AS n`)
    return refuse('insufficient_points', `Only ${row?.n ?? 0} points can be used; ${need} were asked for`)
  }
  return refuse('write_refused', 'The change could not be applied; please try again')
}

export interface EarnInput extends LedgerWrite {
  points: number
  expiresAt: Date
  purchaseAmount?: number | null
  kind?: 'earn' | 'adjust'
  /** Fraud limit: refuse (422 `daily_earn_cap`) when earns since `since` plus this one would exceed `points`. */
  dailyCap?: { since: Date; points: number }
}

/** Points a member earned (kind earn, reversals not deducted) since `since`. */
const earnedSince = (memberId: number, since: number) =>
  sql`(SELECT coalesce(sum(points), 0) FROM point_ledger WHERE member_id = ${memberId} AND kind = 'earn' AND created_at >= ${since})`

async function capRefusal(db: Database, input: EarnInput): Promise<Refusal | null> {
  if (!input.dailyCap) return null
  const [row] = await db.all<{ n: number }>(sql`SELECT ${earnedSince(input.memberId, input.dailyCap.since.getTime())} AS n`)
  const left = Math.max(0, input.dailyCap.points - (row?.n ?? 0))
  if (input.points <= left) return null
  return refuse('daily_earn_cap', `This member can earn at most ${input.dailyCap.points} points a day; ${left} are left today`, { left, cap: input.dailyCap.points })
}

/** Adds a lot of `points` (> 0) that expires at `expiresAt`; `followUps` run in the same batch. */
export async function addPoints(db: Database, input: EarnInput, now: Date, followUps?: FollowUps): Promise<LedgerOutcome> {
  const writeId = crypto.randomUUID()
  const at = now.getTime()
  const kind = input.kind ?? 'earn'
  const values = { kind, points: input.points, remaining: input.points, expiresAt: input.expiresAt, purchaseAmount: input.purchaseAmount }
  const cap = input.dailyCap
    ? sql` AND ${earnedSince(input.memberId, input.dailyCap.since.getTime())} + ${input.points} <= ${input.dailyCap.points}`
    : sql``
  const followed = await writeBatch(db, input, writeId, [
    insertEntry(db, input, values, writeId, at, sql`${freshWrite(input, at)}${cap}`),
    changeBalance(db, input, input.points, writeId, at),
    ...consumeGrants(db, input, writeId, at),
  ], followUps)
  return settle(db, input, writeId, values, followed, async () => {
    const refused = await refusal(db, input, at)
    return refused.refusal === 'write_refused' ? ((await capRefusal(db, input)) ?? refused) : refused
  })
}

export interface SpendInput extends LedgerWrite {
  points: number
  kind?: 'redeem' | 'adjust'
}

/** Takes `points` (> 0) from spendable lots, earliest expiry first; refused when they do not cover it. */
export async function spendPoints(db: Database, input: SpendInput, now: Date, followUps?: FollowUps): Promise<LedgerOutcome> {
  const writeId = crypto.randomUUID()
  const at = now.getTime()
  const kind = input.kind ?? 'redeem'
  const values = { kind, points: -input.points, remaining: null, expiresAt: null }
  const enough = sql`${freshWrite(input, at)} AND ${spendable(input.memberId, at)} >= ${input.points}`
  const followed = await writeBatch(db, input, writeId, [
    insertEntry(db, input, values, writeId, at, enough),
    ...consumeLots(db, input, input.points, writeId, at),
    changeBalance(db, input, -input.points, writeId, at),
    ...consumeGrants(db, input, writeId, at),
  ], followUps)
  return settle(db, input, writeId, values, followed, () => refusal(db, input, at, input.points))
}

export interface ReverseInput {
  entryId: number
  idempotencyKey: string
  actor: string
  storeId?: number | null
  note?: string | null
}

/** Points of lot `lotId` spent by entries that still stand (not reversed): what the customer had the use of. */
const lotUsed = (lotId: number) =>
  sql`(SELECT coalesce(sum(a.points), 0) FROM ledger_allocations a WHERE a.lot_id = ${lotId}
       AND NOT EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = a.entry_id))`

/**
 * The insert of an earn's (or positive adjustment's) reversal, its amounts computed inside the batch: it owes the
 * lot's points less what expired unused (what is left of the lot plus what was spent from it); it takes what is
 * left of the lot, then the rest from the member's other spendable lots, and records what those could not cover as
 * `shortfall`. The balance never goes below zero.
 */
/**
 * The amounts of an earn's (or positive adjustment's) reversal if written at `at`, as one row (`taken`, `owed`): it
 * owes the lot's points less what expired unused (what is left of the lot plus what was spent from it); it takes what
 * is left of the lot, then the rest from the member's other spendable lots; `owed - taken` is the shortfall.
 */
function earnReversalAmounts(memberId: number, original: LedgerEntry, at: number) {
  const lot = original.id
  const others = sql`(SELECT coalesce(sum(remaining), 0) FROM point_ledger WHERE member_id = ${memberId} AND id != ${lot}
    AND remaining > 0 AND (expires_at IS NULL OR expires_at > ${at}))`
  return sql`SELECT o.left_ + min(o.owed - o.left_, o.others) AS taken, o.owed
    FROM (SELECT l.left_, min(${original.points}, l.left_ + l.used) AS owed, l.others
          FROM (SELECT coalesce((SELECT remaining FROM point_ledger WHERE id = ${lot}), 0) AS left_,
                  ${lotUsed(lot)} AS used, ${others} AS others) l) o`
}

/** The insert of an earn's reversal, its amounts computed inside the batch; the balance never goes below zero. */
function insertEarnReversal(db: Database, w: LedgerWrite, original: LedgerEntry, writeId: string, at: number, condition: SQL) {
  return db.run(sql`
    INSERT INTO point_ledger (member_id, kind, points, balance_after, remaining, expires_at, purchase_amount, store_id,
      actor, reverses_id, idempotency_key, note, write_id, created_at, shortfall)
    SELECT ${w.memberId}, 'reverse', -t.taken, (SELECT balance FROM members WHERE id = ${w.memberId}) - t.taken, NULL, NULL,
      NULL, ${w.storeId ?? null}, ${w.actor}, ${original.id}, ${w.idempotencyKey}, ${w.note ?? null}, ${writeId}, ${at},
      t.owed - t.taken
    FROM (${earnReversalAmounts(w.memberId, original, at)}) t
    WHERE ${condition}
    ON CONFLICT DO NOTHING`)
}

/**
 * What reversing `original` at `at` would write if nothing else changes first: its points, the member's balance
 * after it and its shortfall (null for a redeem's reversal). Statements that must state these (a receipt) are built
 * from it and checked against the entry inside the batch.
 */
export async function reversalPreview(db: Database, original: LedgerEntry, at: number) {
  const [row] = await db.all<{ taken: number; owed: number; balance: number }>(
    original.points > 0
      ? sql`SELECT t.taken, t.owed, m.balance FROM (${earnReversalAmounts(original.memberId, original, at)}) t, members m WHERE m.id = ${original.memberId}`
      : sql`SELECT ${original.points} AS taken, ${original.points} AS owed, balance FROM members WHERE id = ${original.memberId}`,
  )
  const points = -(row?.taken ?? 0)
  return { points, balance: (row?.balance ?? 0) + points, shortfall: original.points > 0 ? (row?.owed ?? 0) - (row?.taken ?? 0) : null }
}

/**
 * Undoes an earn, redeem or adjustment once. An earn takes back what its lot still holds and, for points already
 * used, as much as the member's other lots hold; what they cannot cover is the entry's `shortfall`, settled by the
 * shop. Points that expired unused are not taken back. A redemption gives its points back to the lots it came from.
 */
export async function reverseEntry(db: Database, input: ReverseInput, now: Date, followUps?: FollowUps): Promise<LedgerOutcome> {
  const original = await db.query.pointLedger.findFirst({ where: eq(pointLedger.id, input.entryId) })
  if (!original) throw new Refused(refuse('entry_not_found', 'No ledger entry with this id'))
  if (original.kind === 'reverse' || original.kind === 'expire') {
    throw new Refused(refuse('not_reversible', `A ${original.kind} entry cannot be reversed`))
  }
  const w: LedgerWrite = { ...input, memberId: original.memberId }
  const writeId = crypto.randomUUID()
  const at = now.getTime()
  const values = { kind: 'reverse' as const, points: -original.points, remaining: null, expiresAt: null, reversesId: original.id }
  const notYetReversed = sql`${freshWrite(w, at)} AND NOT EXISTS (SELECT 1 FROM point_ledger WHERE reverses_id = ${original.id})`
  const isWritten = written(w.idempotencyKey, writeId)
  const entry = entryIdOf(w.idempotencyKey, writeId)
  const statements =
    original.points > 0
      ? [
          insertEarnReversal(db, w, original, writeId, at, notYetReversed),
          // The rest of what is taken, from the other lots, before the lot's own part is recorded.
          ...consumeLots(db, w, sql`((SELECT -points FROM point_ledger WHERE id = ${entry})
            - (SELECT remaining FROM point_ledger WHERE id = ${original.id}))`, writeId, at, original.id),
          db.run(sql`INSERT INTO ledger_allocations (entry_id, lot_id, points)
            SELECT ${entry}, id, remaining FROM point_ledger WHERE id = ${original.id} AND remaining > 0 AND ${isWritten}`),
          db.run(sql`UPDATE point_ledger SET remaining = 0 WHERE id = ${original.id} AND ${isWritten}`),
          changeBalance(db, w, sql`(SELECT points FROM point_ledger WHERE id = ${entry})`, writeId, at),
        ]
      : [
          insertEntry(db, w, values, writeId, at, notYetReversed),
          db.run(sql`UPDATE point_ledger SET remaining = remaining + a.points FROM ledger_allocations a
            WHERE a.entry_id = ${original.id} AND point_ledger.id = a.lot_id AND ${isWritten}`),
          changeBalance(db, w, -original.points, writeId, at),
        ]
  const followed = await writeBatch(db, w, writeId, statements, followUps)
  return settle(db, w, writeId, values, followed, async () => {
    const reversal = await db.query.pointLedger.findFirst({ where: eq(pointLedger.reversesId, original.id) })
    if (reversal) return refuse('already_reversed', 'This transaction has already been reversed')
    return refusal(db, w, at)
  })
}

/** In an earn's batch, after its entry: the `purchase.first` event when this entry is the member's first earn ever. */
export const firstEarnEvent = (db: Database, memberId: number, payload: Record<string, unknown>, ref: WriteRef, now: Date) =>
  recordEvent(db, 'purchase.first', memberId, payload, now, sql`${ref.written} AND NOT EXISTS (SELECT 1 FROM point_ledger
    WHERE member_id = ${memberId} AND kind = 'earn' AND id != ${ref.entryId})`)
