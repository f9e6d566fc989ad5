// The admin's list of webhook forward targets: one row of `settings`, outside the generic settings schema so that
// only the forwarding route, which checks every URL, writes it.
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client'
import { settings } from '../../db/schema'
import { audit } from './audit'

const key = 'webhookForwardTargets'
const stored = z.array(z.string())

/** The configured URLs, in the admin's order (none when never set or unreadable). */
export async function readForwardTargets(db: Database): Promise<string[]> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, key) })
  const parsed = stored.safeParse(row?.value ?? [])
  return parsed.success ? parsed.data : []
}

/** Replaces the list (already checked by `forwardTargetsRefusal`); a statement for the caller's batch. */
export function saveForwardTargets(db: Database, urls: readonly string[], actor: string, now: Date) {
  const value = [...urls]
  return db
    .insert(settings)
    .values({ key, value, updatedBy: actor, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: actor, updatedAt: now } })
}

/** Saves the forward targets with their audit entry, in one batch. */
export async function updateForwardTargets(db: Database, urls: readonly string[], actor: string, now: Date) {
  await db.batch([
    saveForwardTargets(db, urls, actor, now),
    audit(db, { actor, action: 'webhook_forward.targets_updated', target: 'settings', detail: { urls } }, now.getTime()),
  ])
}
