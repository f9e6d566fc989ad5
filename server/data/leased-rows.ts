// Rows that workers take with a lease (the webhook inbox's events, their forwards, the outgoing webhook deliveries):
// a pending row whose time has come is claimed by one conditional statement that sets its lease and counts an attempt;
// its outcome is written only while that lease is still the row's (a worker that overran it and lost the row to
// another changes nothing); a requeue makes it pending again with a fresh set of attempts.
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'

/** The columns a leased table has, under these names. */
export interface LeasedColumns {
  status: SQLiteColumn
  attempts: SQLiteColumn
  nextAttemptAt: SQLiteColumn
  leaseUntil: SQLiteColumn
}

/** The row `id` (by its key column) if it is pending, due at `now`, and nobody's lease on it still runs. */
export function claimable(table: LeasedColumns, key: SQLiteColumn, id: string | number, now: Date) {
  return and(
    eq(key, id),
    eq(table.status, 'pending'),
    lte(table.nextAttemptAt, now),
    or(isNull(table.leaseUntil), lt(table.leaseUntil, now)),
  )
}

/** What a claim sets: the lease, `leaseMs` from now, and one attempt more. */
export function takeLease(table: LeasedColumns, now: Date, leaseMs: number) {
  return { leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${table.attempts} + 1` }
}

/** The row a claim took, if it is still pending under the claim's lease. */
export function stillLeased(table: LeasedColumns, key: SQLiteColumn, id: string | number, leaseUntil: Date) {
  return and(eq(key, id), eq(table.status, 'pending'), eq(table.leaseUntil, leaseUntil))
}

/** What a requeue sets: pending now, with a fresh set of attempts and no lease. */
export function freshAttempts(now: Date) {
  return { status: 'pending' as const, attempts: 0, nextAttemptAt: now, leaseUntil: null }
}

/** True once the requeue at `now` has been written to the row (the condition of its audit entry). */
export function requeuedAt(table: SQLiteTable & LeasedColumns, key: SQLiteColumn, id: string | number, now: Date) {
  return sql`EXISTS (SELECT 1 FROM ${table} WHERE ${key} = ${id} AND ${table.status} = 'pending'
    AND ${table.attempts} = 0 AND ${table.nextAttemptAt} = ${now.getTime()})`
}
