// A member card's change marker: the id of the member's newest ledger entry. Every balance change (earn, redeem,
// reverse, adjust, expire) is a ledger row, and a card scan is written only in the batch of the ledger row it pays
// for, so the marker moves exactly when the card's points, history or used QR change. One read of an index.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

export interface CardVersion {
  memberId: number
  version: number
}

/** The active membership linked to `lineUserId` and its card's marker; undefined when there is none. */
export async function loadCardVersion(db: Database, lineUserId: string): Promise<CardVersion | undefined> {
  const [row] = await db.all<{ memberId: number; version: number | null }>(sql`
    SELECT m.id AS memberId, (SELECT max(id) FROM point_ledger WHERE member_id = m.id) AS version
    FROM line_accounts a JOIN members m ON m.id = a.member_id
    WHERE a.line_user_id = ${lineUserId} AND m.status = 'active'`)
  return row && { memberId: Number(row.memberId), version: Number(row.version ?? 0) }
}
