// Domain events (db/schema/domain-events.ts): written by the use cases in the same batch as what happened, and read
// by the follow-ups (rank messages consume theirs; scenarios and outgoing webhooks read every event past their own
// cursors, and never mark one consumed).
import { inArray, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { domainEvents } from '../../db/schema'
import type { OutgoingEventType } from '../domain/outgoing-webhook'
import type { ScenarioTrigger } from '../domain/scenario'

/** Ids per statement: D1 binds at most 100 parameters, one is the time. */
const idsPerStatement = 99

export type DomainEventKind = 'rank.changed' | ScenarioTrigger | OutgoingEventType

/**
 * A batchable insert of event `kind` about `memberId` (a value or SQL naming a row written earlier in the batch; null
 * for a friend with no membership), applied only when `condition` holds in the batch.
 */
export function recordEvent(
  db: Database,
  kind: DomainEventKind,
  memberId: number | SQL | null,
  payload: Record<string, unknown>,
  now: Date,
  condition: SQL = sql`1`,
) {
  return db.run(sql`INSERT INTO domain_events (kind, member_id, payload, created_at)
    SELECT ${kind}, ${memberId}, ${JSON.stringify(payload)}, ${now.getTime()} WHERE ${condition}`)
}

/** Marks the events done; their follow-ups carry dedupe keys, so consuming late never repeats one. */
export async function consumeEvents(db: Database, ids: number[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += idsPerStatement)
    await db
      .update(domainEvents)
      .set({ consumedAt: now })
      .where(inArray(domainEvents.id, ids.slice(i, i + idsPerStatement)))
}
