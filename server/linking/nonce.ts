// Account-link nonces: 256 random bits sent to LINE, only their SHA-256 stored; single use, valid 10 minutes.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { accountLinkNonces } from '../../db/schema'
import type { LinkGuard } from '../data/linking'

export const nonceTtlMs = 10 * 60_000

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export async function hashNonce(nonce: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(nonce))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Stores a fresh nonce for (LINE user, member) and returns it; the caller sends it to LINE's dialog. */
export async function issueNonce(db: Database, lineUserId: string, memberId: number, now: Date): Promise<string> {
  const nonce = newNonce()
  await db.insert(accountLinkNonces).values({
    nonceHash: await hashNonce(nonce),
    lineUserId,
    memberId,
    expiresAt: new Date(now.getTime() + nonceTtlMs),
  })
  return nonce
}

export interface NonceUse {
  nonceHash: string
  lineUserId: string
  /** The accountLink event that brings the nonce back. */
  webhookEventId: string
  /** When that event was received: the nonce's expiry is judged then, not at a later retry. */
  receivedAt: Date
}

export type NonceCheck =
  | { ok: true; memberId: number }
  | { ok: false; reason: 'unknown' | 'replayed' | 'expired' | 'other_user' }

/**
 * Whether the nonce may link: unused and unexpired when the event came, sent for this LINE user, or already used
 * by this same event (a retry after the link was made). Reads only; the link's own batch uses it up (`nonceGuard`).
 */
export async function checkNonce(db: Database, use: NonceUse): Promise<NonceCheck> {
  const row = await db.query.accountLinkNonces.findFirst({ where: (t, { eq }) => eq(t.nonceHash, use.nonceHash) })
  if (!row) return { ok: false, reason: 'unknown' }
  if (row.lineUserId !== use.lineUserId) return { ok: false, reason: 'other_user' }
  if (row.usedAt) {
    const mine = row.webhookEventId === use.webhookEventId && row.result === 'ok'
    return mine ? { ok: true, memberId: row.memberId } : { ok: false, reason: 'replayed' }
  }
  if (row.expiresAt.getTime() <= use.receivedAt.getTime()) return { ok: false, reason: 'expired' }
  return { ok: true, memberId: row.memberId }
}

/** The nonce as a condition of the link and the statement that uses it up, both inside the link's batch. */
export function nonceGuard(db: Database, use: NonceUse, now: Date): LinkGuard {
  return {
    allows: sql`EXISTS (SELECT 1 FROM account_link_nonces WHERE nonce_hash = ${use.nonceHash}
      AND line_user_id = ${use.lineUserId} AND used_at IS NULL AND expires_at > ${use.receivedAt.getTime()})`,
    useUp: (linked) =>
      db.run(sql`UPDATE account_link_nonces SET used_at = ${now.getTime()}, result = 'ok',
          webhook_event_id = ${use.webhookEventId}
        WHERE nonce_hash = ${use.nonceHash} AND line_user_id = ${use.lineUserId} AND used_at IS NULL AND ${linked}`),
  }
}

/** Uses the nonce up without a link (LINE's result was `failed`, or the link was refused); batchable. */
export function spendNonce(db: Database, use: NonceUse, result: 'ok' | 'failed', now: Date) {
  return db.run(sql`UPDATE account_link_nonces SET used_at = ${now.getTime()}, result = ${result},
      webhook_event_id = ${use.webhookEventId}
    WHERE nonce_hash = ${use.nonceHash} AND line_user_id = ${use.lineUserId} AND used_at IS NULL`)
}
