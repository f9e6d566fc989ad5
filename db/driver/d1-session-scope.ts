// Adapter over the D1 Sessions API (read replication): one request's queries as a D1 session, opened from a bookmark
// or a constraint, behind the shared `Database`. drizzle-orm types its D1 driver for a `D1Database` only; it calls
// `prepare` and `batch` on it, which a `D1DatabaseSession` has (test/workers/d1-session-scope.test.ts checks that
// contract with the pinned drizzle-orm and workerd).
import type { D1Database, D1DatabaseSession } from '@cloudflare/workers-types/index'
import type { Database } from '../client'
import { openD1 } from '../d1'

/** Where a session starts: at least as fresh as a bookmark, or at the primary ('first-primary'). */
export type SessionStart = { bookmark: string } | 'first-primary' | 'first-unconstrained'

/** A database whose queries are sequentially consistent, and the bookmark of the newest state they saw. */
export interface SessionScope {
  db: Database
  /** The newest bookmark of the session's queries (null before the first one). */
  bookmark: () => string | null
}

/** D1 bookmarks as D1 writes them: `<8 hex>-<8 hex>-<8 hex>-<32 hex>` (they sort oldest to newest as text). */
export const bookmarkPattern = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/

/** Opens a session of `d1`: its queries go to a replica as fresh as `start` asks, writes to the primary. */
export function openD1Session(d1: D1Database, start: SessionStart): SessionScope {
  const session: D1DatabaseSession = d1.withSession(typeof start === 'string' ? start : start.bookmark)
  return { db: openD1(session as unknown as D1Database), bookmark: () => session.getBookmark() }
}
