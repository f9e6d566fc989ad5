// Facts other parts of the system act on (a member's rank changed), written in the same batch as the change itself,
// so a follow-up (a message) reads an explicit event instead of parsing audit-log strings.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant, rowId } from './columns'

export const domainEvents = sqliteTable(
  'domain_events',
  {
    id: rowId(),
    /** What happened, e.g. `rank.changed`. */
    kind: text().notNull(),
    memberId: integer(),
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: instant().notNull(),
    /** Set once the follow-up was planned (e.g. its outbox row written); pending events have none. */
    consumedAt: instant(),
  },
  (t) => [index('domain_events_pending_idx').on(t.kind, t.consumedAt, t.createdAt)],
)

export type DomainEvent = typeof domainEvents.$inferSelect
