// The one in-memory cache of the server: entries age by the injected clock and are dropped explicitly on writes.
// Each shop context owns its caches (server/shop.ts), so nothing cached is shared between shops or app instances;
// only a memo of a pure function, the same for every shop and at any time, lives at module level (domain/day-start.ts).
import type { Clock } from './env'

export type CacheOptions = {
  /** Entries kept; past it the least recently used one is dropped. Omitted: no limit. */
  maxEntries?: number
} & (
  | {
      /** Time source: an entry is served while `clock()` is less than `ttlMs` after it was loaded. */
      clock: Clock
      /** How long an entry is served; omitted: until invalidated or evicted. */
      ttlMs?: number
    }
  /** A memo of a pure function: its entries do not age, so it needs no clock; kept until invalidated or evicted. */
  | { clock?: undefined; ttlMs?: undefined }
)

export interface Cache<K, V> {
  /**
   * The kept value for `key`, or `load()`'s (then kept). A rejected promise is not kept, so the next call loads
   * again; callers sharing a pending promise share its outcome.
   */
  get(key: K, load: () => V): V
  /** Drops `key`, or every entry when no key is given: call it after a write the kept values depend on. */
  invalidate(key?: K): void
  readonly size: number
}

interface Entry<V> {
  value: V
  at: number
}

export function createCache<K, V>({ clock, ttlMs, maxEntries }: CacheOptions): Cache<K, V> {
  const entries = new Map<K, Entry<V>>()
  const fresh = (entry: Entry<V>, now: number) => ttlMs === undefined || (now >= entry.at && now - entry.at < ttlMs)
  return {
    get(key, load) {
      const now = clock ? clock().getTime() : 0
      const hit = entries.get(key)
      if (hit) {
        entries.delete(key)
        if (fresh(hit, now)) {
          entries.set(key, hit)
          return hit.value
        }
      }
      const entry = { value: load(), at: now }
      if (maxEntries !== undefined && entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(key, entry)
      if (entry.value instanceof Promise)
        entry.value.catch(() => {
          if (entries.get(key) === entry) entries.delete(key)
        })
      return entry.value
    },
    invalidate(key) {
      if (key === undefined) entries.clear()
      else entries.delete(key)
    },
    get size() {
      return entries.size
    },
  }
}
