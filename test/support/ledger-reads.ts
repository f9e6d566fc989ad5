// What tests read back after a points write: a member's stored balance, and the audit entries that name one entry.
import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { auditLog, members } from '../../db/schema'

/** The balance stored on member `memberId`'s row. */
export async function memberBalance(db: Database, memberId: number): Promise<number> {
  return (await db.query.members.findFirst({ where: eq(members.id, memberId) }))!.balance
}

/** The audit entries of `action` whose detail holds `value` at the JSON path `path` (`$.entryId`). */
export function auditsWithDetail(db: Database, action: string, path: string, value: unknown) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), sql`json_extract(${auditLog.detail}, ${path}) = ${value}`))
}
