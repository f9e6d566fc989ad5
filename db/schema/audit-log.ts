// Who did what to whom, for every change staff, admins and customers make.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant, rowId } from './columns'

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: rowId(),
    actor: text().notNull(),
    action: text().notNull(),
    target: text(),
    detail: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    storeId: integer(),
    at: instant().notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actor, t.action, t.at),
    // What happened to one target (`member:42`): a member's data export, the audit search by target.
    index('audit_log_target_idx').on(t.target, t.at),
  ],
)

export type AuditEntry = typeof auditLog.$inferSelect
export type NewAuditEntry = typeof auditLog.$inferInsert
