// Rows that workers take with a lease (the webhook inbox's events, their forwards, the outgoing webhook deliveries):
// a pending row whose time has come is claimed by one conditional statement that sets its lease and counts an attempt;
// its outcome is written only while that lease is still the row's (a worker that overran it and lost the row to
// another changes nothing); a requeue makes it pending again with a fresh set of attempts, with its audit entry.
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core'
import type { Database } from '../../db/client'
import { auditWhen, type AuditValues } from './audit'

/** A leased table: these columns under these names, and `key`, the column that finds one row. */
type LeasedTable = SQLiteTable & {
  status: SQLiteColumn
  attempts: SQLiteColumn
  nextAttemptAt: SQLiteColumn
  leaseUntil: SQLiteColumn
}

/** Takes the row for `leaseMs` (counting an attempt) if it is due and nobody holds it; null when it is not. */
export async function claimLeased<T extends LeasedTable>(
  db: Database,
  table: T,
  key: SQLiteColumn,
  id: string | number,
  now: Date,
  leaseMs: number,
): Promise<T['$inferSelect'] | null> {
  const lease = { leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${table.attempts} + 1` }
  const [row] = await db
    .update(table)
    // The generic table's set type is not resolved; the columns named are the LeasedTable's.
    .set(lease as SQLiteUpdateSetSource<T>)
    .where(
      and(
        eq(key, id),
        eq(table.status, 'pending'),
        lte(table.nextAttemptAt, now),
        or(isNull(table.leaseUntil), lt(table.leaseUntil, now)),
      ),
    )
    .returning()
  return row ?? null
}

/** Writes a claim's outcome (`set`) and ends its lease, only while that lease is still the row's. */
export async function finishLeased<T extends LeasedTable>(
  db: Database,
  table: T,
  key: SQLiteColumn,
  claim: { id: string | number; leaseUntil: Date },
  set: SQLiteUpdateSetSource<T>,
) {
  await db
    .update(table)
    .set({ ...set, leaseUntil: null })
    .where(and(eq(key, claim.id), eq(table.status, 'pending'), eq(table.leaseUntil, claim.leaseUntil)))
}

/**
 * Puts the row back to pending with a fresh set of attempts if it is in one of the `from` states, audited in the same
 * batch; false when it is in none.
 */
export async function requeueLeased<T extends LeasedTable>(
  db: Database,
  table: T,
  key: SQLiteColumn,
  id: string | number,
  from: readonly string[],
  audit: AuditValues,
  now: Date,
): Promise<boolean> {
  const fresh = { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null }
  const [rows] = await db.batch([
    db
      .update(table)
      .set(fresh as SQLiteUpdateSetSource<T>)
      .where(and(eq(key, id), inArray(table.status, [...from])))
      .returning({ id: key }),
    auditWhen(
      db,
      audit,
      now.getTime(),
      sql`EXISTS (SELECT 1 FROM ${table} WHERE ${key} = ${id} AND ${table.status} = 'pending'
        AND ${table.attempts} = 0 AND ${table.nextAttemptAt} = ${now.getTime()})`,
    ),
  ])
  return rows.length === 1
}

/**
 * An HTTP send's outcome: answered 2xx (`Done`), or to try again (`pending`, at `nextAttemptAt` when given) or given up
 * (`Given`), with the answer's status (null: no answer) and the error.
 */
export type SendOutcome<Done extends string, Given extends string> =
  | { status: Done; httpStatus: number }
  | { status: 'pending' | Given; httpStatus: number | null; error: string; nextAttemptAt?: Date }

/** The columns a send's outcome sets on its row (the caller adds when it was sent, on success). */
export function sendOutcomeSet<Done extends string, Given extends string>(outcome: SendOutcome<Done, Given>) {
  return {
    status: outcome.status,
    lastStatus: outcome.httpStatus,
    lastError: 'error' in outcome ? outcome.error : null,
    ...('nextAttemptAt' in outcome && outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
  }
}
