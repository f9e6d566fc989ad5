// API keys for the shop's own systems: shown once when created, stored only as a SHA-256 hash.
import { and, eq, isNull } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { apiKeys, type ApiKey } from '../../db/schema'

const keyPrefix = 'tsk_'

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Creates a key; the returned `key` is the only time it is visible. */
export async function createApiKey(db: Database, name: string, createdBy: string): Promise<{ key: string; row: ApiKey }> {
  const random = new Uint8Array(24)
  crypto.getRandomValues(random)
  const key = keyPrefix + btoa(String.fromCharCode(...random)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  const [row] = await db.insert(apiKeys).values({ name, keyHash: await sha256Hex(key), prefix: key.slice(0, 10), createdBy }).returning()
  return { key, row: row! }
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
