// Domain events (db/schema/domain-events.ts): marking them consumed once their follow-up is planned.
import { inArray } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { domainEvents } from '../../db/schema'

/** Marks the events done; their follow-ups carry dedupe keys, so consuming late never repeats one. */
export async function consumeEvents(db: Database, ids: number[], now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await db.update(domainEvents).set({ consumedAt: now }).where(inArray(domainEvents.id, ids.slice(i, i + 500)))
}
