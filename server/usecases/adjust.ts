// An admin's manual point adjustment (ledger kind `adjust`, the reason in `note`): the entry and its audit entry
// in one batch, once per admin and idempotency key.
import { sql } from 'drizzle-orm'
import type { LedgerEntry, Staff } from '../../db/schema'
import { addPoints, spendPoints, type WriteRef } from '../data/ledger'
import { isRefusal, refusalOf, type Refusal } from '../domain/refusal'
import type { Database } from '../../db/client'
import type { SettingsUseCaseContext } from './context'
import { staffActor } from '../data/audit'

export interface AdjustInput {
  memberId: number
  /** Signed: positive adds a lot, negative takes points earliest-expiry first. */
  points: number
  reason: string
  /** The client's key; scoped to the admin, so one admin's key never replays another's adjustment. */
  idempotencyKey: string
  admin: Pick<Staff, 'id'>
}

export interface Adjusted {
  ok: true
  entry: LedgerEntry
  balance: number
  replayed: boolean
}

/** The `points.adjusted` audit entry, its entry id and balance read from the entry the batch writes. */
function adjustedAudit(db: Database, input: AdjustInput, actor: string, at: number, ref: WriteRef) {
  const detail = JSON.stringify({ points: input.points, reason: input.reason, entryId: 0, balance: 0 })
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
    SELECT ${actor}, 'points.adjusted', ${`member:${input.memberId}`},
      json_set(${detail}, '$.entryId', e.id, '$.balance', e.balance_after), ${at}
    FROM point_ledger e WHERE e.id = ${ref.entryId} AND ${ref.written}`)
}

export async function adjustPoints(ctx: SettingsUseCaseContext, input: AdjustInput): Promise<Adjusted | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const actor = staffActor(input.admin)
  const write = {
    memberId: input.memberId,
    idempotencyKey: `admin-adjust:${input.admin.id}:${input.idempotencyKey}`,
    actor,
    note: input.reason,
  }
  const audit = (ref: WriteRef) => [adjustedAudit(db, input, actor, now.getTime(), ref)]
  let outcome
  if (input.points > 0) {
    const { validityDays } = (await ctx.settings.load()).points
    const expiresAt = new Date(now.getTime() + validityDays * 86_400_000)
    outcome = await refusalOf(addPoints(db, { ...write, kind: 'adjust', points: input.points, expiresAt }, now, audit))
  } else {
    outcome = await refusalOf(spendPoints(db, { ...write, kind: 'adjust', points: -input.points }, now, audit))
  }
  if (isRefusal(outcome)) return outcome
  return { ok: true, entry: outcome.entry, balance: outcome.balance, replayed: outcome.replayed }
}
