// Puts messages into the outbox (`deliveries`); the sender is the only thing that talks to LINE.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { deliveries } from '../../db/schema'
import { holdsInQuietHours } from '../outbox/quiet-hours'

export interface OutgoingMessage {
  /** What the message is for, e.g. `receipt:812` or `reservation:42:24h`: planned once, whoever plans it again. */
  dedupeKey: string
  kind: string
  lineUserId: string
  /** Messaging API message objects (at most 5). */
  messages: unknown[]
  /** Messages with the same hash have identical content and may go out as one multicast. */
  contentHash?: string
  /** Earliest time to send (default: now). */
  notBefore?: Date
  campaignId?: number
  /** What the message reports under (`sourceKey`); its links are then counted through `/r/`. */
  source?: string
  /** Held while quiet hours last; by default for kinds with no deadline (`holdsInQuietHours`). */
  holdInQuietHours?: boolean
}

const held = (message: Pick<OutgoingMessage, 'kind' | 'holdInQuietHours'>) =>
  message.holdInQuietHours ?? holdsInQuietHours(message.kind)

/** A batchable insert that does nothing when the dedupe key is already planned. */
export function enqueueMessage(db: Database, message: OutgoingMessage, now: Date) {
  return db
    .insert(deliveries)
    .values({
      dedupeKey: message.dedupeKey,
      kind: message.kind,
      lineUserId: message.lineUserId,
      messages: message.messages,
      contentHash: message.contentHash,
      campaignId: message.campaignId,
      source: message.source,
      retryKey: crypto.randomUUID(),
      nextAttemptAt: message.notBefore ?? now,
      holdInQuietHours: held(message),
      createdAt: now,
    })
    .onConflictDoNothing({ target: deliveries.dedupeKey })
}

/**
 * The same insert for a batch whose earlier statements decide it: applies only when `condition` holds there, and
 * the dedupe key may be SQL (e.g. built from the id of a row inserted earlier in the batch).
 */
export function enqueueMessageWhen(
  db: Database,
  message: Omit<OutgoingMessage, 'dedupeKey'> & { dedupeKey: string | SQL },
  now: Date,
  condition: SQL,
) {
  return db.run(sql`INSERT INTO ${deliveries} (dedupe_key, kind, line_user_id, messages, content_hash, retry_key,
      next_attempt_at, campaign_id, source, hold_in_quiet_hours, created_at)
    SELECT ${message.dedupeKey}, ${message.kind}, ${message.lineUserId}, ${JSON.stringify(message.messages)},
      ${message.contentHash ?? null}, ${crypto.randomUUID()}, ${(message.notBefore ?? now).getTime()},
      ${message.campaignId ?? null}, ${message.source ?? null}, ${held(message) ? 1 : 0}, ${now.getTime()}
    WHERE ${condition}
    ON CONFLICT (dedupe_key) DO NOTHING`)
}
