// Audit-log rows as batchable statements, so a change and its audit entry commit together or not at all.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { ApiKey, Staff } from '../../db/schema'

/**
 * The one spelling of a person on the staff as an actor (audit log, ledger, settings, campaigns): `staff:<id>`,
 * whatever their role. Customers are `line:<user id>`, jobs `system:<job>`, the shop's systems `apikey:<id>`.
 */
export const staffActor = (staff: Pick<Staff, 'id'>) => `staff:${staff.id}`

/** The one spelling of a shop system acting through its API key (POS, booking system, EC site): `apikey:<id>`. */
export const apiKeyActor = (key: Pick<ApiKey, 'id'>) => `apikey:${key.id}`

export interface AuditValues {
  actor: string
  action: string
  target: string
  detail?: Record<string, unknown>
  storeId?: number | null
}

/** INSERT into audit_log only when `condition` holds inside the batch (e.g. "this attempt's update happened"). */
export function auditWhen(db: Database, entry: AuditValues, at: number, condition: SQL) {
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    SELECT ${entry.actor}, ${entry.action}, ${entry.target}, ${entry.detail ? JSON.stringify(entry.detail) : null},
      ${entry.storeId ?? null}, ${at}
    WHERE ${condition}
      AND NOT EXISTS (SELECT 1 FROM audit_log WHERE action = ${entry.action} AND target = ${entry.target} AND at = ${at})`)
}

/** An unconditional audit entry. */
export function audit(db: Database, entry: AuditValues, at: number) {
  return db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    VALUES (${entry.actor}, ${entry.action}, ${entry.target}, ${entry.detail ? JSON.stringify(entry.detail) : null}, ${entry.storeId ?? null}, ${at})`)
}
