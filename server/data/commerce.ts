// The EC site's customers, events and templates as reads and batchable statements: who a customer is (member number or
// LINE user id), the once-only event key, and the texts of a trigger message in the member's language.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { commerceEvents, lineAccounts, members, triggerTemplates } from '../../db/schema'
import type { TriggerKind } from '../domain/triggers/kinds'
import { normalizeMemberNumber } from '../domain/member-number'
import { messageLocale, type MessageLocale } from '../domain/message-locale'
import { customerFallbackName, defaultTriggerTexts, type TriggerTexts } from '../domain/triggers/templates'

/** How the EC site names its customer: exactly one of the two. */
export type CustomerRef = { memberNumber: string } | { lineUserId: string }

export interface Customer {
  memberId: number | null
  /** Where messages go; null when the member has no LINE account or blocked it. */
  lineUserId: string | null
  name: string
  locale: MessageLocale
}

/** The active member, or the LINE user the shop knows, that `ref` names; null for none. */
export async function findCustomer(db: Database, ref: CustomerRef): Promise<Customer | null> {
  const columns = {
    memberId: members.id,
    memberStatus: members.status,
    name: members.name,
    language: members.language,
    lineUserId: lineAccounts.lineUserId,
    friendStatus: lineAccounts.friendStatus,
  }
  let row: { [K in keyof typeof columns]: unknown } | undefined
  if ('memberNumber' in ref) {
    const number = normalizeMemberNumber(ref.memberNumber)
    if (!number) return null
    ;[row] = await db
      .select(columns)
      .from(members)
      .leftJoin(lineAccounts, eq(lineAccounts.memberId, members.id))
      .where(and(eq(members.memberNumber, number), eq(members.status, 'active')))
      .limit(1)
  } else {
    ;[row] = await db
      .select(columns)
      .from(lineAccounts)
      .leftJoin(members, and(eq(members.id, lineAccounts.memberId), eq(members.status, 'active')))
      .where(eq(lineAccounts.lineUserId, ref.lineUserId))
      .limit(1)
  }
  if (!row) return null
  const locale = messageLocale(row.language as string | null)
  const member = row.memberStatus === 'active'
  return {
    memberId: member ? (row.memberId as number) : null,
    lineUserId: row.lineUserId && row.friendStatus !== 'blocked' ? (row.lineUserId as string) : null,
    name: member ? (row.name as string) : customerFallbackName[locale],
    locale,
  }
}

/** SHA-256 of a request's validated body: a replay under the same key must carry the same one. */
export async function bodyHash(body: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body)))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export const findEvent = (db: Database, key: string) =>
  db.query.commerceEvents.findFirst({ where: eq(commerceEvents.key, key) })

/** Records event `key` for this attempt (`writeId`); a key recorded already stays as it was. */
export function recordEvent(db: Database, key: string, hash: string, writeId: string, now: Date) {
  return db
    .insert(commerceEvents)
    .values({ key, bodyHash: hash, writeId, createdAt: now })
    .onConflictDoNothing({ target: commerceEvents.key })
}

/** True inside the batch only if this attempt recorded event `key`: its other statements apply only then. */
export const eventWritten = (key: string, writeId: string): SQL =>
  sql`EXISTS (SELECT 1 FROM commerce_events WHERE key = ${key} AND write_id = ${writeId})`

/** Every kind's texts: the admin's where saved, else the defaults. */
export async function loadTriggerTemplates(db: Database): Promise<Record<TriggerKind, Record<MessageLocale, TriggerTexts>>> {
  const saved = await db.select().from(triggerTemplates)
  const all = { ...defaultTriggerTexts }
  for (const row of saved) all[row.kind] = row.texts
  return all
}

export async function triggerTexts(db: Database, kind: TriggerKind, locale: MessageLocale): Promise<TriggerTexts> {
  const row = await db.query.triggerTemplates.findFirst({ where: eq(triggerTemplates.kind, kind) })
  return (row?.texts ?? defaultTriggerTexts[kind])[locale]
}

/** Saves a kind's texts (validated by the caller). */
export function saveTriggerTexts(
  db: Database,
  kind: TriggerKind,
  texts: Record<MessageLocale, TriggerTexts>,
  actor: string,
  now: Date,
) {
  return db
    .insert(triggerTemplates)
    .values({ kind, texts, updatedBy: actor, updatedAt: now })
    .onConflictDoUpdate({ target: triggerTemplates.kind, set: { texts, updatedBy: actor, updatedAt: now } })
}

/**
 * Skips cart reminders still waiting in the outbox: of cart `externalId` (it changed or was emptied), or all of a
 * customer's (an order came first).
 */
export function skipPendingCartReminders(
  db: Database,
  of: { externalId: string } | { lineUserId: string },
  reason: string,
  condition: SQL,
) {
  const prefix = 'externalId' in of ? `cart-reminder:${of.externalId}:` : null
  const which = prefix
    ? sql`substr(dedupe_key, 1, ${prefix.length}) = ${prefix}`
    : sql`line_user_id = ${(of as { lineUserId: string }).lineUserId}`
  return db.run(sql`UPDATE deliveries SET status = 'skipped', last_error = ${reason}
    WHERE kind = 'cart_reminder' AND status = 'pending' AND ${which} AND ${condition}`)
}
