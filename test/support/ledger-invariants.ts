// Invariants of the points ledger, checked straight from the tables.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'

export interface InvariantReport {
  balanceNotLedgerSum: unknown[]
  negativeBalance: unknown[]
  lotsNotBalance: unknown[]
  negativeRemaining: unknown[]
  overAllocated: unknown[]
  /** members.next_expiry_at (kept by triggers) differs from the earliest expiry of the lots with points left. */
  nextExpiryStale: unknown[]
  /** An entry's balance_after (what its receipt states) differs from the member's running SUM(ledger) up to it. */
  balanceAfterNotRunning: unknown[]
}

/** Each invariant as the query that lists the rows breaking it. */
const checks: Record<keyof InvariantReport, SQL> = {
  balanceNotLedgerSum: sql`SELECT m.id, m.balance, coalesce(sum(l.points), 0) AS total FROM members m
      LEFT JOIN point_ledger l ON l.member_id = m.id GROUP BY m.id HAVING m.balance != coalesce(sum(l.points), 0)`,
  negativeBalance: sql`SELECT id, balance FROM members WHERE balance < 0`,
  lotsNotBalance: sql`SELECT m.id, m.balance, coalesce(sum(l.remaining), 0) AS lots FROM members m
      LEFT JOIN point_ledger l ON l.member_id = m.id GROUP BY m.id HAVING m.balance != coalesce(sum(l.remaining), 0)`,
  negativeRemaining: sql`SELECT id, remaining FROM point_ledger WHERE remaining < 0 OR remaining > points`,
  overAllocated: sql`SELECT e.id FROM point_ledger e LEFT JOIN ledger_allocations a ON a.entry_id = e.id
      WHERE e.kind IN ('redeem', 'adjust') AND e.points < 0 GROUP BY e.id HAVING coalesce(sum(a.points), 0) != -e.points`,
  nextExpiryStale: sql`SELECT m.id, m.next_expiry_at FROM members m WHERE m.next_expiry_at IS NOT
      (SELECT min(l.expires_at) FROM point_ledger l WHERE l.member_id = m.id AND l.remaining > 0)`,
  balanceAfterNotRunning: sql`SELECT e.id, e.balance_after FROM point_ledger e WHERE e.balance_after IS NOT NULL
      AND e.balance_after != (SELECT sum(p.points) FROM point_ledger p WHERE p.member_id = e.member_id AND p.id <= e.id)`,
}

const invariants = Object.keys(checks) as (keyof InvariantReport)[]

export async function ledgerViolations(db: Database): Promise<InvariantReport> {
  const found = await Promise.all(invariants.map((name) => db.all(checks[name])))
  return byInvariant((i) => found[i] ?? [])
}

/** Every invariant holds: no row breaks any of them. */
export const noViolations = byInvariant(() => [])

function byInvariant(rows: (i: number) => unknown[]): InvariantReport {
  const report = {} as InvariantReport
  invariants.forEach((name, i) => {
    report[name] = rows(i)
  })
  return report
}
