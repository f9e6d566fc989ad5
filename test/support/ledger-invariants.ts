// Invariants of the points ledger, checked straight from the tables.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

export interface InvariantReport {
  balanceNotLedgerSum: unknown[]
  negativeBalance: unknown[]
  lotsNotBalance: unknown[]
  negativeRemaining: unknown[]
  overAllocated: unknown[]
  /** members.next_expiry_at (kept by triggers) differs from the earliest expiry of the lots with points left. */
  nextExpiryStale: unknown[]
}

export async function ledgerViolations(db: Database): Promise<InvariantReport> {
  const [balanceNotLedgerSum, negativeBalance, lotsNotBalance, negativeRemaining, overAllocated, nextExpiryStale] =
    await Promise.all([
      db.all(sql`SELECT m.id, m.balance, coalesce(sum(l.points), 0) AS total FROM members m
      LEFT JOIN point_ledger l ON l.member_id = m.id GROUP BY m.id HAVING m.balance != coalesce(sum(l.points), 0)`),
      db.all(sql`SELECT id, balance FROM members WHERE balance < 0`),
      db.all(sql`SELECT m.id, m.balance, coalesce(sum(l.remaining), 0) AS lots FROM members m
      LEFT JOIN point_ledger l ON l.member_id = m.id GROUP BY m.id HAVING m.balance != coalesce(sum(l.remaining), 0)`),
      db.all(sql`SELECT id, remaining FROM point_ledger WHERE remaining < 0 OR remaining > points`),
      db.all(sql`SELECT e.id FROM point_ledger e LEFT JOIN ledger_allocations a ON a.entry_id = e.id
      WHERE e.kind IN ('redeem', 'adjust') AND e.points < 0 GROUP BY e.id HAVING coalesce(sum(a.points), 0) != -e.points`),
      db.all(sql`SELECT m.id, m.next_expiry_at FROM members m WHERE m.next_expiry_at IS NOT
      (SELECT min(l.expires_at) FROM point_ledger l WHERE l.member_id = m.id AND l.remaining > 0)`),
    ])
  return { balanceNotLedgerSum, negativeBalance, lotsNotBalance, negativeRemaining, overAllocated, nextExpiryStale }
}

export const noViolations: InvariantReport = {
  balanceNotLedgerSum: [],
  negativeBalance: [],
  lotsNotBalance: [],
  negativeRemaining: [],
  overAllocated: [],
  nextExpiryStale: [],
}
