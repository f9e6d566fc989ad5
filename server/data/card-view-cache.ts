// Card views kept in memory while nothing they were read from can have changed: the card is the most-opened page,
// and an open card asks again on every QR rotation. Not a TTL: an entry serves only under the same data stamp (no
// statement that may write has run on this connection since it was read; another connection's commit is seen within
// 250 ms, see `DataStamp`) and before its `unchangedUntil` (when the clock alone would change it). Any write makes
// every entry stale, so the cache only helps between writes, and never shows points the ledger no longer has.
// Node with an embedded database only: on Workers each isolate would need every other isolate's writes.
import type { DataStamp } from '../../db/driver/libsql-embedded'
import type { CardView } from './card-view'

/**
 * Entries kept (least recently used dropped first). One entry with its served JSON (routes/customer/card.ts keeps it per view)
 * is ~4.3 KB of heap, measured over 5,000 cards of the benchmark database: ~85 MB when full.
 */
export const cardViewCacheSize = 20_000

export interface CardViewCache {
  /** What `load()` would answer now for `lineUserId`: from memory when that cannot differ. Misses are not kept. */
  read(lineUserId: string, now: Date, load: () => Promise<CardView | undefined>): Promise<CardView | undefined>
}

interface Entry {
  stamp: string
  readAt: number
  view: CardView
}

export function createCardViewCache(dataStamp: DataStamp, size = cardViewCacheSize): CardViewCache {
  const entries = new Map<string, Entry>()
  return {
    async read(lineUserId, now, load) {
      // Taken before reading: a write landing while `load` runs leaves the entry under an older stamp (stale).
      const stamp = dataStamp()
      const at = now.getTime()
      const entry = entries.get(lineUserId)
      entries.delete(lineUserId)
      if (entry && entry.stamp === stamp && entry.readAt <= at && at < entry.view.unchangedUntil) {
        entries.set(lineUserId, entry)
        return entry.view
      }
      const view = await load()
      if (!view) return undefined
      if (entries.size >= size) entries.delete(entries.keys().next().value!)
      entries.set(lineUserId, { stamp, readAt: at, view })
      return view
    },
  }
}
