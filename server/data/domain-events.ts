// Domain events (db/schema/domain-events.ts): marking them consumed once their follow-up is planned.
import { inArray } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { domainEvents } from '../../db/schema'

/** Ids per statement: D1 binds at most 100 parameters, one is the time. */
const idsPerStatement = 99

/** Marks the events done; their follow-ups carry dedupe keys, so consuming late never repeats one. */
export async function consumeEvents(db: Database, ids: number[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += idsPerStatement)
    await db
      .update(domainEvents)
      .set({ consumedAt: now })
      .where(inArray(domainEvents.id, ids.slice(i, i + idsPerStatement)))
}
