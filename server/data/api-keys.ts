// API keys for the shop's own systems: shown once when created, stored only as a SHA-256 hash.
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { apiKeys, type ApiKey } from '../../db/schema'
import { legacyApiScopes, type ApiKeyRateTier, type ApiScope } from '../domain/api-scopes'
import { audit, auditWhen } from './audit'

const keyPrefix = 'tsk_'

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** A new random key, the hash that is stored for it and the prefix shown in the console. */
export async function newApiKey(): Promise<{ key: string; keyHash: string; prefix: string }> {
  const random = new Uint8Array(24)
  crypto.getRandomValues(random)
  const key = keyPrefix + btoa(String.fromCharCode(...random)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return { key, keyHash: await sha256Hex(key), prefix: key.slice(0, 10) }
}

/** What an admin chooses for a new key: its scopes and request limit tier. */
export interface ApiKeyGrant {
  scopes: ApiScope[]
  rateTier: ApiKeyRateTier
}

const legacyGrant: ApiKeyGrant = { scopes: legacyApiScopes, rateTier: 'standard' }

/** Creates a key (by default a booking system's: `reservations` only); the returned `key` is the only time it is visible. */
export async function createApiKey(
  db: Database,
  name: string,
  createdBy: string,
  grant: ApiKeyGrant = legacyGrant,
): Promise<{ key: string; row: ApiKey }> {
  const { key, keyHash, prefix } = await newApiKey()
  const [row] = await db.insert(apiKeys).values({ name, keyHash, prefix, createdBy, ...grant }).returning()
  return { key, row: row! }
}

/** Every key, newest first (hashes left out). */
export function listApiKeys(db: Database) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      rateTier: apiKeys.rateTier,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.id))
}

/** The active key matching `key`, noting when it was last used. */
export async function verifyApiKey(db: Database, key: string, now: Date): Promise<ApiKey | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)))
    .returning()
  return row
}

/** Creates a key with its `api_key.created` audit entry, in one batch; the returned `key` is shown once. */
export async function createAuditedApiKey(db: Database, name: string, grant: ApiKeyGrant, actor: string, now: Date) {
  const { key, keyHash, prefix } = await newApiKey()
  await db.batch([
    db.insert(apiKeys).values({ name, keyHash, prefix, createdBy: actor, ...grant }),
    audit(
      db,
      { actor, action: 'api_key.created', target: `api_key:${prefix}`, detail: { name, ...grant } },
      now.getTime(),
    ),
  ])
  return { key, prefix }
}

/** Revokes an active key with its audit entry, in one batch; false when there is no such active key. */
export async function revokeApiKey(db: Database, id: number, actor: string, now: Date): Promise<boolean> {
  const active = and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))
  const entry = { actor, action: 'api_key.revoked', target: `api_key:${id}` }
  // The audit row is written only if the key is still active, then the key is revoked.
  const [, revoked] = await db.batch([
    auditWhen(db, entry, now.getTime(), sql`EXISTS (SELECT 1 FROM api_keys WHERE ${active})`),
    db.update(apiKeys).set({ revokedAt: now }).where(active).returning({ id: apiKeys.id }),
  ])
  return revoked.length > 0
}
