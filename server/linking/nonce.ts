// Account-link nonces: 256 random bits sent to LINE, only their SHA-256 stored; single use, valid 10 minutes.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { wroteRow } from '../../db/affected-rows'
import { accountLinkNonces } from '../../db/schema'

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

export type NonceClaim =
  | { ok: true; memberId: number }
  | { ok: false; reason: 'unknown' | 'replayed' | 'expired' | 'other_user' }

/** Marks the nonce used (once) with LINE's result; says which member it names or why it cannot be used. */
export async function claimNonce(
  db: Database,
  nonce: string,
  lineUserId: string,
  result: 'ok' | 'failed',
  now: Date,
): Promise<NonceClaim> {
  const nonceHash = await hashNonce(nonce)
  const at = now.getTime()
  const updated = await db.run(sql`UPDATE account_link_nonces SET used_at = ${at}, result = ${result}
    WHERE nonce_hash = ${nonceHash} AND used_at IS NULL AND expires_at > ${at} AND line_user_id = ${lineUserId}`)
  const row = await db.query.accountLinkNonces.findFirst({ where: (t, { eq }) => eq(t.nonceHash, nonceHash) })
  if (wroteRow(updated) && row) return { ok: true, memberId: row.memberId }
  if (!row) return { ok: false, reason: 'unknown' }
  if (row.lineUserId !== lineUserId) return { ok: false, reason: 'other_user' }
  if (row.usedAt) return { ok: false, reason: 'replayed' }
  return { ok: false, reason: 'expired' }
}
