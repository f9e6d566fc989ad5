import { describe, expect, it } from 'vitest'
import { createCache } from '../../server/cache'

function clockAt(iso: string) {
  const clock = { now: new Date(iso), advance: (ms: number) => (clock.now = new Date(clock.now.getTime() + ms)) }
  return clock
}

describe('createCache', () => {
  it('serves a kept value until the injected clock passes its time to live, then loads again', () => {
    const clock = clockAt('2026-12-03T00:00:00Z')
    const cache = createCache<string, number>({ clock: () => clock.now, ttlMs: 10_000 })
    let loads = 0
    const load = () => ++loads
    expect(cache.get('a', load)).toBe(1)
    clock.advance(9_999)
    expect(cache.get('a', load)).toBe(1)
    clock.advance(1)
    expect(cache.get('a', load)).toBe(2)
  })

  it('treats a clock moved back before the load as stale rather than serving a value from the future', () => {
    const clock = clockAt('2026-12-03T00:00:00Z')
    const cache = createCache<string, number>({ clock: () => clock.now, ttlMs: 10_000 })
    let loads = 0
    cache.get('a', () => ++loads)
    clock.advance(-1)
    expect(cache.get('a', () => ++loads)).toBe(2)
  })

  it('keeps a pure memo, which has no clock, until it is invalidated', () => {
    const cache = createCache<string, number>({})
    let loads = 0
    expect(cache.get('a', () => ++loads)).toBe(1)
    expect(cache.get('a', () => ++loads)).toBe(1)
    cache.invalidate('a')
    expect(cache.get('a', () => ++loads)).toBe(2)
    expect(loads).toBe(2)
  })

  it('drops one key or every key when told to', () => {
    const clock = clockAt('2026-12-03T00:00:00Z')
    const cache = createCache<string, string>({ clock: () => clock.now })
    cache.get('a', () => 'a1')
    cache.get('b', () => 'b1')
    cache.invalidate('a')
    expect(cache.get('a', () => 'a2')).toBe('a2')
    expect(cache.get('b', () => 'b2')).toBe('b1')
    cache.invalidate()
    expect(cache.size).toBe(0)
    expect(cache.get('b', () => 'b3')).toBe('b3')
  })

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const clock = clockAt('2026-12-03T00:00:00Z')
    const cache = createCache<string, string>({ clock: () => clock.now, maxEntries: 2 })
    cache.get('a', () => 'a1')
    cache.get('b', () => 'b1')
    cache.get('a', () => 'unused') // a is now the most recent
    cache.get('c', () => 'c1')
    expect(cache.size).toBe(2)
    expect(cache.get('a', () => 'a2')).toBe('a1')
    expect(cache.get('b', () => 'b2')).toBe('b2')
  })

  it('shares one pending load and does not keep a failed one', async () => {
    const clock = clockAt('2026-12-03T00:00:00Z')
    const cache = createCache<string, Promise<number>>({ clock: () => clock.now, ttlMs: 10_000 })
    let loads = 0
    const failing = () => {
      loads++
      return Promise.reject(new Error('database away'))
    }
    const first = cache.get('a', failing)
    const second = cache.get('a', failing)
    expect(second).toBe(first)
    await expect(first).rejects.toThrow('database away')
    expect(loads).toBe(1)
    expect(cache.size).toBe(0)
    await expect(cache.get('a', () => Promise.resolve(7))).resolves.toBe(7)
  })
})
