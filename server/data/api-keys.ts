// API keys for the shop's own systems: shown once when created, stored only as a SHA-256 hash.
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { apiKeys, type ApiKey } from '../../db/schema'

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

/** Creates a key; the returned `key` is the only time it is visible. */
export async function createApiKey(db: Database, name: string, createdBy: string): Promise<{ key: string; row: ApiKey }> {
  const { key, keyHash, prefix } = await newApiKey()
  const [row] = await db.insert(apiKeys).values({ name, keyHash, prefix, createdBy }).returning()
  return { key, row: row! }
}

/** Every key, newest first (hashes left out). */
export function listApiKeys(db: Database) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
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
