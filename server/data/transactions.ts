// The checkout screens' list of recent transactions: one store's (or every store's), newest first.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { LedgerEntry } from '../../db/schema'

interface Row {
  id: number
  kind: LedgerEntry['kind']
  points: number
  purchase_amount: number | null
  created_at: number
  store_id: number | null
  actor: string
  actor_name: string | null
  note: string | null
  shortfall: number | null
  member_number: string
  name: string
  reversed: number
}

/** The latest `limit` store transactions of `storeId` (undefined: of every store), with who made them. */
export async function recentTransactions(db: Database, storeId: number | undefined, limit: number) {
  const rows = await db.all<Row>(sql`
    SELECT l.id, l.kind, l.points, l.purchase_amount, l.created_at, l.store_id, l.actor, s.display_name AS actor_name,
      l.note, l.shortfall, m.member_number, m.name,
      EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id) AS reversed
    FROM point_ledger l JOIN members m ON m.id = l.member_id
      LEFT JOIN staff s ON l.actor = 'staff:' || s.id
    WHERE ${storeId === undefined ? sql`l.store_id IS NOT NULL` : sql`l.store_id = ${storeId}`}
    ORDER BY l.id DESC LIMIT ${limit}`)
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    points: r.points,
    purchaseAmount: r.purchase_amount,
    at: new Date(r.created_at).toISOString(),
    storeId: r.store_id,
    actor: r.actor,
    actorName: r.actor_name,
    memberNumber: r.member_number,
    memberName: r.name,
    note: r.note,
    shortfall: r.shortfall,
    reversed: r.reversed === 1,
  }))
}
