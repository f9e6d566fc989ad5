// The consumer's one timer for all its requests (createTimeoutSweep): each request gives up after its own time limit.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTimeoutSweep, SendTimeoutError } from '../../../server/outbox/policy'

afterEach(() => vi.useRealTimers())

describe('createTimeoutSweep', () => {
  it('rejects work unsettled after its limit, passes on what settles, with one timer for all and none when idle', async () => {
    vi.useFakeTimers()
    const timeout = createTimeoutSweep(15_000, 1000)
    const hung = timeout(new Promise<never>(() => {}))
    const hungLater = timeout(new Promise<never>(() => {}))
    const answered = timeout(Promise.resolve('sent'))
    const refused = timeout(Promise.reject(new Error('429')))
    hung.catch(() => {})
    hungLater.catch(() => {})
    await expect(answered).resolves.toBe('sent')
    await expect(refused).rejects.toThrow('429')
    expect(vi.getTimerCount()).toBe(1)

    await vi.advanceTimersByTimeAsync(7000)
    const late = timeout(new Promise<never>(() => {}))
    late.catch(() => {})
    await vi.advanceTimersByTimeAsync(8000)
    await expect(hung).rejects.toBeInstanceOf(SendTimeoutError)
    await expect(hungLater).rejects.toBeInstanceOf(SendTimeoutError)
    // Begun 7 s later, it still has its 15 s.
    let lateSettled = false
    late.then(
      () => {},
      () => (lateSettled = true),
    )
    await vi.advanceTimersByTimeAsync(6000)
    expect(lateSettled).toBe(false)
    await vi.advanceTimersByTimeAsync(2000)
    await expect(late).rejects.toBeInstanceOf(SendTimeoutError)
    // Nothing pending: the sweep stops.
    await vi.advanceTimersByTimeAsync(1000)
    expect(vi.getTimerCount()).toBe(0)
  })
})
